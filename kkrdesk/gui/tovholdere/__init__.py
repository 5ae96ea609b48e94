"""Dialogs of the Tovholdere tab."""

"""Organer og medlemmer: the import dialog and helpers for the bodies tab (kkrdesk/gui/bodies_tab.py)."""

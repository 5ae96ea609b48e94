"""Subcommands for tovholdere: registered on the shared parser groups (see cli/__init__.py)."""

from __future__ import annotations


def register(groups: dict) -> None:
    """Add this area's subcommands to groups["root"], groups["import"], groups["export"], groups["calc"]."""

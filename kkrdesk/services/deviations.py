"""The kinds of afvigelse a tovholder report can mark (migration 0005), kept apart from the tovholder services so
that `kkrdesk list reports` can name them without importing SQLAlchemy."""

from __future__ import annotations

DEVIATION_KINDS = (("afvigelse_tid", "tid"), ("afvigelse_oekonomi", "økonomi"), ("afvigelse_indhold", "indhold"))


def deviation_kinds(report) -> list[str]:
    """["tid", "økonomi", "indhold"]: the kinds a report marks its afvigelser as, in the form's order."""
    return [word for name, word in DEVIATION_KINDS if report is not None and getattr(report, name)]

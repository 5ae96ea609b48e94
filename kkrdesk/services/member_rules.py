"""The rules of an appointment that need no store: when it runs, which organisations are one, the wordings
shared by the import and the single udpegning. No SQLAlchemy here: `kkrdesk import members` writes with
plain SQL (Store.sql) and must not pay for its import."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


def is_current(m, on: dt.date) -> bool:
    """Whether the membership runs on `on` (open ends count as running)."""
    return runs_on(m.start, m.end, on)


def runs_on(start: dt.date | None, end: dt.date | None, on: dt.date) -> bool:
    """Whether a period from `start` to `end` includes `on`; an open start or end runs for ever that way."""
    return (start is None or start <= on) and (end is None or end >= on)


def blanks_to_fill(known, fields: dict) -> dict:
    """What a list says about a known person (title, party …) that the store does not know yet: only that is
    written. `known(key)` gives the stored value."""
    return {key: value for key, value in fields.items() if value and not known(key)}


def end_before_start(start: dt.date, end: dt.date) -> str:
    return f"Slutdatoen {end:%d.%m.%Y} ligger før startdatoen {start:%d.%m.%Y}."


def formand_taken(body_name: str, person_name: str) -> str:
    """The one wording for a second formand, used by the import and by the single udpegning."""
    return f"{body_name} har allerede en formand ({person_name}); afslut den udpegning først."


@lru_cache(maxsize=4096)  # a list of hundreds names the same few municipalities again and again
def organisation_key(organisation: str | None) -> str:
    """"Ballerup Kommune", "Ballerup" and "ballerup" are the same organisation when persons are matched."""
    from kkrdesk.reference import normalise_text, resolve

    if not organisation or not organisation.strip():
        return ""
    return resolve(normalise_text(organisation)).casefold()

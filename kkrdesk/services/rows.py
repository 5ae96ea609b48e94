"""Finding one row a user action names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from sqlalchemy.orm import Session

from kkrdesk.errors import UserError
from kkrdesk.store.errors import ConflictError

T = TypeVar("T")


def existing(session: Session, model: type[T], row_id: int, message: str) -> T:
    """The row, or `message` (Danish) when it does not exist, e.g. deleted meanwhile in another window."""
    row = session.get(model, row_id)
    if row is None:
        raise UserError(message)
    return row


def _shown(value) -> str:
    if value is None or value == "":
        return "(tom)"
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "…"


def unchanged_since(row, base: Mapping | None, labels: Mapping[str, str], what: str) -> None:
    """Optimistic concurrency for an edit dialog: `base` is the row as the user opened it (with its row_version).
    If someone else has saved the row since, refuse with a Danish message listing what they changed; the
    error's `current` is the row as it is now, so the dialog can keep what was typed and let a second save
    overwrite knowingly."""
    if base is None or base.get("row_version") in (None, row.row_version):
        return
    current = {key: getattr(row, key) for key in base if key != "row_version"}
    changed = [f"{labels.get(key, key)}: »{_shown(base[key])}« → »{_shown(value)}«"
               for key, value in current.items() if value != base[key] and (value or base[key])]
    error = ConflictError(
        f"{what} er ændret af en anden, siden du åbnede det. Intet er gemt, og det du har skrevet står stadig i "
        "vinduet. Gem igen for at overskrive med dine ændringer.",
        details=changed or ["Ingen af felterne her er ændret, men rækken er gemt igen af en anden."],
    )
    error.current = {**current, "row_version": row.row_version}
    raise error

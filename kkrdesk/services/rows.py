"""Finding one row a user action names."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

from kkrdesk.errors import UserError
from kkrdesk.reference import format_number
from kkrdesk.store.errors import ConflictError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

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
    if isinstance(value, Decimal):
        return format_number(value, max(0, -value.normalize().as_tuple().exponent))
    text = str(value).replace("\n", " ")
    return text if len(text) <= 60 else text[:57] + "…"


SAVE_AGAIN = ("Intet er gemt, og det du har skrevet står stadig i vinduet. Gem igen for at overskrive med dine "
              "ændringer.")
DELETE_AGAIN = "Intet er slettet. Se ændringen, og slet igen, hvis det stadig skal slettes."
STEP_AGAIN = "Status er ikke skiftet. Se ændringen, og prøv igen."


def editing_base(detail: Mapping, keys) -> dict:
    """The part of a *_detail dict an edit dialog hands back as `base`: the fields it shows and the row_version."""
    flat = {**detail, **detail.get("sections", {})}
    return {key: (flat[key] or None) if isinstance(flat[key], str) else flat[key]
            for key in (*keys, "row_version") if key in flat}


def unchanged_since(row, base: Mapping | None, labels: Mapping[str, str], what: str, *,
                    then: str = SAVE_AGAIN) -> None:
    """Optimistic concurrency for an edit dialog: `base` is the row as the user opened it (with its row_version).
    If someone else has saved the row since, refuse with a Danish message listing what they changed; the
    error's `current` is the row as it is now, so the dialog can keep what was typed and let a second save
    overwrite knowingly. `then` says what happened and what to do (SAVE_AGAIN, DELETE_AGAIN)."""
    if base is None or base.get("row_version") in (None, row.row_version):
        return
    current = {key: getattr(row, key) for key in base if key != "row_version"}
    changed = [_change(labels.get(key, key), key, base[key], value)
               for key, value in current.items() if value != base[key] and (value or base[key])]
    error = ConflictError(
        f"{what} er ændret af en anden i mellemtiden. {then}",
        details=changed or ["Ingen af felterne her er ændret, men rækken er gemt igen af en anden."],
    )
    error.current = {**current, "row_version": row.row_version}
    raise error


def _change(label: str, key: str, old, new) -> str:
    if key.endswith("_id"):  # a link (seat, agenda item, parent body): its number would tell the user nothing
        return f"{label}: en anden er valgt"
    if key.endswith("_json"):  # a calculation's inputs: too much to show in a line
        return f"{label}: ændret"
    return f"{label}: »{_shown(old)}« → »{_shown(new)}«"

"""Finding one row a user action names."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.orm import Session

from kkrdesk.errors import UserError

T = TypeVar("T")


def existing(session: Session, model: type[T], row_id: int, message: str) -> T:
    """The row, or `message` (Danish) when it does not exist, e.g. deleted meanwhile in another window."""
    row = session.get(model, row_id)
    if row is None:
        raise UserError(message)
    return row

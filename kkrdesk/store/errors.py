"""Database errors a user can meet, in Danish, naming the cause: a busy store, a read-only file or folder, a full
disk, a damaged file, a server that cannot be reached or does not allow writing, and a row someone else changed.

`translate` turns a driver's exception (SQLite or PostgreSQL, raw or wrapped by SQLAlchemy) into a UserError;
anything it does not recognise is left alone, so real bugs still surface as bugs.
"""

from __future__ import annotations

import errno
import sqlite3

from kkrdesk.errors import UserError

NOTHING_CHANGED = "Intet er ændret."


class StoreBusy(UserError):
    """Another writer holds the store longer than the busy timeout."""


class ConflictError(UserError):
    """A row was changed by someone else since it was read (optimistic concurrency); `details` says what."""


def locked(label: str, seconds: float) -> StoreBusy:
    return StoreBusy(
        f"Databasen {label} er optaget: et andet vindue eller program skriver i den og har ikke givet slip i "
        f"{seconds:g} sekunder. Prøv igen om lidt. {NOTHING_CHANGED}"
    )


def read_only(label: str) -> UserError:
    return UserError(
        f"Databasen {label} kan ikke ændres, fordi filen eller mappen den ligger i er skrivebeskyttet. "
        f"Kopiér den til en mappe, du kan skrive i, eller bed om skriveadgang. {NOTHING_CHANGED}"
    )


def disk_full(label: str) -> UserError:
    return UserError(f"Disken er fuld: {label} kunne ikke gemmes. Frigør plads på disken og prøv igen. "
                     f"{NOTHING_CHANGED}")


def os_error(exc: OSError, label: str) -> UserError:
    """A file that could not be written, in Danish: a full disk and a read-only place by name."""
    import errno

    if exc.errno == errno.ENOSPC:
        return disk_full(label)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return read_only(label)
    return UserError(f"{label} kunne ikke skrives: {exc.strerror or exc}.")


def damaged(label: str, detail: str) -> UserError:
    return UserError(f"Filen {label} er ikke en SQLite-database eller er beskadiget ({detail}). "
                     "Åbn sikkerhedskopien, der ligger ved siden af den (navnet indeholder »før-«).")


def _root(exc: BaseException) -> BaseException:
    return getattr(exc, "orig", None) or exc


def translate(exc: BaseException, label: str, busy_seconds: float, *, integrity: bool = True) -> UserError | None:
    """The Danish UserError for `exc`, or None when it is not a condition of the store itself.
    integrity: also explain the schema's own refusals (off while upgrading: there they mean the upgrade failed)."""
    from sqlalchemy.orm.exc import StaleDataError

    if isinstance(exc, UserError):
        return exc
    if isinstance(exc, StaleDataError):
        return ConflictError(
            "En anden har ændret de samme oplysninger, siden du hentede dem. Dine ændringer er ikke gemt; "
            "luk og åbn igen for at se den nyeste udgave."
        )
    root = _root(exc)
    refused = _integrity(root) if integrity else None
    if refused is not None:
        return refused
    if isinstance(root, OSError):
        if root.errno == errno.ENOSPC:
            return disk_full(label)
        if root.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return read_only(label)
        return None
    message = str(root).lower()
    if isinstance(root, sqlite3.Error):
        if "locked" in message or "busy" in message:
            return locked(label, busy_seconds)
        if "readonly" in message or "read-only" in message:
            return read_only(label)
        if "disk is full" in message or "disk i/o error" in message and "full" in message:
            return disk_full(label)
        if "disk i/o error" in message:
            return UserError(f"Disken svarede med en fejl, da {label} skulle gemmes. {NOTHING_CHANGED}")
        if "unable to open database file" in message:
            return UserError(f"Databasen {label} kan ikke åbnes: mappen findes ikke eller kan ikke skrives i.")
        if "not a database" in message or "malformed" in message:
            return damaged(label, str(root))
        return None
    sqlstate = getattr(root, "sqlstate", None) or getattr(getattr(root, "diag", None), "sqlstate", None)
    if sqlstate:
        return _translate_postgres(sqlstate, root, label, busy_seconds)
    return None


# What the schema's own guards mean (migration 0004), for the rare write that gets past a service's check.
_UNIQUE_MEANING = (
    (("uq_report_form_issue", "report.form_issue_id"),
     "Skemaet er allerede indlæst; den samme rapport gemmes ikke to gange."),
    (("uq_membership_appointment",),
     "Udpegningen findes allerede (samme person, organ, rolle og startdato)."),
)


def _integrity(root: BaseException) -> UserError | None:
    text = str(root)
    sqlstate = getattr(root, "sqlstate", None)
    unique = sqlstate == "23505" or "UNIQUE constraint failed" in text
    foreign = sqlstate == "23503" or "FOREIGN KEY constraint failed" in text
    if unique:
        for names, meaning in _UNIQUE_MEANING:
            if any(name in text for name in names):
                return UserError(f"{meaning} {NOTHING_CHANGED}")
        return UserError(f"Oplysningerne findes allerede i databasen. {NOTHING_CHANGED}", details=[text])
    if foreign:
        return UserError("Ændringen peger på noget, der ikke findes (måske slettet i et andet vindue). "
                         f"{NOTHING_CHANGED}", details=[text])
    return None


def _translate_postgres(sqlstate: str, root: BaseException, label: str, busy_seconds: float) -> UserError | None:
    if sqlstate == "42501":  # insufficient_privilege
        return UserError(f"Du har kun læseadgang til den fælles database {label}. {NOTHING_CHANGED}")
    if sqlstate in ("55P03", "57014", "40P01"):  # lock_not_available, query_canceled (lock timeout), deadlock
        return locked(label, busy_seconds)
    if sqlstate == "40001":  # serialization_failure
        return ConflictError(f"En anden ændrede de samme oplysninger samtidig. Prøv igen. {NOTHING_CHANGED}")
    if sqlstate == "53100":  # disk_full
        return disk_full(label)
    if sqlstate.startswith("08"):  # connection exceptions
        return UserError(f"Forbindelsen til databaseserveren ({label}) blev afbrudt. {NOTHING_CHANGED}")
    if sqlstate == "25006":  # read_only_sql_transaction (a standby server)
        return UserError(f"Databaseserveren {label} tager kun imod læsning. {NOTHING_CHANGED}")
    return None

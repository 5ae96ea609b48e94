"""The last resort for a bug: the details go to a log file in the user data folder, the user gets a Danish
sentence naming that file, never a Python traceback."""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path


def log_dir() -> Path:
    from platformdirs import user_log_dir

    return Path(os.environ.get("KKRDESK_LOG_DIR") or user_log_dir("KKR Desk", "KL"))


def record(exc: BaseException) -> Path | None:
    """Append the traceback of `exc` to fejl.log; returns the file, or None if it could not be written."""
    path = log_dir() / "fejl.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
            f.write("".join(traceback.format_exception(exc)))
        return path
    except OSError:
        return None


def message(exc: BaseException) -> str:
    """What the user reads about an unexpected error (after it is recorded)."""
    path = record(exc)
    where = f" Detaljerne er gemt i {path}." if path else ""
    return (f"Der opstod en uventet fejl i KKR Desk ({type(exc).__name__}). Intet halvt er gemt i databasen."
            f"{where} Send gerne filen til den, der hjælper jer med programmet.")

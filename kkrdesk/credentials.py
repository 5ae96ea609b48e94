"""The password of a shared store, kept in the system keyring (Windows Credential Manager, macOS Keychain, the
Secret Service on Linux) — never in the settings file, never in a URL that is shown or remembered."""

from __future__ import annotations

SERVICE = "KKR Desk"


def _keyring():
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None  # no usable keyring here (a headless machine): ask each time instead
    return keyring


def available() -> bool:
    return _keyring() is not None


def account(url: str) -> str:
    """The keyring's name for a store: the address without password (user@host:port/database)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return f"{parsed.username}@{parsed.host}:{parsed.port or 5432}/{parsed.database}"


def remember(url: str, password: str) -> bool:
    """Keep the password; False when there is no keyring to keep it in."""
    ring = _keyring()
    if ring is None:
        return False
    ring.set_password(SERVICE, account(url), password)
    return True


def recall(url: str) -> str | None:
    ring = _keyring()
    if ring is None:
        return None
    try:
        return ring.get_password(SERVICE, account(url))
    except Exception:  # noqa: BLE001 - a locked or broken keyring means: ask the user
        return None


def with_password(url: str, password: str | None) -> str:
    """The URL to connect with (held in memory only)."""
    if not password:
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).set(password=password).render_as_string(hide_password=False)

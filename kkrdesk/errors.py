"""The one error class for things the user can fix: its message is Danish and meant to be shown as is."""


class UserError(Exception):
    """Raised by services for bad input or a state the user can change; GUI shows it, CLI prints it and exits 1."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __str__(self) -> str:
        if not self.details:
            return self.message
        return self.message + "\n" + "\n".join(f"- {d}" for d in self.details)


class Cancelled(UserError):
    """The user pressed Annullér: the work stopped and whatever it was writing has been removed."""

    def __init__(self, message: str = "Annulleret – intet er gemt."):
        super().__init__(message)

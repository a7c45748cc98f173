"""The project's exceptions: one base, split into terminal and transient."""


class NewsetlError(Exception):
    """Base of every newsetl error."""


class TerminalError(NewsetlError):
    """Retrying will not help: bad input, bad settings."""


class TransientError(NewsetlError):
    """May succeed on retry: a busy file, a locked database."""


class InputRejected(TerminalError):
    """An input file cannot become a document; `reason` is a short code, `detail` says why."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class SettingsError(TerminalError):
    """A setting is missing or invalid."""

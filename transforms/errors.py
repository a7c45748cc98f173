"""The project's exceptions: one base, split into terminal and transient."""

from __future__ import annotations


class NewsetlError(Exception):
    """Base of every newsetl error."""


class TerminalError(NewsetlError):
    """Retrying will not help: bad input, bad settings."""


class TransientError(NewsetlError):
    """May succeed on retry: a busy file, a locked database."""


class InputRejected(TerminalError):
    """An input (a file, or one `record` of a multi-record file) cannot become a document; `reason` says why."""

    def __init__(self, reason: str, detail: str, record: int | None = None):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.record = record

    def for_record(self, record: int | None) -> InputRejected:
        """The same rejection, about one record of a multi-record file."""
        return InputRejected(self.reason, self.detail, record)


class SettingsError(TerminalError):
    """A setting is missing or invalid."""

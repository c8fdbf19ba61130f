"""The error every reader raises for input it cannot take."""

from __future__ import annotations


class FormatError(ValueError):
    """A file that cannot be read, with where and why."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None):
        where = source or ""
        if line is not None:
            where = f"{where}:{line}" if where else f"line {line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.source = source
        self.line = line

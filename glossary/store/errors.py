"""Errors the store raises; the web layer turns each into one problem response."""

from __future__ import annotations

from typing import Any


class StoreError(Exception):
    """Base class: a request the store refuses, with a message fit for the user."""


class NotFound(StoreError):
    """The entity does not exist."""


class Invalid(StoreError):
    """The input breaks a rule; ``errors`` lists every broken rule."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


class Conflict(StoreError):
    """The entity changed since the caller read it (a stale version), or a key is taken."""

    def __init__(self, message: str, current: Any = None) -> None:
        super().__init__(message)
        self.current = current


class StaleVersion(Conflict):
    """A write based on a version that is no longer current; nothing was written."""

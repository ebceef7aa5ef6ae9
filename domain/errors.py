"""Typed domain errors. Each names a catalog key; one error handler turns them into chat text."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    key = "error-generic"

    def __init__(self, key: str | None = None, **args: Any) -> None:
        self.key = key or self.key
        self.args_for_text = args
        super().__init__(self.key, args)


class PermissionDenied(DomainError):
    key = "error-not-allowed"


class NotFound(DomainError):
    key = "error-not-found"


class InvalidInput(DomainError):
    key = "error-invalid-input"


class Conflict(DomainError):
    """The thing changed under the user (another person acted first, or it already exists)."""

    key = "error-conflict"

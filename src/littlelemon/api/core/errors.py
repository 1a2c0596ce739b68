"""Domain errors: services raise them, the exception handler turns them into 4xx responses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every business-rule error, carrying its HTTP status and a stable code."""

    status_code = 400
    code = "invalid"
    default_detail = "The request breaks a business rule."

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        self.detail = detail or self.default_detail
        self.extra = extra
        super().__init__(self.detail)


class NotFoundError(DomainError):
    status_code = 404
    code = "not_found"
    default_detail = "Not found."


class ForbiddenError(DomainError):
    status_code = 403
    code = "permission_denied"
    default_detail = "You do not have permission to perform this action."


class ConflictError(DomainError):
    status_code = 409
    code = "conflict"
    default_detail = "The request conflicts with the current state."

"""Domain errors of the bookings service, each carrying its HTTP status and a code (DRF-style)."""

from __future__ import annotations

from typing import Any

INVALID_INPUT = "Invalid input."
NOT_FOUND = "Not found."
NOT_AUTHENTICATED = "Authentication credentials were not provided."
SLOT_FULL = "That slot has only {available} seats left."
MANAGERS_ONLY = "Only managers can mark a booking; cancel your own with DELETE /bookings/{id}."
IDEMPOTENCY_KEY_REUSED = "This Idempotency-Key was already used with a different request."
REQUEST_IN_PROGRESS = "A request with this Idempotency-Key is still being processed."


class BookingsError(Exception):
    """Base of every error the bookings functions answer with a 4xx."""

    status = 400
    code = "error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra

    def body(self) -> dict[str, Any]:
        """The JSON error body: `detail`, `code` and any extra fields."""
        return {"detail": self.detail, "code": self.code, **self.extra}


class InvalidInput(BookingsError):
    """The request did not pass validation; carries messages by field name."""

    status = 400
    code = "invalid"

    def __init__(self, field_errors: dict[str, list[str]], detail: str = INVALID_INPUT) -> None:
        super().__init__(detail, **field_errors)
        self.field_errors = field_errors


class NotAuthenticated(BookingsError):
    """No usable identity in the authorizer's claims (the gateway should have refused)."""

    status = 401
    code = "not_authenticated"

    def __init__(self) -> None:
        super().__init__(NOT_AUTHENTICATED)


class BookingNotFound(BookingsError):
    """Unknown booking, or one the caller may not see (both answer the same, on purpose)."""

    status = 404
    code = "not_found"

    def __init__(self) -> None:
        super().__init__(NOT_FOUND)


class ManagersOnly(BookingsError):
    """The caller is signed in but not a manager (the role claim decides)."""

    status = 403
    code = "permission_denied"

    def __init__(self) -> None:
        super().__init__(MANAGERS_ONLY)


class StatusConflict(BookingsError):
    """The booking cannot take that status now; the detail is a `rules` message saying why."""

    status = 409
    code = "status_conflict"

    def __init__(self, detail: str, *, current: str) -> None:
        super().__init__(detail, current_status=current)


class SlotFull(BookingsError):
    """The slot has fewer free seats than the booking asks for."""

    status = 409
    code = "slot_full"

    def __init__(self, available: int) -> None:
        super().__init__(SLOT_FULL.format(available=available), available=available)
        self.available = available


class IdempotencyKeyReused(BookingsError):
    """The same Idempotency-Key came with a different body (IETF draft: 422)."""

    status = 422
    code = "idempotency_key_reused"

    def __init__(self) -> None:
        super().__init__(IDEMPOTENCY_KEY_REUSED)


class RequestInProgress(BookingsError):
    """The first request with this Idempotency-Key has not finished yet (IETF draft: 409)."""

    status = 409
    code = "request_in_progress"

    def __init__(self) -> None:
        super().__init__(REQUEST_IN_PROGRESS)

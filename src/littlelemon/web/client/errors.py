"""Typed errors for API answers: each carries the status, `detail` and field errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

UNREACHABLE_MESSAGE = "The service could not be reached."
TOO_SLOW_MESSAGE = "The service took too long to answer."
UNREADABLE_ANSWER_MESSAGE = "The service sent an answer we could not read."


class ApiError(Exception):
    """The API answered with an error (or did not answer: see `ApiUnavailableError`)."""

    def __init__(
        self,
        status: int,
        detail: str,
        field_errors: Mapping[str, list[str]] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.field_errors: dict[str, list[str]] = dict(field_errors or {})
        self.body: dict[str, Any] = dict(body or {})

    @property
    def code(self) -> str:
        """The API's stable error code (`cart_empty`, `menu_item_unavailable`...), if any."""
        return str(self.body.get("code") or "")


class ApiUnavailableError(ApiError):
    """No usable answer: connection refused, timeout, or a 5xx from the API or its gateway."""


class AuthenticationRequiredError(ApiError):
    """The user's tokens are missing, expired beyond refresh or revoked."""


class ApiPermissionError(ApiError):
    """403: the signed-in user may not do this."""


class ApiNotFoundError(ApiError):
    """404: no such object (or not the caller's)."""


class ApiValidationError(ApiError):
    """400: the API rejected the input; `field_errors` says why, by field name."""


class ApiConflictError(ApiError):
    """409: the request conflicts with the current state (a full slot, a duplicate)."""


class ApiThrottledError(ApiError):
    """429: too many requests; `retry_after` says how many seconds to wait (when known)."""

    @property
    def retry_after(self) -> int:
        wait = self.body.get("retry_after")
        return int(wait) if isinstance(wait, int | float) else 30


_ERRORS_BY_STATUS: dict[int, type[ApiError]] = {
    400: ApiValidationError,
    401: AuthenticationRequiredError,
    403: ApiPermissionError,
    404: ApiNotFoundError,
    409: ApiConflictError,
    429: ApiThrottledError,
}


def error_from_response(response: httpx.Response) -> ApiError:
    """The typed error for an error answer of the API, the bookings service or the gateway."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        # DRF answers a validation error on a list serializer with a bare list of messages.
        body = {"detail": " ".join(str(item) for item in body) if isinstance(body, list) else ""}
    # API Gateway's own errors say {"message": ...}; the API and bookings say {"detail": ...}.
    detail = str(body.get("detail") or body.get("message") or response.reason_phrase)
    field_errors = {
        name: [str(message) for message in (value if isinstance(value, list) else [value])]
        for name, value in body.items()
        if name not in {"detail", "message", "code"} and isinstance(value, list | str)
    }
    if response.status_code >= 500:
        return ApiUnavailableError(response.status_code, detail, body=body)
    if response.status_code == 404 and "message" in body and "detail" not in body:
        # The gateway itself knows no such route: the service behind it is not deployed.
        return ApiUnavailableError(response.status_code, detail, body=body)
    error_class = _ERRORS_BY_STATUS.get(response.status_code, ApiError)
    if error_class is ApiThrottledError and "retry_after" not in body:
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.isdigit():
            body["retry_after"] = int(retry_after)
    return error_class(response.status_code, detail, field_errors, body)

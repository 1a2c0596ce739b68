"""The one exception handler of the API: every error becomes JSON with a `detail`.

Validation errors keep DRF's field errors by field name at the top level, next to `detail`,
which clients of the original API rely on. Anything not mapped here is a bug: DRF lets it
through, Django logs it with its traceback and answers with `server_error` below.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from littlelemon.api.core.errors import DomainError

logger = logging.getLogger(__name__)

INVALID_INPUT = "Invalid input."
CONFLICT = "The request conflicts with existing data."
IN_USE = "It is still in use and cannot be deleted."
SERVER_ERROR = "Server error."
NOT_FOUND = "Not found."
BAD_REQUEST = "Bad request."
FORBIDDEN = "Forbidden."


def _first_message(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        for item in value:
            if (found := _first_message(item)) is not None:
                return found
        return None
    if isinstance(value, dict):
        for item in value.values():
            if (found := _first_message(item)) is not None:
                return found
        return None
    return str(value)


def _validation_body(data: Any) -> dict[str, Any]:
    """`{"detail": ..., <field>: [...]}` from DRF's validation error data."""
    if isinstance(data, dict):
        non_field = data.get("non_field_errors")
        detail = _first_message(non_field) if non_field else INVALID_INPUT
        return {"detail": detail or INVALID_INPUT, **data}
    return {"detail": _first_message(data) or INVALID_INPUT}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's EXCEPTION_HANDLER: domain and Django errors to 4xx, DRF's own shapes normalised."""
    if isinstance(exc, DomainError):
        body = {"detail": exc.detail, "code": exc.code, **exc.extra}
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": IN_USE, "code": "in_use"}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, IntegrityError):
        # A unique constraint lost a race that validation could not see coming.
        logger.warning("integrity error answered with 409: %s", exc)
        return Response({"detail": CONFLICT, "code": "conflict"}, status=status.HTTP_409_CONFLICT)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(response.data)
    elif not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {"detail": _first_message(response.data) or INVALID_INPUT}
    return response


def _json_error(detail: str, status_code: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status_code)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """handler400: Django-level errors (e.g. a disallowed host, an oversize body)."""
    return _json_error(BAD_REQUEST, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """handler403 (e.g. a CSRF failure in the admin)."""
    return _json_error(FORBIDDEN, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    """handler404: an unknown path is a JSON 404, like every other error of the API."""
    return _json_error(NOT_FOUND, 404)


def server_error(request: HttpRequest) -> JsonResponse:
    """handler500: the bug itself is logged by Django with its traceback."""
    return _json_error(SERVER_ERROR, 500)

"""The OpenAPI description of the bookings routes, built from their pydantic models.

The API's /api/schema/ and /api/docs/ include it, but the API must not import the bookings
service, so the fragment is written to a JSON file of `littlelemon.contract` (shared data)
and a test checks that the committed file is what this module builds:
`python -m littlelemon.bookings.openapi` rewrites it.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel

from littlelemon.bookings.models import (
    Availability,
    Booking,
    BookingCreate,
    BookingList,
    BookingStatusChange,
)

FRAGMENT_FILE: Final = "bookings_openapi.json"
SECURITY: Final[list[dict[str, list[str]]]] = [{"jwtAuth": []}]
_REF = "#/components/schemas/{model}"


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR: Final = {
    "type": "object",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
    "additionalProperties": True,
}
_ERRORS: Final = {
    "400": _json(_ERROR, "Invalid input: `detail`, `code` and messages by field name."),
    "401": _json(_ERROR, "No valid access token (the HTTP API's JWT authorizer)."),
}
_DATE: Final = {"type": "string", "format": "date"}
_ID: Final = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}

OPERATIONS: Final[dict[tuple[str, str], dict[str, Any]]] = {
    ("GET", "/bookings/availability"): {
        "operationId": "bookings_availability",
        "summary": "Free seats per slot of a date",
        "parameters": [{"name": "date", "in": "query", "required": True, "schema": _DATE}],
        "responses": {"200": _json(_ref(Availability), "The bookable slots."), **_ERRORS},
    },
    ("POST", "/bookings"): {
        "operationId": "bookings_create",
        "summary": "Book a table (transactional; idempotent with an Idempotency-Key)",
        "parameters": [
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string"},
            }
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref(BookingCreate)}},
        },
        "responses": {
            "201": _json(_ref(Booking), "The booking."),
            **_ERRORS,
            "409": _json(_ERROR, "The slot is full, or the Idempotency-Key was reused."),
        },
    },
    ("GET", "/bookings"): {
        "operationId": "bookings_list",
        "summary": "The caller's bookings; managers: every booking of `date`",
        "parameters": [{"name": "date", "in": "query", "required": False, "schema": _DATE}],
        "responses": {"200": _json(_ref(BookingList), "Bookings."), **_ERRORS},
    },
    ("GET", "/bookings/{id}"): {
        "operationId": "bookings_get",
        "summary": "One booking (404 when unknown or someone else's)",
        "parameters": [_ID],
        "responses": {
            "200": _json(_ref(Booking), "The booking."),
            **_ERRORS,
            "404": _json(_ERROR, "Not found."),
        },
    },
    ("PATCH", "/bookings/{id}"): {
        "operationId": "bookings_status",
        "summary": "A manager marks a booking seated, no-show or cancelled",
        "parameters": [_ID],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _ref(BookingStatusChange)}},
        },
        "responses": {
            "200": _json(_ref(Booking), "The booking with its new status."),
            **_ERRORS,
            "403": _json(_ERROR, "Only managers change a booking's status."),
            "404": _json(_ERROR, "Not found."),
            "409": _json(_ERROR, "The booking cannot move to that status."),
        },
    },
    ("DELETE", "/bookings/{id}"): {
        "operationId": "bookings_cancel",
        "summary": "Cancel a booking and free its seats",
        "parameters": [_ID],
        "responses": {
            "200": _json(_ref(Booking), "The booking, now cancelled."),
            **_ERRORS,
            "404": _json(_ERROR, "Not found."),
        },
    },
}


def bookings_fragment() -> dict[str, Any]:
    """`{"paths": ..., "components": {"schemas": ...}}` for the routes of gateway.routes."""
    # A build-time tool: the bookings zip ships no gateway, so the route table loads here.
    from littlelemon.gateway.routes import ROUTES

    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        if not route.path.startswith("/bookings"):
            continue
        operation = dict(OPERATIONS[(route.method, route.path)])
        operation["tags"] = ["bookings"]
        if route.authorizer == "jwt":
            operation["security"] = SECURITY
        paths.setdefault(route.path, {})[route.method.lower()] = operation
    schemas: dict[str, Any] = {}
    for model in (Availability, Booking, BookingCreate, BookingList, BookingStatusChange):
        schema = model.model_json_schema(ref_template=_REF, mode="serialization")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return {"paths": paths, "components": {"schemas": schemas}}


def fragment_text() -> str:
    """The fragment as the committed file holds it."""
    return json.dumps(bookings_fragment(), indent=1, sort_keys=True) + "\n"


def main() -> None:
    """Rewrite the committed fragment (run after changing the bookings models or routes)."""
    path = Path(str(resources.files("littlelemon.contract") / FRAGMENT_FILE))
    path.write_text(fragment_text())
    sys.stdout.write(f"wrote {path}\n")


if __name__ == "__main__":
    main()

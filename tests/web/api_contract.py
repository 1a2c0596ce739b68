"""The API's published contract, for checking the web tests' fakes against it.

The OpenAPI document is generated from the API's own code with drf-spectacular (in a
subprocess with the api settings: Django settings are process-global and these tests run
with the web settings). Bookings answers are checked against the bookings service's own
pydantic models until its routes are in the document too.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
from pydantic import BaseModel, ValidationError

from littlelemon.bookings import models as bookings

# Answers of API Gateway itself, not of the API: the web reads their `message`.
GATEWAY_STATUSES = frozenset({500, 502, 503, 504})
# Operations the contract of issue 11 adds (docs/api.md, "Contract additions"), allowed
# while the API this branch is built with does not have them yet. As soon as the generated
# document has an operation, its answers are checked against it like every other.
PENDING_OPERATIONS = frozenset(
    {
        ("GET", "/api/users"),
        ("PATCH", "/auth/users/me/"),
        ("POST", "/auth/users/reset_password/"),
        ("POST", "/auth/users/reset_password_confirm/"),
        ("POST", "/auth/users/set_password/"),
        ("PUT", "/api/menu-items/{id}/image"),
        ("DELETE", "/api/menu-items/{id}/image"),
    }
)
BOOKING_SHAPES: dict[tuple[str, str], type[BaseModel]] = {
    ("GET", "/bookings/availability"): bookings.Availability,
    ("GET", "/bookings"): bookings.BookingList,
    ("POST", "/bookings"): bookings.Booking,
    ("GET", "/bookings/{id}"): bookings.Booking,
    ("DELETE", "/bookings/{id}"): bookings.Booking,
    ("PATCH", "/bookings/{id}"): bookings.Booking,
}


def generate_openapi(data_dir: Path) -> dict[str, Any]:
    """The API's OpenAPI 3 document, as `manage.py spectacular` writes it."""
    out = data_dir / "openapi.json"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "littlelemon.api.settings",
        "LITTLELEMON_DATA_DIR": str(data_dir),
    }
    command = [sys.executable, "-m", "django", "spectacular", "--format", "openapi-json"]
    subprocess.run([*command, "--file", str(out)], env=env, check=True, capture_output=True)
    document: dict[str, Any] = json.loads(out.read_text())
    return document


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0's `nullable` in JSON Schema terms (the rest is JSON Schema draft 4)."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _json_schema(value) for key, value in node.items() if key != "nullable"}
    if not node.get("nullable"):
        return converted
    if isinstance(converted.get("type"), str):
        return {**converted, "type": [converted["type"], "null"]}
    return {"anyOf": [converted, {"type": "null"}]}


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{regex}$")


@dataclass(frozen=True)
class Answer:
    """One answer a fake gave: what the web asked, and what it got back."""

    method: str
    path: str
    status: int
    body: bytes


class ApiContract:
    """Tells whether an answer is one the API (or the bookings service) can give."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.components = _json_schema(document.get("components", {}))
        self.paths = [
            (_template_pattern(template), template, operations)
            for template, operations in document["paths"].items()
        ]
        self.booking_paths = [
            (_template_pattern(template), method, template, shape)
            for (method, template), shape in BOOKING_SHAPES.items()
        ]

    def problems(self, answer: Answer) -> list[str]:
        """Why `answer` breaks the contract (empty when it keeps it)."""
        where = f"{answer.method} {answer.path} -> {answer.status}"
        if answer.status in GATEWAY_STATUSES:
            return []
        body = json.loads(answer.body) if answer.body else None
        if answer.status == 404 and isinstance(body, dict) and set(body) == {"message"}:
            return []  # API Gateway's own "no such route" (a service not deployed)
        if answer.path.startswith("/bookings"):
            return self._booking_problems(answer, body, where)
        for pattern, _template, operations in self.paths:
            if pattern.match(answer.path) and answer.method.lower() in operations:
                return self._operation_problems(operations, answer, body, where)
        if self._pending(answer):
            return []
        for pattern, _template, operations in self.paths:
            if pattern.match(answer.path):
                return self._operation_problems(operations, answer, body, where)
        return [f"{where}: the API has no such path"]

    def _pending(self, answer: Answer) -> bool:
        return any(
            method == answer.method and _template_pattern(template).match(answer.path)
            for method, template in PENDING_OPERATIONS
        )

    def _operation_problems(
        self, operations: dict[str, Any], answer: Answer, body: Any, where: str
    ) -> list[str]:
        operation = operations.get(answer.method.lower())
        if operation is None:
            return [f"{where}: the API has no such operation"]
        response = operation["responses"].get(str(answer.status))
        if response is None:
            return [f"{where}: status not documented ({sorted(operation['responses'])})"]
        content = response.get("content", {}).get("application/json")
        if content is None:
            return [] if body is None else [f"{where}: the API sends no body here"]
        schema = {**_json_schema(content["schema"]), "components": self.components}
        validator = jsonschema.Draft4Validator(schema)
        return [
            f"{where}: {error.json_path}: {error.message}" for error in validator.iter_errors(body)
        ]

    def _booking_problems(self, answer: Answer, body: Any, where: str) -> list[str]:
        if answer.status >= 400:
            has_detail = isinstance(body, dict) and isinstance(body.get("detail"), str)
            return [] if has_detail else [f"{where}: an error without a detail"]
        for pattern, method, _template, shape in self.booking_paths:
            if method == answer.method and pattern.match(answer.path):
                try:
                    shape.model_validate(body)
                except ValidationError as error:
                    return [f"{where}: {error}"]
                return []
        return [f"{where}: the bookings service has no such route"]

"""Adds the bookings routes to the API's OpenAPI document (a drf-spectacular postprocessing hook).

The bookings functions serve them behind the same HTTP API; their description is a JSON
fragment in `littlelemon.contract` (the API may not import the bookings service), built from
the service's own models by `python -m littlelemon.bookings.openapi`.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

FRAGMENT_FILE = "bookings_openapi.json"
TAG = {
    "name": "bookings",
    "description": "Table bookings: served by the bookings functions (DynamoDB), not by Django.",
}


def bookings_fragment() -> dict[str, Any]:
    """The committed fragment: `paths` and `components.schemas`."""
    text = (resources.files("littlelemon.contract") / FRAGMENT_FILE).read_text()
    fragment: dict[str, Any] = json.loads(text)
    return fragment


def add_bookings_routes(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular hook: merge the bookings paths and schemas into the document."""
    fragment = bookings_fragment()
    result.setdefault("paths", {}).update(fragment["paths"])
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in fragment["components"]["schemas"].items():
        schemas.setdefault(name, schema)
    tags = result.setdefault("tags", [])
    if all(tag.get("name") != TAG["name"] for tag in tags):
        tags.append(TAG)
    return result

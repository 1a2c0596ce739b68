"""The gunicorn floor: a WSGI app that answers 200 to everything, to time gunicorn's own start."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def application(
    environ: dict[str, Any], start_response: Callable[[str, list[tuple[str, str]]], Any]
) -> Iterable[bytes]:
    start_response("200 OK", [("content-type", "text/plain")])
    return [b"ok"]

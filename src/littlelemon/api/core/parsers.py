"""The API's JSON parser: strict UTF-8 and bounded nesting, checked before `json.loads`.

Python's json module recurses once per nesting level: a 100,000-deep `[[[...]]]` body ends
in RecursionError, which is not a ValueError, so DRF's parser let it through as a 500. The
depth is checked first by a scanner (one C-speed regular expression, and only when the body
has more brackets than the limit at all), so an ordinary body costs two `str.count` calls.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import IO, Any, Final

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DRFJSONParser

MAX_JSON_DEPTH: Final = 32  # the deepest body of the API is 2 levels; 32 leaves room
BODY_NOT_UTF8: Final = "The request body is not valid UTF-8."
BODY_TOO_DEEP: Final = f"JSON nested deeper than {MAX_JSON_DEPTH} levels is not accepted."
BODY_NOT_JSON: Final = "JSON parse error: {error}"

# A JSON string (skipped whole, so brackets inside strings do not count) or one bracket.
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


def json_depth_exceeds(text: str, limit: int) -> bool:
    """True when `text` opens more than `limit` arrays/objects inside each other."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return True
        elif token in "]}":
            depth -= 1
    return False


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not valid JSON")


class JSONParser(DRFJSONParser):
    """DRF's JSON parser with a clear 400 for invalid UTF-8 and for too-deep nesting."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        raw = stream.read() if stream is not None else b""
        try:
            # JSON is UTF-8 (RFC 8259 section 8.1); a charset parameter does not change that.
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ParseError(BODY_NOT_UTF8) from error
        if json_depth_exceeds(text, MAX_JSON_DEPTH):
            raise ParseError(BODY_TOO_DEEP)
        try:
            return json.loads(text, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as error:
            raise ParseError(BODY_NOT_JSON.format(error=error)) from error

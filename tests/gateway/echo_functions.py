"""Tiny Lambda functions for the gateway tests: they echo the event or misbehave on purpose."""

from __future__ import annotations

import base64
import json
import time
from typing import Any


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Returns the event it received as JSON, with two cookies and a binary body on request."""
    if event.get("rawPath", "").endswith("/binary"):
        return {
            "statusCode": 200,
            "headers": {"content-type": "image/png"},
            "body": base64.b64encode(bytes(range(256))).decode(),
            "isBase64Encoded": True,
        }
    return {
        "statusCode": 200,
        "headers": {"content-type": "application/json", "x-function": context.function_name},
        "cookies": ["a=1; Path=/", "b=2; Path=/; HttpOnly"],
        "body": json.dumps(event),
    }


def inferred(event: dict[str, Any], context: Any) -> object:
    """Returns a plain object without statusCode (API Gateway infers a 200 JSON response)."""
    return {"hello": "world"}


def malformed(event: dict[str, Any], context: Any) -> object:
    """Returns a statusCode that is not an HTTP status."""
    return {"statusCode": "two hundred"}


def crash(event: dict[str, Any], context: Any) -> object:
    """Raises, as a buggy handler would."""
    raise RuntimeError("boom")


def slow(event: dict[str, Any], context: Any) -> object:
    """Takes longer than the short timeouts the tests configure."""
    time.sleep(1.5)
    return {"statusCode": 200, "body": "late"}


STARTED_AT = time.time()


def instance(event: dict[str, Any], context: Any) -> object:
    """Tells which process answered and when its module was imported (its cold start)."""
    import os

    return {"pid": os.getpid(), "started_at": STARTED_AT}


def pause(event: dict[str, Any], context: Any) -> object:
    """Holds its instance busy for a moment, then tells which process answered."""
    import os

    time.sleep(0.5)
    return {"pid": os.getpid()}


def trace(event: dict[str, Any], context: Any) -> object:
    """The X-Ray trace id the instance's environment holds, beside the one in the event."""
    import os

    return {
        "environment": os.environ.get("_X_AMZN_TRACE_ID"),
        "header": event["headers"].get("x-amzn-trace-id"),
    }

"""Helpers of the bookings tests: real-shaped HTTP API events, identities, a Lambda context."""

from __future__ import annotations

import copy
import datetime as dt
import json
import socket
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from littlelemon.bookings import wiring
from littlelemon.bookings.settings import get_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
EMULATOR = REPO_ROOT / "node_modules" / "amplify-dynamodb-simulator" / "emulator"
EVENT_TEMPLATE = json.loads(
    (Path(__file__).parent / "events" / "apiGatewayProxyV2Event.json").read_text()
)
READY_DEADLINE_S = 60.0

CUSTOMER = {"sub": "3", "username": "customer", "groups": "[]"}
OTHER_CUSTOMER = {"sub": "4", "username": "otto", "groups": "[]"}
MANAGER = {"sub": "1", "username": "manager", "groups": "[manager]"}
CREW = {"sub": "2", "username": "crew", "groups": "[delivery-crew]"}
# an admin (is_staff) in no group: the api's `role` claim makes them a manager
ADMIN = {"sub": "5", "username": "admin", "groups": "[]", "role": "manager"}


def claims_for(identity: dict[str, str]) -> dict[str, str]:
    """Access-token claims as API Gateway hands them to Lambda: every value a string."""
    now = int(time.time())
    return {
        "iss": "http://127.0.0.1:8001",
        "aud": "littlelemon",
        "exp": str(now + 900),
        "iat": str(now),
        "jti": uuid.uuid4().hex,
        "token_type": "access",
        **identity,
    }


def http_event(
    method: str,
    route: str,
    *,
    path: str | None = None,
    identity: dict[str, str] | None = CUSTOMER,
    query: dict[str, str] | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    path_parameters: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An HTTP API (payload 2.0) event for `METHOD route`, built from a real AWS sample."""
    event: dict[str, Any] = copy.deepcopy(EVENT_TEMPLATE)
    raw_path = path or route
    raw_query = "&".join(f"{key}={value}" for key, value in (query or {}).items())
    event.pop("cookies")
    event.pop("stageVariables")
    event["routeKey"] = f"{method} {route}"
    event["rawPath"] = raw_path
    event["rawQueryString"] = raw_query
    # API Gateway lowercases header names in payload 2.0
    event["headers"] = {
        "host": "id.execute-api.us-east-1.amazonaws.com",
        "content-type": "application/json",
        **{name.lower(): value for name, value in (headers or {}).items()},
    }
    if query:
        event["queryStringParameters"] = dict(query)
    else:
        event.pop("queryStringParameters")
    if path_parameters:
        event["pathParameters"] = dict(path_parameters)
    else:
        event.pop("pathParameters")
    if body is None:
        event.pop("body")
    else:
        event["body"] = body if isinstance(body, str) else json.dumps(body)
    context = event["requestContext"]
    context.pop("authentication")
    context["routeKey"] = event["routeKey"]
    context["http"]["method"] = method
    context["http"]["path"] = raw_path
    context["requestId"] = uuid.uuid4().hex
    if identity is None:
        context.pop("authorizer")
    else:
        context["authorizer"] = {"jwt": {"claims": claims_for(identity), "scopes": None}}
    return event


@dataclass
class FakeLambdaContext:
    """The attributes of Lambda's context object that Powertools reads."""

    function_name: str = "bookings-test"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:bookings-test"
    aws_request_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def restaurant_today() -> dt.date:
    """Today on the restaurant's clock (America/Chicago unless RESTAURANT_TIME_ZONE says)."""
    return dt.datetime.now(get_settings().zone).date()


def a_day(days_ahead: int = 7) -> dt.date:
    """A date `days_ahead` days from the restaurant's today (bookable for 0 <= n <= 60)."""
    return restaurant_today() + dt.timedelta(days=days_ahead)


def body_of(response: dict[str, Any]) -> Any:
    return json.loads(response["body"])


@dataclass(frozen=True)
class Table:
    """A fresh bookings table the handlers are wired to."""

    name: str
    backend: str

    @property
    def client(self) -> Any:
        return wiring.dynamodb_client()


@dataclass(frozen=True)
class DynamoDBLocal:
    endpoint_url: str

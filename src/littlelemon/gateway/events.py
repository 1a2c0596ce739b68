"""HTTP request -> API Gateway HTTP API (payload 2.0) event, and Lambda result -> HTTP response.

The event has the shape AWS delivers (see the sample events in the tests): lower-cased
headers with repeated values comma-joined, cookies moved out of the headers into `cookies`,
`queryStringParameters` with repeated keys comma-joined, keys that AWS omits when empty
(`cookies`, `queryStringParameters`, `pathParameters`, `body`) left out as well.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

Event = dict[str, Any]

# Bodies of these content types reach the function as text; anything else is base64-encoded,
# which is how HTTP APIs pass binary payloads to Lambda ("If the content type of the request
# is binary, the body is base64-encoded": https://docs.aws.amazon.com/apigateway/latest/
# developerguide/http-api-develop-integrations-lambda.html). AWS does not list the text
# types; this split (no Content-Type and form-urlencoded are base64 too) is the one observed
# on a real HTTP API in https://github.com/ministackorg/ministack/pull/766.
TEXT_CONTENT_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
)
TEXT_CONTENT_TYPE_SUFFIXES = ("+json", "+xml")


@dataclass(frozen=True, kw_only=True)
class HttpRequest:
    """An HTTP request as the gateway received it (path and query still percent-encoded)."""

    method: str
    raw_path: str
    raw_query: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    source_ip: str = "127.0.0.1"
    protocol: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        """The value of header `name` (case-insensitive), repeated values comma-joined."""
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return ",".join(values) if values else None


@dataclass(frozen=True, kw_only=True)
class HttpResponse:
    """What the gateway sends back to the client."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @classmethod
    def gateway_error(cls, status: int, message: str) -> HttpResponse:
        """An error the gateway itself produces: API Gateway's `{"message": ...}` body."""
        body = json.dumps({"message": message}, separators=(",", ":")).encode()
        return cls(status=status, headers=[("content-type", "application/json")], body=body)


@dataclass(frozen=True, kw_only=True)
class RequestContext:
    """Gateway-side facts about one request that end up in `requestContext`."""

    request_id: str
    route_key: str
    stage: str
    api_id: str
    domain_name: str
    received_at: datetime
    path_parameters: dict[str, str] = field(default_factory=dict)
    authorizer: dict[str, Any] | None = None


def is_text_content_type(content_type: str | None) -> bool:
    """True when API Gateway would hand this body to Lambda as text, not base64."""
    if not content_type:
        return False  # no declared type: AWS passes such bodies base64-encoded
    media_type = content_type.split(";")[0].strip().lower()
    return media_type.startswith(TEXT_CONTENT_TYPES) or media_type.endswith(
        TEXT_CONTENT_TYPE_SUFFIXES
    )


def _as_text(body: bytes) -> str | None:
    """The body as a string, or None when it is not UTF-8.

    A JSON string cannot carry arbitrary bytes, so a "text" body that is not UTF-8 travels
    base64-encoded with the exact bytes the client sent: never replaced by U+FFFD, so the
    function sees (and can refuse) what was sent instead of storing a different string.
    Whether AWS does exactly this for such bodies is for a real account to confirm
    (docs/local.md says how); it is the only choice that changes no byte.
    """
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _event_headers(request: HttpRequest) -> tuple[dict[str, str], list[str]]:
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        key = name.lower()
        if key == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
            continue
        headers[key] = f"{headers[key]},{value}" if key in headers else value
    return headers, cookies


def _query_parameters(raw_query: str) -> dict[str, str]:
    parameters: dict[str, str] = {}
    for key, value in parse_qsl(raw_query, keep_blank_values=True):
        parameters[key] = f"{parameters[key]},{value}" if key in parameters else value
    return parameters


def _clf_time(moment: datetime) -> str:
    # API Gateway's requestContext.time: "12/Mar/2020:19:03:58 +0000", month in English.
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    utc = moment.astimezone(UTC)
    return f"{utc:%d}/{months[utc.month - 1]}/{utc:%Y:%H:%M:%S} +0000"


def build_event(request: HttpRequest, context: RequestContext) -> Event:
    """The payload 2.0 event API Gateway would send to the route's Lambda function."""
    headers, cookies = _event_headers(request)
    request_context: dict[str, Any] = {
        "accountId": "000000000000",
        "apiId": context.api_id,
        "domainName": context.domain_name,
        "domainPrefix": context.domain_name.split(".")[0],
        "http": {
            "method": request.method,
            "path": request.raw_path,
            "protocol": request.protocol,
            "sourceIp": request.source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": context.request_id,
        "routeKey": context.route_key,
        "stage": context.stage,
        "time": _clf_time(context.received_at),
        "timeEpoch": int(context.received_at.timestamp() * 1000),
    }
    if context.authorizer is not None:
        request_context["authorizer"] = context.authorizer
    event: Event = {
        "version": "2.0",
        "routeKey": context.route_key,
        "rawPath": request.raw_path,
        "rawQueryString": request.raw_query,
    }
    if cookies:
        event["cookies"] = cookies
    event["headers"] = headers
    if request.raw_query:
        event["queryStringParameters"] = _query_parameters(request.raw_query)
    event["requestContext"] = request_context
    is_base64 = False
    if request.body:
        text = _as_text(request.body) if is_text_content_type(headers.get("content-type")) else None
        is_base64 = text is None
        event["body"] = base64.b64encode(request.body).decode("ascii") if is_base64 else text
    if context.path_parameters:
        event["pathParameters"] = dict(context.path_parameters)
    event["isBase64Encoded"] = is_base64
    return event


class MalformedResponseError(ValueError):
    """The function returned something API Gateway cannot turn into an HTTP response."""


def _response_body(result: dict[str, Any]) -> bytes:
    body = result.get("body")
    if body is None:
        return b""
    if not isinstance(body, str):
        raise MalformedResponseError("body must be a string")
    if result.get("isBase64Encoded"):
        try:
            return base64.b64decode(body, validate=True)
        except ValueError as error:
            raise MalformedResponseError("body is not valid base64") from error
    return body.encode()


def response_from_result(result: object) -> HttpResponse:
    """Interpret a function's return value the way HTTP APIs do for payload 2.0.

    A dict with `statusCode` is a full response. Anything else JSON-serialisable without a
    `statusCode` is sent as a 200 `application/json` body (AWS's "inferred" format).
    """
    if not isinstance(result, dict) or "statusCode" not in result:
        try:
            body = json.dumps(result).encode()
        except (TypeError, ValueError) as error:
            raise MalformedResponseError("result is not JSON-serialisable") from error
        return HttpResponse(status=200, headers=[("content-type", "application/json")], body=body)
    status = result["statusCode"]
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise MalformedResponseError("statusCode must be an HTTP status integer")
    raw_headers = result.get("headers") or {}
    cookies = result.get("cookies") or []
    if not isinstance(raw_headers, dict) or not isinstance(cookies, list):
        raise MalformedResponseError("headers must be an object and cookies a list")
    headers = [(str(name), str(value)) for name, value in raw_headers.items()]
    headers.extend(("set-cookie", str(cookie)) for cookie in cookies)
    return HttpResponse(status=status, headers=headers, body=_response_body(result))

"""The Lambda adapter serves WSGI apps from the AWS sample events (HTTP API v2, Function URL)."""

from __future__ import annotations

import base64
import copy
import io
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools import Logger

from littlelemon.runtime.adapter import make_http_handler
from littlelemon.runtime.context import LocalLambdaContext

EVENTS = Path(__file__).resolve().parents[1] / "gateway" / "aws-events"
TRACE_ID = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"


def load_event(name: str) -> dict[str, Any]:
    return json.loads((EVENTS / name).read_text())  # type: ignore[no-any-return]


def echo_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Reports what it saw; `/binary` answers bytes, every answer sets two cookies."""
    body = environ["wsgi.input"].read()
    if environ["PATH_INFO"].endswith("/binary"):
        start_response("200 OK", [("Content-Type", "image/png")])
        return [bytes(range(256))]
    seen = {
        "method": environ["REQUEST_METHOD"],
        "script_name": environ["SCRIPT_NAME"],
        "path": environ["PATH_INFO"],
        "query": environ["QUERY_STRING"],
        "cookie": environ.get("HTTP_COOKIE"),
        "header2": environ.get("HTTP_HEADER2"),
        "body": base64.b64encode(body).decode(),
    }
    start_response(
        "201 Created",
        [("Content-Type", "application/json"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")],
    )
    return [json.dumps(seen).encode()]


@pytest.fixture
def log_stream() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def handler(log_stream: io.StringIO) -> Any:
    # A logger name of its own per test: Powertools attaches its handler once per name.
    logger = Logger(service=f"test-api-{uuid.uuid4().hex}", stream=log_stream)
    return make_http_handler(echo_app, logger=logger)


def invoke(handler: Any, event: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = handler(event, LocalLambdaContext(function_name="api"))
    return result


def test_http_api_event_reaches_the_app_with_cookies_query_headers_and_body(handler: Any) -> None:
    response = invoke(handler, load_event("apiGatewayProxyV2Event.json"))
    seen = json.loads(response["body"])
    assert response["statusCode"] == 201
    assert seen["method"] == "POST"
    assert seen["path"] == "/my/path"
    assert seen["query"] == "parameter1=value1&parameter1=value2&parameter2=value"
    assert seen["cookie"] == "cookie1;cookie2"
    assert seen["header2"] == "value1,value2"
    assert base64.b64decode(seen["body"]) == b'{"message": "hello world", "username": "tom"}'


def test_several_set_cookie_headers_come_back_in_the_cookies_array(handler: Any) -> None:
    response = invoke(handler, load_event("apiGatewayProxyV2Event_GET.json"))
    assert response["cookies"] == ["a=1", "b=2"]
    assert "set-cookie" not in response["headers"]


def test_base64_request_body_is_decoded_and_binary_response_encoded(handler: Any) -> None:
    event = load_event("apiGatewayProxyV2Event.json")
    event["body"] = base64.b64encode(b"\x00\xffraw").decode()
    event["isBase64Encoded"] = True
    seen = json.loads(invoke(handler, event)["body"])
    assert base64.b64decode(seen["body"]) == b"\x00\xffraw"
    event = load_event("apiGatewayProxyV2Event_GET.json")
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/files/binary"
    response = invoke(handler, event)
    assert response["isBase64Encoded"] is True
    assert base64.b64decode(response["body"]) == bytes(range(256))


def test_named_stage_prefix_moves_to_script_name(handler: Any) -> None:
    event = load_event("apiGatewayProxyV2Event_GET.json")
    event["requestContext"]["stage"] = "prod"
    event["rawPath"] = "/prod/api/menu-items"
    seen = json.loads(invoke(handler, event)["body"])
    assert (seen["script_name"], seen["path"]) == ("/prod", "/api/menu-items")


def test_default_stage_path_is_left_alone(handler: Any) -> None:
    event = load_event("apiGatewayProxyV2EventPathTrailingSlash.json")
    seen = json.loads(invoke(handler, event)["body"])
    assert (seen["script_name"], seen["path"]) == ("", "/my/path/")


def test_function_url_event_is_served(handler: Any) -> None:
    response = invoke(handler, load_event("lambdaFunctionUrlEvent.json"))
    seen = json.loads(response["body"])
    assert (response["statusCode"], seen["method"], seen["path"]) == (201, "GET", "/")


def test_log_line_has_request_ids_and_trace_id_but_no_cookies_or_token(
    handler: Any, log_stream: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", TRACE_ID)  # what Lambda sets for each invocation
    event = copy.deepcopy(load_event("apiGatewayProxyV2Event.json"))
    event["headers"]["authorization"] = "Bearer secret-token"
    context = LocalLambdaContext(function_name="api", aws_request_id="lambda-request-1")
    handler(event, context)
    line = json.loads(log_stream.getvalue().strip().splitlines()[-1])
    assert line["function_request_id"] == "lambda-request-1"
    assert line["correlation_id"] == "id"  # requestContext.requestId
    assert line["xray_trace_id"] == "1-5759e988-bd862e3fe1be46a994272793"
    assert (line["method"], line["path"], line["status"]) == ("POST", "/my/path", 201)
    assert "secret-token" not in log_stream.getvalue()
    assert "cookie1" not in log_stream.getvalue()


def test_host_comes_from_domain_name_when_the_event_has_no_host_header() -> None:
    from littlelemon.runtime.adapter import with_host_header

    event = load_event("apiGatewayProxyV2Event.json")
    fixed = with_host_header(event)
    assert fixed["headers"]["host"] == event["requestContext"]["domainName"]
    assert "host" not in event["headers"]  # the caller's event is left as it was
    event["headers"]["Host"] = "given.example"
    assert with_host_header(event) is event

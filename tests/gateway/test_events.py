"""The emulator's events have the shape of the AWS sample events, and results map back to HTTP."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from littlelemon.gateway.events import (
    HttpRequest,
    MalformedResponseError,
    RequestContext,
    build_event,
    response_from_result,
)

# Real events from the Powertools for AWS Lambda (Python) test data (MIT No Attribution).
FIXTURES = Path(__file__).resolve().parent / "aws-events"


def load_fixture(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())  # type: ignore[no-any-return]


def make_event(**overrides: Any) -> dict[str, Any]:
    request = HttpRequest(
        method=overrides.pop("method", "POST"),
        raw_path=overrides.pop("raw_path", "/my/path"),
        raw_query=overrides.pop(
            "raw_query", "parameter1=value1&parameter1=value2&parameter2=value"
        ),
        headers=overrides.pop(
            "headers",
            [
                ("Header1", "value1"),
                ("Header2", "value1"),
                ("Header2", "value2"),
                ("Cookie", "cookie1=a; cookie2=b"),
                ("User-Agent", "agent"),
            ],
        ),
        body=overrides.pop("body", b'{"message": "hello world"}'),
        source_ip="192.168.0.1",
    )
    context = RequestContext(
        request_id="id",
        route_key=overrides.pop("route_key", "$default"),
        stage="$default",
        api_id="api-id",
        domain_name="id.execute-api.us-east-1.amazonaws.com",
        received_at=datetime(2020, 3, 12, 19, 3, 58, 390000, tzinfo=UTC),
        path_parameters=overrides.pop("path_parameters", {"parameter1": "value1"}),
        authorizer=overrides.pop("authorizer", {"jwt": {"claims": {"sub": "1"}, "scopes": None}}),
    )
    return build_event(request, context)


def shape(value: Any) -> Any:
    """Keys and value types, recursively: what 'the same shape' means."""
    if isinstance(value, dict):
        if value and all(isinstance(item, str) for item in value.values()):
            return "map of strings"  # headers, query and path parameters, claims
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__


def test_event_has_the_keys_and_types_of_the_aws_sample() -> None:
    sample = load_fixture("apiGatewayProxyV2Event.json")
    event = make_event()
    for key in ("stageVariables",):  # AWS omits it unless stage variables are configured
        sample.pop(key)
    sample["requestContext"].pop("authentication")  # mutual TLS only
    # Scopes are a list only when the token has a `scope` claim.
    sample["requestContext"]["authorizer"]["jwt"]["scopes"] = None
    assert shape(event) == shape(sample)
    assert list(event) == [key for key in sample if key in event]


def test_get_event_without_body_matches_the_aws_get_sample_keys() -> None:
    sample = load_fixture("apiGatewayProxyV2Event_GET.json")
    event = make_event(method="GET", body=b"")
    assert "body" not in event
    assert set(event) == set(sample) - {"stageVariables"}


def test_headers_are_lower_cased_and_repeated_values_comma_joined() -> None:
    event = make_event()
    assert event["headers"]["header1"] == "value1"
    assert event["headers"]["header2"] == "value1,value2"
    assert "cookie" not in event["headers"]


def test_cookies_move_from_the_header_into_the_cookies_array() -> None:
    assert make_event()["cookies"] == ["cookie1=a", "cookie2=b"]
    assert "cookies" not in make_event(headers=[("Accept", "*/*")])


def test_query_string_is_kept_raw_and_repeated_parameters_comma_joined() -> None:
    event = make_event()
    assert event["rawQueryString"] == "parameter1=value1&parameter1=value2&parameter2=value"
    assert event["queryStringParameters"] == {"parameter1": "value1,value2", "parameter2": "value"}
    assert "queryStringParameters" not in make_event(raw_query="")


def test_request_context_carries_method_path_source_ip_time_and_route() -> None:
    context = make_event(route_key="POST /my/path")["requestContext"]
    assert context["http"] == {
        "method": "POST",
        "path": "/my/path",
        "protocol": "HTTP/1.1",
        "sourceIp": "192.168.0.1",
        "userAgent": "agent",
    }
    assert context["routeKey"] == "POST /my/path"
    assert context["time"] == "12/Mar/2020:19:03:58 +0000"
    assert context["timeEpoch"] == 1584039838390


def test_text_bodies_stay_text_and_binary_bodies_are_base64_encoded() -> None:
    text = make_event(headers=[("Content-Type", "application/json; charset=utf-8")], body=b"{}")
    assert (text["body"], text["isBase64Encoded"]) == ("{}", False)
    binary = make_event(headers=[("Content-Type", "image/png")], body=b"\x89PNG\x00\xff")
    assert binary["isBase64Encoded"] is True
    assert base64.b64decode(binary["body"]) == b"\x89PNG\x00\xff"


def test_path_parameters_are_omitted_when_the_route_has_none() -> None:
    assert "pathParameters" not in make_event(path_parameters={})


def test_full_result_becomes_status_headers_cookies_and_body() -> None:
    response = response_from_result(
        {
            "statusCode": 201,
            "headers": {"content-type": "application/json"},
            "cookies": ["a=1; Path=/", "b=2"],
            "body": '{"ok": true}',
        }
    )
    assert response.status == 201
    assert ("set-cookie", "a=1; Path=/") in response.headers
    assert ("set-cookie", "b=2") in response.headers
    assert response.body == b'{"ok": true}'


def test_base64_result_body_is_decoded_to_bytes() -> None:
    payload = bytes(range(256))
    response = response_from_result(
        {"statusCode": 200, "body": base64.b64encode(payload).decode(), "isBase64Encoded": True}
    )
    assert response.body == payload


def test_result_without_status_code_is_an_inferred_200_json_response() -> None:
    response = response_from_result({"hello": "world"})
    assert response.status == 200
    assert json.loads(response.body) == {"hello": "world"}


@pytest.mark.parametrize(
    "result",
    [
        {"statusCode": "200"},
        {"statusCode": 99},
        {"statusCode": 200, "body": 5},
        {"statusCode": 200, "headers": ["x"]},
        {"statusCode": 200, "body": "%%%", "isBase64Encoded": True},
        {"unserialisable": object()},
    ],
)
def test_malformed_results_are_rejected(result: Any) -> None:
    with pytest.raises(MalformedResponseError):
        response_from_result(result)


def test_a_text_body_that_is_not_utf8_reaches_the_function_byte_for_byte() -> None:
    sent = b'{"name": "caf\xe9 \xff"}'  # Latin-1 and a stray byte under a JSON content type
    event = make_event(headers=[("Content-Type", "application/json")], body=sent)

    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == sent
    assert "\ufffd" not in event["body"]


def test_bodies_without_a_text_content_type_are_base64_encoded_as_aws_does() -> None:
    for headers in ([], [("Content-Type", "application/x-www-form-urlencoded")]):
        event = make_event(headers=headers, body=b"a=1&b=%C3%A9")
        assert event["isBase64Encoded"] is True, headers
        assert base64.b64decode(event["body"]) == b"a=1&b=%C3%A9"

"""The emulator acts like an HTTP API in front of Lambda: events, responses, its own errors."""

from __future__ import annotations

import base64
import http.client
import json
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

from conftest import make_gateway

from littlelemon.gateway.events import HttpRequest
from littlelemon.gateway.invokers import WorkerPoolInvoker


def send(
    url: str,
    method: str,
    target: str,
    *,
    headers: list[tuple[str, str]] | None = None,
    body: bytes = b"",
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One raw HTTP request (repeated headers allowed), answered by the gateway under test."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest(method, target)
    for name, value in headers or []:
        connection.putheader(name, value)
    if body:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body or None)
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response.status, response.headers, payload


def test_request_over_http_reaches_the_function_as_a_v2_event(serve: Any) -> None:
    running = serve(make_gateway())
    status, headers, body = send(
        running.url,
        "GET",
        "/items/a%20b?tag=x&tag=y&q=1",
        headers=[("X-Multi", "one"), ("X-Multi", "two"), ("Cookie", "s=1; t=2")],
    )
    event = json.loads(body)
    assert status == 200
    assert event["routeKey"] == "GET /items/{id}"
    assert event["rawPath"] == "/items/a%20b"
    assert event["pathParameters"] == {"id": "a b"}
    assert event["rawQueryString"] == "tag=x&tag=y&q=1"
    assert event["queryStringParameters"] == {"tag": "x,y", "q": "1"}
    assert event["headers"]["x-multi"] == "one,two"
    assert event["cookies"] == ["s=1", "t=2"]
    assert headers["apigw-requestid"] == event["requestContext"]["requestId"]


def test_cookies_from_the_function_become_separate_set_cookie_headers(serve: Any) -> None:
    running = serve(make_gateway())
    _, headers, _ = send(running.url, "GET", "/items/1")
    assert headers.get_all("set-cookie") == ["a=1; Path=/", "b=2; Path=/; HttpOnly"]


def test_binary_request_goes_in_base64_and_binary_response_comes_out_raw(serve: Any) -> None:
    running = serve(make_gateway())
    payload = bytes(range(256))
    _, _, body = send(
        running.url,
        "POST",
        "/echo",
        headers=[("Content-Type", "application/octet-stream")],
        body=payload,
    )
    event = json.loads(body)
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == payload
    status, headers, raw = send(running.url, "GET", "/echo/binary")
    assert (status, headers["content-type"], raw) == (200, "image/png", payload)


def test_no_matching_route_is_a_gateway_404(serve: Any) -> None:
    running = serve(make_gateway())
    status, _, body = send(running.url, "GET", "/nowhere")
    assert (status, json.loads(body)) == (404, {"message": "Not Found"})


def test_payload_over_10_mb_is_refused_with_413() -> None:
    gateway = make_gateway()
    big = HttpRequest(method="POST", raw_path="/echo", body=b"x" * (10 * 1024 * 1024 + 1))
    response = gateway.handle(big)
    assert (response.status, json.loads(response.body)) == (
        413,
        {"message": "Request Entity Too Large"},
    )


def test_declared_length_over_the_limit_is_refused_before_reading(serve: Any) -> None:
    running = serve(make_gateway(max_payload_bytes=1000))
    status, _, body = send(running.url, "POST", "/echo", body=b"y" * 1001)
    assert (status, json.loads(body)) == (413, {"message": "Request Entity Too Large"})


def test_handler_exception_and_malformed_result_are_gateway_500s() -> None:
    gateway = make_gateway()
    for path in ("/crash", "/malformed"):
        response = gateway.handle(HttpRequest(method="GET", raw_path=path))
        assert (response.status, json.loads(response.body)) == (
            500,
            {"message": "Internal Server Error"},
        )


def test_result_without_status_code_is_served_as_json_200() -> None:
    response = make_gateway().handle(HttpRequest(method="GET", raw_path="/inferred"))
    assert (response.status, json.loads(response.body)) == (200, {"hello": "world"})


def test_integration_timeout_is_a_503_and_function_timeout_a_500() -> None:
    gateway = make_gateway(integration_timeout_s=0.5)
    response = gateway.handle(HttpRequest(method="GET", raw_path="/slow"))
    assert (response.status, json.loads(response.body)) == (503, {"message": "Service Unavailable"})
    response = make_gateway().handle(HttpRequest(method="GET", raw_path="/slow"))
    assert response.status == 500  # the function's own 1 s timeout: a Lambda error


def test_named_stage_prefix_is_required_and_kept_in_raw_path() -> None:
    gateway = make_gateway(stage="prod")
    outside = gateway.handle(HttpRequest(method="GET", raw_path="/items/1"))
    assert outside.status == 404
    response = gateway.handle(HttpRequest(method="GET", raw_path="/prod/items/1"))
    event = json.loads(response.body)
    assert event["rawPath"] == "/prod/items/1"
    assert event["routeKey"] == "GET /items/{id}"
    assert event["requestContext"]["stage"] == "prod"


def test_worker_mode_cold_starts_one_instance_per_concurrent_request(serve: Any) -> None:
    invoker = WorkerPoolInvoker(max_instances=2)
    running = serve(make_gateway(invoker))
    first = json.loads(send(running.url, "GET", "/instance")[2])
    again = json.loads(send(running.url, "GET", "/instance")[2])
    assert first == again  # warm: the same instance answers, its module imported once
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(
            pool.map(lambda _: json.loads(send(running.url, "GET", "/pause")[2]), range(2))
        )
    # Each instance serves one request at a time: two at once need two processes.
    assert answers[0]["pid"] != answers[1]["pid"]
    assert invoker.instances("pause") == 2


def test_worker_timeout_kills_the_instance_and_the_next_request_starts_cold() -> None:
    invoker = WorkerPoolInvoker(max_instances=1)
    gateway = make_gateway(invoker, integration_timeout_s=0.5)
    try:
        response = gateway.handle(HttpRequest(method="GET", raw_path="/slow"))
        assert response.status == 503
        assert invoker.instances("slow") == 0
        first = json.loads(gateway.handle(HttpRequest(method="GET", raw_path="/instance")).body)
        assert first["pid"] > 0
    finally:
        invoker.close()


def test_gateway_adds_trace_and_forwarding_headers_like_api_gateway() -> None:
    request = HttpRequest(method="GET", raw_path="/items/1", headers=[("Host", "localhost:8001")])
    headers = json.loads(make_gateway().handle(request).body)["headers"]
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", headers["x-amzn-trace-id"])
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert (headers["x-forwarded-port"], headers["x-forwarded-proto"]) == ("8001", "http")


def test_worker_sets_the_trace_id_in_its_environment_per_invocation() -> None:
    invoker = WorkerPoolInvoker(max_instances=1)
    gateway = make_gateway(invoker)
    try:
        for _ in range(2):
            body = json.loads(gateway.handle(HttpRequest(method="GET", raw_path="/trace")).body)
            assert body["environment"] == body["header"]
            assert body["environment"].startswith("Root=1-")
    finally:
        invoker.close()

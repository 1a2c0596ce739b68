"""The API's Lambda handler serves the real Django API from HTTP API v2 events."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from littlelemon.runtime.context import LocalLambdaContext

EVENTS = Path(__file__).resolve().parents[1] / "gateway" / "aws-events"


def event_for(
    method: str, path: str, query: str = "", *, stage: str = "$default"
) -> dict[str, Any]:
    event: dict[str, Any] = json.loads((EVENTS / "apiGatewayProxyV2Event_GET.json").read_text())
    event["rawPath"] = event["requestContext"]["http"]["path"] = path
    event["rawQueryString"] = query
    event["requestContext"]["http"]["method"] = method
    event["requestContext"]["stage"] = stage
    event["headers"] = {"host": "localhost", "accept": "application/json"}
    event.pop("cookies")
    event.pop("queryStringParameters")
    return event


@pytest.fixture
def invoke(db: None) -> Any:
    """Call the handler inside the test's transaction (as Django's own test client does)."""
    from littlelemon.runtime.api import handler

    def call(event: dict[str, Any]) -> dict[str, Any]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result: dict[str, Any] = handler(event, LocalLambdaContext(function_name="api"))
            return result
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    return call


def test_menu_items_are_served_from_a_v2_event(invoke: Any) -> None:
    call_command("seed_demo", verbosity=0)
    response = invoke(event_for("GET", "/api/menu-items", "page_size=2"))
    body = json.loads(response["body"])
    assert response["statusCode"] == 200
    assert response["isBase64Encoded"] is False
    assert len(body["results"]) == 2
    assert body["count"] > 2


def test_named_stage_is_stripped_for_routing_and_kept_in_links(invoke: Any) -> None:
    call_command("seed_demo", verbosity=0)
    response = invoke(event_for("GET", "/prod/api/menu-items", "page_size=1", stage="prod"))
    body = json.loads(response["body"])
    assert response["statusCode"] == 200
    assert body["next"].startswith("http://localhost/prod/api/menu-items?")


def test_static_file_comes_back_base64_encoded(invoke: Any) -> None:
    response = invoke(event_for("GET", "/static/admin/img/icon-yes.svg"))
    assert response["statusCode"] == 200
    assert response["isBase64Encoded"] is True
    assert base64.b64decode(response["body"]).startswith(b"<svg")


def test_unknown_path_is_djangos_404_not_a_crash(invoke: Any) -> None:
    assert invoke(event_for("GET", "/api/nothing-here"))["statusCode"] == 404


def test_sample_event_without_host_header_is_served_under_its_domain_name(
    invoke: Any, settings: Any
) -> None:
    # AWS's sample event as it is: no Host header, requestContext.domainName only.
    event: dict[str, Any] = json.loads((EVENTS / "apiGatewayProxyV2Event_GET.json").read_text())
    domain = event["requestContext"]["domainName"]
    assert not any(name.lower() == "host" for name in event["headers"])
    settings.ALLOWED_HOSTS = [domain]
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/health"
    event["rawQueryString"] = ""  # /health accepts no query parameters
    event.pop("queryStringParameters", None)
    response = invoke(event)
    assert response["statusCode"] == 200, response["body"]


def test_host_header_wins_over_domain_name_and_is_still_checked(invoke: Any, settings: Any) -> None:
    event = event_for("GET", "/health")
    event["headers"]["host"] = "evil.example"
    settings.ALLOWED_HOSTS = [event["requestContext"]["domainName"]]
    assert invoke(event)["statusCode"] == 400

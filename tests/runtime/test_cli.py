"""`littlelemon invoke`: one function of the route table, one event, its result as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from littlelemon.runtime.cli import invoke

EVENTS = Path(__file__).resolve().parents[1] / "gateway" / "aws-events"


# Django's request_started signal checks any connection an earlier test left open.
@pytest.mark.django_db
def test_invoke_runs_the_api_handler_with_an_aws_sample_event(tmp_path: Path) -> None:
    event = json.loads((EVENTS / "apiGatewayProxyV2Event_GET.json").read_text())
    event["rawPath"] = event["requestContext"]["http"]["path"] = "/health"
    event["headers"] = {"host": "localhost"}
    # /health takes no query parameters (the sample event's are refused with a 400)
    event["rawQueryString"] = ""
    event.pop("queryStringParameters", None)
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event))
    result = CliRunner().invoke(invoke, ["api", "--event", str(path)])
    assert result.exit_code == 0, result.output
    response = json.loads(result.output[result.output.index("{\n") :])
    assert (response["statusCode"], json.loads(response["body"])) == (200, {"status": "ok"})


def test_invoke_reads_the_event_from_stdin_and_reports_a_refusal() -> None:
    result = CliRunner().invoke(invoke, ["manage", "--event", "-"], input='{"command": "flush"}')
    assert result.exit_code == 0, result.output
    response = json.loads(result.output[result.output.index("{\n") :])
    assert response["exit_status"] == 2
    assert "not allowed" in response["error"]


def test_unknown_function_names_the_known_ones() -> None:
    result = CliRunner().invoke(invoke, ["nope", "--event", "-"], input="{}")
    assert result.exit_code == 2
    assert "bookings-create" in result.output


def test_event_that_is_not_json_is_a_usage_error() -> None:
    result = CliRunner().invoke(invoke, ["api", "--event", "-"], input="not json")
    assert result.exit_code == 2
    assert "not JSON" in result.output

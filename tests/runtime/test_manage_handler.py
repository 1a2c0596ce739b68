"""The management function runs allowlisted commands from an event and refuses the rest."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from littlelemon.runtime import manage
from littlelemon.runtime.context import LocalLambdaContext


def run(event: Any) -> dict[str, Any]:
    result: dict[str, Any] = manage.handler(event, LocalLambdaContext(function_name="manage"))
    return result


@pytest.mark.parametrize("command", ["flush", "shell", "dbshell", "loaddata", "sqlflush"])
def test_commands_outside_the_allowlist_are_refused_without_running(command: str) -> None:
    result = run({"command": command, "args": []})
    assert result["exit_status"] == manage.REFUSED_STATUS
    assert result["error"] == manage.NOT_ALLOWED.format(
        command=command, allowed=", ".join(sorted(manage.ALLOWED_COMMANDS))
    )
    assert result["output"] == ""


@pytest.mark.parametrize(
    "event",
    [
        {},
        {"command": 3},
        {"command": "check", "args": "--deploy"},
        {"command": "check", "args": [1]},
    ],
)
def test_malformed_events_are_refused(event: Any) -> None:
    result = run(event)
    assert (result["exit_status"], result["error"]) == (manage.REFUSED_STATUS, manage.BAD_EVENT)


def test_check_runs_and_reports_its_output() -> None:
    result = run({"command": "check"})
    assert result["exit_status"] == 0
    assert "System check identified no issues" in result["output"]


@pytest.mark.django_db
def test_showmigrations_sees_the_database() -> None:
    result = run({"command": "showmigrations", "args": ["menu"]})
    assert result["exit_status"] == 0
    assert "[X] 0001_initial" in result["output"]


@pytest.mark.django_db
def test_command_errors_come_back_as_a_non_zero_status() -> None:
    result = run({"command": "showmigrations", "args": ["no_such_app"]})
    assert result["exit_status"] != 0
    assert "no_such_app" in result["output"]


@pytest.mark.django_db
def test_createsuperuser_runs_without_prompting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-operator-password-1")
    result = run(
        {"command": "createsuperuser", "args": ["--username", "ops", "--email", "ops@example.com"]}
    )
    assert result["exit_status"] == 0, result["output"]
    user = get_user_model().objects.get(username="ops")
    assert user.is_superuser
    assert user.check_password("a-long-operator-password-1")

"""SnapStart hooks: priming serves a request and leaves no connection or credential behind."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from typing import Any

import pytest

from littlelemon.runtime import credentials, snapstart


def test_priming_serves_one_request_then_closes_every_database_connection(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connections

    from littlelemon.runtime.api import handler

    calls: list[str] = []

    def recording_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        response = handler(event, context)
        calls.append(f"request {response['statusCode']}")
        return response

    # SQLite's in-memory test database ignores close(); record the call instead.
    monkeypatch.setattr(connections, "close_all", lambda: calls.append("close_all"))
    snapstart.prime(recording_handler)
    assert calls == ["request 200", "close_all"]


def test_after_restore_forgets_cached_credentials() -> None:
    source = credentials.credential_source(
        "snapshot", lambda: credentials.SecretCredentials(secret_id="x")
    )
    snapstart.after_restore()
    fresh = credentials.credential_source(
        "snapshot", lambda: credentials.SecretCredentials(secret_id="x")
    )
    assert fresh is not source


def test_hooks_register_only_where_the_runtime_offers_them(monkeypatch: pytest.MonkeyPatch) -> None:
    assert snapstart.register(lambda event, context: {}) is False
    registered: dict[str, Callable[[], None]] = {}
    runtime_module = types.ModuleType("snapshot_restore_py")
    runtime_module.register_before_snapshot = lambda hook: registered.update(before=hook)  # type: ignore[attr-defined]
    runtime_module.register_after_restore = lambda hook: registered.update(after=hook)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", runtime_module)
    assert snapstart.register(lambda event, context: {}) is True
    assert set(registered) == {"before", "after"}


def test_priming_request_reaches_the_view_under_production_allowed_hosts(
    db: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connections

    from littlelemon.runtime.api import handler

    # What the Api stack sets: the execute-api name and the custom domain, no localhost.
    settings.ALLOWED_HOSTS = ["abc123.execute-api.us-east-1.amazonaws.com", "api.example.com"]
    statuses: list[int] = []

    def recording_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        response = handler(event, context)
        statuses.append(response["statusCode"])
        return response

    monkeypatch.setattr(connections, "close_all", lambda: None)
    snapstart.prime(recording_handler)
    assert statuses == [200]


@pytest.mark.parametrize(
    ("allowed", "expected"),
    [
        (["*"], "localhost"),
        ([".example.com"], "example.com"),
        (["*.example.com", "api.example.com"], "api.example.com"),
        ([], "localhost"),
    ],
)
def test_priming_host_is_one_that_allowed_hosts_accepts(allowed: list[str], expected: str) -> None:
    assert snapstart.priming_host(allowed) == expected

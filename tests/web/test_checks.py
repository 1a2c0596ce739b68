"""`manage.py check --deploy` refuses settings that would break or weaken production."""

from __future__ import annotations

import subprocess
import sys

from django.core.checks import run_checks
from pytest_django.fixtures import Settings
from web_fakes import production_env

from littlelemon.web.checks import (
    API_URL_NOT_HTTPS,
    SESSION_KEYS_INVALID,
    TRUSTED_PROXIES_NEGATIVE,
    WEB_TIER_KEY_SHORT,
)

CHECK_DEPLOY = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]


def _ids(*, deploy: bool) -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=deploy) if message.id}


def test_an_invalid_session_encryption_key_is_a_check_error(settings: Settings) -> None:
    settings.SESSION_ENCRYPTION_KEYS = ["not-a-fernet-key"]

    assert SESSION_KEYS_INVALID in _ids(deploy=False)


def test_a_plain_http_api_url_fails_the_deploy_check_only(settings: Settings) -> None:
    settings.API_BASE_URL = "http://api.example.com"

    assert API_URL_NOT_HTTPS in _ids(deploy=True)
    assert API_URL_NOT_HTTPS not in _ids(deploy=False)


def test_a_short_web_tier_key_and_a_negative_proxy_count_are_check_errors(
    settings: Settings,
) -> None:
    settings.WEB_TIER_KEY = "short"
    settings.WEB_TRUSTED_PROXIES = -1

    assert {WEB_TIER_KEY_SHORT, TRUSTED_PROXIES_NEGATIVE} <= _ids(deploy=False)


def test_check_deploy_in_production_fails_on_a_bad_session_key_or_a_plain_http_api() -> None:
    bad_key = subprocess.run(
        CHECK_DEPLOY,
        env=production_env(SESSION_ENCRYPTION_KEYS="too-short"),
        capture_output=True,
        text=True,
        check=False,
    )
    plain_http = subprocess.run(
        CHECK_DEPLOY,
        env=production_env(API_BASE_URL="http://api.example.com"),
        capture_output=True,
        text=True,
        check=False,
    )

    assert bad_key.returncode != 0
    assert SESSION_KEYS_INVALID in bad_key.stderr
    assert plain_http.returncode != 0
    assert API_URL_NOT_HTTPS in plain_http.stderr


def test_production_refuses_to_start_without_the_web_tier_key() -> None:
    env = production_env()
    del env["WEB_TIER_KEY"]

    missing = subprocess.run(CHECK_DEPLOY, env=env, capture_output=True, text=True, check=False)

    assert missing.returncode != 0
    assert "WEB_TIER_KEY" in missing.stderr

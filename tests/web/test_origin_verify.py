"""The web origin answers only requests that carry this site's CloudFront header."""

from __future__ import annotations

import os
import subprocess
import sys

from django.test import Client
from pytest_django.fixtures import Settings

from littlelemon.contract.webtier import ORIGIN_VERIFY_HEADER
from littlelemon.web.middleware import ORIGIN_NOT_VERIFIED_MESSAGE

SECRET = "s3cret-from-secrets-manager-0123456789abcdef"


def test_a_request_without_the_origin_header_is_refused_with_403(settings: Settings) -> None:
    settings.WEB_ORIGIN_VERIFY_SECRET = SECRET
    response = Client().get("/no-such-page/")
    assert response.status_code == 403
    assert response.content.decode() == ORIGIN_NOT_VERIFIED_MESSAGE


def test_a_request_with_a_wrong_origin_header_is_refused_with_403(settings: Settings) -> None:
    settings.WEB_ORIGIN_VERIFY_SECRET = SECRET
    response = Client().get("/no-such-page/", headers={ORIGIN_VERIFY_HEADER: SECRET[:-1]})
    assert response.status_code == 403


def test_a_request_with_the_origin_header_reaches_the_site(settings: Settings) -> None:
    settings.WEB_ORIGIN_VERIFY_SECRET = SECRET
    response = Client().get("/no-such-page/", headers={ORIGIN_VERIFY_HEADER: SECRET})
    assert response.status_code == 404  # past the check: Django's own answer for the path


def test_the_load_balancer_health_check_needs_no_origin_header(settings: Settings) -> None:
    settings.WEB_ORIGIN_VERIFY_SECRET = SECRET
    response = Client().get("/health")
    assert response.status_code == 200


def test_without_a_configured_value_the_check_is_off(settings: Settings) -> None:
    settings.WEB_ORIGIN_VERIFY_SECRET = ""
    assert Client().get("/no-such-page/").status_code == 404


def test_production_trusts_the_proxy_header_the_environment_names() -> None:
    """Behind CloudFront the infrastructure names CloudFront-Forwarded-Proto (issue 10.7)."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "littlelemon.web.settings",
        "DJANGO_ENV": "production",
        "DJANGO_SECRET_KEY": "x" * 50,
        "SESSION_ENCRYPTION_KEYS": "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=",
        "API_BASE_URL": "https://api.example.com",
        "DJANGO_ALLOWED_HOSTS": "d111.cloudfront.net",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_CLOUDFRONT_FORWARDED_PROTO",
    }
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout.strip() == "('HTTP_CLOUDFRONT_FORWARDED_PROTO', 'https')"

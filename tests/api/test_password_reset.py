"""Password reset by e-mail and change of password: single-use, expiring, no enumeration."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from email import message_from_bytes
from email.message import Message
from typing import Any

import boto3
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from moto import mock_aws
from rest_framework.test import APIClient

from littlelemon.api.core import mail as api_mail
from littlelemon.mailer import outbox
from tests.api.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-lemon-password"
LINK = re.compile(r"http://web\.example\.test/account/reset/(?P<uid>[^/\s]+)/(?P<token>[^/\s]+)")


@pytest.fixture(autouse=True)
def _web_site(settings: Any) -> None:
    settings.WEB_BASE_URL = "http://web.example.test"


def _reset_link(body: str) -> dict[str, str]:
    match = LINK.search(body)
    assert match is not None, body
    return match.groupdict()


def _login(client: APIClient, username: str, password: str) -> int:
    response = client.post(
        "/auth/jwt/create/", {"username": username, "password": password}, format="json"
    )
    return response.status_code


def test_reset_password_mails_a_link_to_the_web_site_and_the_link_sets_a_new_password(
    api_client: APIClient,
) -> None:
    UserFactory(username="ada", email="ada@example.com")
    response = api_client.post(
        "/auth/users/reset_password/", {"email": "ada@example.com"}, format="json"
    )
    assert response.status_code == 204
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    link = _reset_link(mail.outbox[0].body)

    confirm = api_client.post(
        "/auth/users/reset_password_confirm/", {**link, "new_password": NEW_PASSWORD}, format="json"
    )
    assert confirm.status_code == 204
    assert _login(api_client, "ada", NEW_PASSWORD) == 200
    assert _login(api_client, "ada", PASSWORD) == 401


def test_a_reset_link_works_once(api_client: APIClient) -> None:
    UserFactory(username="ada", email="ada@example.com")
    api_client.post("/auth/users/reset_password/", {"email": "ada@example.com"}, format="json")
    link = _reset_link(mail.outbox[0].body)
    first = api_client.post(
        "/auth/users/reset_password_confirm/", {**link, "new_password": NEW_PASSWORD}, format="json"
    )
    assert first.status_code == 204
    again = api_client.post(
        "/auth/users/reset_password_confirm/",
        {**link, "new_password": "yet-another-password-42"},
        format="json",
    )
    assert again.status_code == 400
    assert "token" in again.json()
    assert _login(api_client, "ada", NEW_PASSWORD) == 200


def test_a_reset_link_expires(
    api_client: APIClient, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    UserFactory(username="ada", email="ada@example.com")
    api_client.post("/auth/users/reset_password/", {"email": "ada@example.com"}, format="json")
    link = _reset_link(mail.outbox[0].body)
    later = default_token_generator._now() + datetime.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = api_client.post(
        "/auth/users/reset_password_confirm/", {**link, "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert _login(api_client, "ada", PASSWORD) == 200


def test_reset_password_answers_204_for_an_unknown_address_and_sends_nothing(
    api_client: APIClient,
) -> None:
    UserFactory(username="ada", email="ada@example.com")
    known = api_client.post(
        "/auth/users/reset_password/", {"email": "ada@example.com"}, format="json"
    )
    unknown = api_client.post(
        "/auth/users/reset_password/", {"email": "nobody@example.com"}, format="json"
    )
    assert (known.status_code, unknown.status_code) == (204, 204)
    assert known.content == unknown.content == b""
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"email": "not an address"},
        {"email": ["a@example.com"]},
    ],
)
def test_reset_password_with_bad_input_is_a_400(api_client: APIClient, body: Any) -> None:
    response = api_client.post("/auth/users/reset_password/", body, format="json")
    assert response.status_code == 400
    assert "email" in response.json()


def test_reset_password_confirm_with_a_forged_token_or_weak_password_is_a_400(
    api_client: APIClient,
) -> None:
    UserFactory(username="ada", email="ada@example.com")
    api_client.post("/auth/users/reset_password/", {"email": "ada@example.com"}, format="json")
    link = _reset_link(mail.outbox[0].body)
    forged = api_client.post(
        "/auth/users/reset_password_confirm/",
        {"uid": link["uid"], "token": "abc-123", "new_password": NEW_PASSWORD},
        format="json",
    )
    assert forged.status_code == 400
    weak = api_client.post(
        "/auth/users/reset_password_confirm/", {**link, "new_password": "123"}, format="json"
    )
    assert weak.status_code == 400
    assert "new_password" in weak.json()
    assert _login(api_client, "ada", PASSWORD) == 200


def test_set_password_needs_the_current_one(
    customer: Any, client_for: Callable[[Any], APIClient], api_client: APIClient
) -> None:
    client = client_for(customer)
    wrong = client.post(
        "/auth/users/set_password/",
        {"current_password": "not-it", "new_password": NEW_PASSWORD},
        format="json",
    )
    assert wrong.status_code == 400
    assert "current_password" in wrong.json()
    right = client.post(
        "/auth/users/set_password/",
        {"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        format="json",
    )
    assert right.status_code == 204
    assert _login(api_client, "customer", NEW_PASSWORD) == 200
    assert client_for(None).post("/auth/users/set_password/", {}, format="json").status_code == 401


@pytest.fixture
def outbox_table(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The outbox backend on a moto DynamoDB table (what the API Lambda writes on AWS)."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        api_mail._dynamodb.cache_clear()
        client = boto3.client("dynamodb", region_name="us-east-1")
        outbox.create_table_if_missing(client, "outbox")
        settings.EMAIL_BACKEND = "littlelemon.api.core.mail.OutboxEmailBackend"
        settings.MAIL_OUTBOX_TABLE = "outbox"
        settings.MAIL_OUTBOX_ENDPOINT_URL = ""
        yield client
        api_mail._dynamodb.cache_clear()


def _outbox_messages(client: Any) -> list[tuple[Message, list[str]]]:
    items = client.scan(TableName="outbox")["Items"]
    return [
        (message_from_bytes(bytes(item["raw"]["B"])), [r["S"] for r in item["recipients"]["L"]])
        for item in items
    ]


def test_reset_flow_end_to_end_through_the_outbox(api_client: APIClient, outbox_table: Any) -> None:
    UserFactory(username="ada", email="ada@example.com")
    assert (
        api_client.post(
            "/auth/users/reset_password/", {"email": "ada@example.com"}, format="json"
        ).status_code
        == 204
    )
    [(message, recipients)] = _outbox_messages(outbox_table)
    assert recipients == ["ada@example.com"]
    assert message["To"] == "ada@example.com"
    body = message.get_payload(decode=True) if not message.is_multipart() else None
    text = (body or message.get_payload(0).get_payload(decode=True)).decode()
    link = _reset_link(text)
    confirm = api_client.post(
        "/auth/users/reset_password_confirm/", {**link, "new_password": NEW_PASSWORD}, format="json"
    )
    assert confirm.status_code == 204
    assert _login(api_client, "ada", NEW_PASSWORD) == 200

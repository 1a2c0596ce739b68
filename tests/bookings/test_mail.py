"""The booking confirmation goes into the shared outbox, once per booking, to the token's e-mail."""

from __future__ import annotations

from email import message_from_bytes, policy
from typing import Any

import pytest

from littlelemon.bookings import wiring
from littlelemon.mailer import outbox
from tests.bookings.helpers import CUSTOMER, Table
from tests.bookings.test_handlers import book

WITH_EMAIL = {**CUSTOMER, "email": "ada@example.com"}


@pytest.fixture
def outbox_table(moto_table: Table, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv(outbox.TABLE_VARIABLE, "outbox-test")
    monkeypatch.setenv("MAIL_FROM", "no-reply@littlelemon.example")
    outbox.create_table_if_missing(wiring.dynamodb_client(), "outbox-test")
    return "outbox-test"


def _messages(table: str) -> list[Any]:
    items = wiring.dynamodb_client().scan(TableName=table)["Items"]
    return [message_from_bytes(bytes(item["raw"]["B"]), policy=policy.default) for item in items]


def test_a_booking_is_confirmed_by_mail_to_the_address_in_the_token(outbox_table: str) -> None:
    response = book(guests=1, identity=WITH_EMAIL)
    assert response["statusCode"] == 201
    [message] = _messages(outbox_table)
    assert message["To"] == "ada@example.com"
    assert message["From"] == "no-reply@littlelemon.example"
    text = message.get_content()
    assert "1 guest on" in text
    assert "18:00" in text


def test_a_retried_booking_is_not_mailed_twice(outbox_table: str) -> None:
    key = {"Idempotency-Key": "mail-once"}
    assert book(guests=2, identity=WITH_EMAIL, headers=key)["statusCode"] == 201
    assert book(guests=2, identity=WITH_EMAIL, headers=key)["statusCode"] == 201
    assert len(_messages(outbox_table)) == 1


def test_without_an_address_or_an_outbox_nothing_is_written(
    outbox_table: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert book(guests=2, identity=CUSTOMER)["statusCode"] == 201
    monkeypatch.delenv(outbox.TABLE_VARIABLE)
    assert book(guests=2, identity=WITH_EMAIL)["statusCode"] == 201
    assert _messages(outbox_table) == []

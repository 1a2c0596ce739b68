"""The outbox and the mailer: items as the api writes them, sent through SES (moto), or to files."""

from __future__ import annotations

import base64
import datetime
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from littlelemon.mailer import handler, local, outbox

REGION = "us-east-1"
SENDER = "no-reply@littlelemon.example"


def _raw(to: str = "ada@example.com", subject: str = "Your order") -> bytes:
    message = EmailMessage()
    message["From"] = SENDER
    message["To"] = to
    message["Subject"] = subject
    message.set_content("Thank you for your order #7.")
    return message.as_bytes()


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        yield


@pytest.fixture
def table(aws: None) -> Any:
    client = boto3.client("dynamodb", region_name=REGION)
    outbox.create_table_if_missing(client, "outbox")
    outbox.create_table_if_missing(client, "outbox")  # a second start leaves it as it is
    return client


def test_outbox_put_writes_one_item_with_raw_bytes_recipients_and_a_ttl(table: Any) -> None:
    now = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=datetime.UTC)
    message_id = outbox.outbox_put(
        table, table="outbox", raw=_raw(), recipients=["ada@example.com"], now=now
    )
    [item] = table.scan(TableName="outbox")["Items"]
    assert item["id"]["S"] == message_id
    assert bytes(item["raw"]["B"]) == _raw()
    assert item["recipients"]["L"] == [{"S": "ada@example.com"}]
    assert item["created_at"]["S"] == "2026-12-01T18:00:00+00:00"
    assert int(item[outbox.TTL_ATTRIBUTE]["N"]) == int(now.timestamp()) + outbox.KEEP_FOR_S
    description = table.describe_table(TableName="outbox")["Table"]
    assert description["StreamSpecification"]["StreamViewType"] == "NEW_IMAGE"


def test_outbox_refuses_what_cannot_be_sent(table: Any) -> None:
    with pytest.raises(outbox.MessageTooLargeError):
        outbox.outbox_put(
            table, table="outbox", raw=b"x" * (outbox.MAX_RAW_BYTES + 1), recipients=["a@b.c"]
        )
    with pytest.raises(ValueError, match="recipient"):
        outbox.outbox_put(table, table="outbox", raw=_raw(), recipients=[])
    assert table.scan(TableName="outbox")["Items"] == []


def _stream_record(
    raw: bytes, recipients: list[str], sequence: str, event: str = "INSERT"
) -> dict[str, Any]:
    """A DynamoDB stream record as Lambda delivers it (binary attributes in base64)."""
    return {
        "eventName": event,
        "eventSource": "aws:dynamodb",
        "dynamodb": {
            "SequenceNumber": sequence,
            "NewImage": {
                "id": {"S": "abc"},
                "raw": {"B": base64.b64encode(raw).decode()},
                "recipients": {"L": [{"S": r} for r in recipients]},
            },
        },
    }


def _sent_messages() -> list[Any]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses import ses_backends

    backend = ses_backends[DEFAULT_ACCOUNT_ID][REGION]
    return list(backend.sent_messages)


def test_the_mailer_sends_new_outbox_items_through_ses_and_reports_only_failures(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ses = boto3.client("ses", region_name=REGION)
    ses.verify_email_identity(EmailAddress=SENDER)
    monkeypatch.setenv(handler.SENDER_VARIABLE, SENDER)
    monkeypatch.setattr(handler, "_client", ses)
    broken = _stream_record(_raw(), [], "2")
    removal = _stream_record(_raw(), ["x@example.com"], "3", event="REMOVE")
    event = {"Records": [_stream_record(_raw(), ["ada@example.com"], "1"), broken, removal]}

    result = handler.handler(event, None)

    assert result == {"batchItemFailures": [{"itemIdentifier": "2"}]}
    [sent] = _sent_messages()
    # moto lists the Destinations and the To header's address.
    assert set(sent.destinations) == {"ada@example.com"}
    assert sent.source == SENDER
    assert message_from_bytes(sent.raw_data.encode())["Subject"] == "Your order"


def test_an_unverified_sender_is_a_reported_failure_not_a_lost_batch(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    ses = boto3.client("ses", region_name=REGION)
    monkeypatch.setattr(handler, "_client", ses)
    failures = handler.send_records(
        ses, [_stream_record(_raw(), ["ada@example.com"], "9")], sender="nobody@unverified.example"
    )
    assert failures == [{"itemIdentifier": "9"}]
    assert _sent_messages() == []


def test_the_local_mailer_writes_each_message_as_an_eml_file_and_empties_the_outbox(
    table: Any, tmp_path: Path
) -> None:
    outbox.outbox_put(table, table="outbox", raw=_raw(subject="One"), recipients=["a@example.com"])
    outbox.outbox_put(table, table="outbox", raw=_raw(subject="Two"), recipients=["b@example.com"])

    written = local.deliver_pending(table, table="outbox", folder=tmp_path / "mail")

    assert sorted(message_from_bytes(p.read_bytes())["Subject"] for p in written) == ["One", "Two"]
    assert all(p.suffix == ".eml" and p.parent == tmp_path / "mail" for p in written)
    assert table.scan(TableName="outbox")["Items"] == []
    assert local.deliver_pending(table, table="outbox", folder=tmp_path / "mail") == []

"""The mailer function: sends the messages of the outbox's stream through SES.

It runs outside the VPC (SES has no gateway endpoint, and the api Lambda has no internet
egress), triggered by the outbox table's DynamoDB stream (NEW_IMAGE). Failed records are
reported one by one (ReportBatchItemFailures), so one bad message does not resend the batch.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from mypy_boto3_ses.client import SESClient

SENDER_VARIABLE: Final = "MAIL_FROM"


def raw_message_of(record: Mapping[str, Any]) -> tuple[bytes, list[str]] | None:
    """The raw message and recipients of one stream record; None for what is not a new mail."""
    if record.get("eventName") != "INSERT":
        return None  # TTL deletions and the mailer's own clean-up are not mail
    image = record.get("dynamodb", {}).get("NewImage", {})
    raw = image.get("raw", {}).get("B")
    recipients = [value["S"] for value in image.get("recipients", {}).get("L", [])]
    if raw is None or not recipients:
        raise ValueError("an outbox record without raw message or recipients")
    # The stream's JSON carries binary attributes in base64.
    data = base64.b64decode(raw) if isinstance(raw, str) else bytes(raw)
    return data, recipients


def send_records(
    client: SESClient, records: list[Mapping[str, Any]], *, sender: str
) -> list[dict[str, str]]:
    """Send each new message; the batch item failures to report (their sequence numbers)."""
    failures: list[dict[str, str]] = []
    for record in records:
        sequence = str(record.get("dynamodb", {}).get("SequenceNumber", ""))
        try:
            message = raw_message_of(record)
            if message is None:
                continue
            raw, recipients = message
            client.send_raw_email(Source=sender, Destinations=recipients, RawMessage={"Data": raw})
        except Exception as error:  # reported to Lambda, which retries only this record
            print(f"mailer: record {sequence} failed: {type(error).__name__}")
            failures.append({"itemIdentifier": sequence})
    return failures


_client: SESClient | None = None


def _ses() -> SESClient:
    global _client
    if _client is None:
        import boto3

        _client = boto3.client("ses")
    return _client


def handler(event: Mapping[str, Any], context: object) -> dict[str, list[dict[str, str]]]:
    """Lambda entry point for the outbox stream (partial batch responses enabled)."""
    failures = send_records(
        _ses(), list(event.get("Records", [])), sender=os.environ[SENDER_VARIABLE]
    )
    return {"batchItemFailures": failures}

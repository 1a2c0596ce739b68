"""The outbox table: one item per e-mail, written by the api and bookings, read by the mailer.

Item: `id` (partition key, a random hex id), `raw` (the RFC 5322 message as bytes),
`recipients` (list of addresses), `created_at` (ISO 8601, UTC) and `expires_at` (epoch
seconds, DynamoDB's TTL attribute, so a message nobody sent does not stay forever).
Framework-free, and boto3 is the caller's: the api, the bookings functions and the mailer
all use this one definition.
"""

from __future__ import annotations

import contextlib
import datetime
import secrets
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

TABLE_VARIABLE: Final = "MAIL_OUTBOX_TABLE"
ENDPOINT_VARIABLE: Final = "MAIL_OUTBOX_ENDPOINT_URL"  # DynamoDB Local; unset on AWS
PARTITION_KEY: Final = "id"
TTL_ATTRIBUTE: Final = "expires_at"
KEEP_FOR_S: Final = 7 * 24 * 3600
# A DynamoDB item holds at most 400 KB (attribute names included); our mails are a few KB.
MAX_RAW_BYTES: Final = 350_000
_ACTIVE_DEADLINE_S: Final = 30.0


class MessageTooLargeError(ValueError):
    """A message that cannot fit in one outbox item."""


def outbox_item(*, raw: bytes, recipients: Sequence[str], now: datetime.datetime) -> dict[str, Any]:
    """The low-level DynamoDB item for one message (attribute values typed as S/B/SS/N)."""
    if len(raw) > MAX_RAW_BYTES:
        raise MessageTooLargeError(f"an e-mail of {len(raw)} bytes does not fit the outbox")
    if not recipients:
        raise ValueError("an e-mail needs at least one recipient")
    return {
        PARTITION_KEY: {"S": secrets.token_hex(16)},
        "raw": {"B": raw},
        "recipients": {"L": [{"S": address} for address in recipients]},
        "created_at": {"S": now.astimezone(datetime.UTC).isoformat()},
        TTL_ATTRIBUTE: {"N": str(int(now.timestamp()) + KEEP_FOR_S)},
    }


def outbox_put(
    client: DynamoDBClient,
    *,
    table: str,
    raw: bytes,
    recipients: Sequence[str],
    now: datetime.datetime | None = None,
) -> str:
    """Write one message into the outbox; returns its id. Never overwrites another item."""
    item = outbox_item(
        raw=raw, recipients=recipients, now=now or datetime.datetime.now(datetime.UTC)
    )
    client.put_item(
        TableName=table,
        Item=item,
        ConditionExpression="attribute_not_exists(#id)",
        ExpressionAttributeNames={"#id": PARTITION_KEY},
    )
    return str(item[PARTITION_KEY]["S"])


def create_table_if_missing(client: DynamoDBClient, table: str) -> None:
    """Create the outbox (with a NEW_IMAGE stream, as on AWS) unless it exists; wait for it."""
    with contextlib.suppress(client.exceptions.ResourceInUseException):
        client.create_table(
            TableName=table,
            KeySchema=[{"AttributeName": PARTITION_KEY, "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": PARTITION_KEY, "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )
    deadline = time.monotonic() + _ACTIVE_DEADLINE_S
    while client.describe_table(TableName=table)["Table"].get("TableStatus") != "ACTIVE":
        if time.monotonic() > deadline:
            raise TimeoutError(f"table {table} did not become ACTIVE")
        time.sleep(0.2)

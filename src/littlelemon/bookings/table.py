"""The bookings table: its definition as plain data (the CDK stack mirrors it) and `ensure_table`.

One table holds every item of the service (single-table design, see docs/bookings.md):

- booking: PK `BOOKING#<id>`, SK `BOOKING`;
  GSI1PK `USER#<sub>`, GSI1SK `<date>#<slot>#<id>` (a user's bookings);
  GSI2PK `DATE#<date>`, GSI2SK `<slot>#<id>` (a date's bookings, for managers).
- seat counter of a slot: PK `DATE#<date>`, SK `SLOT#<HH:MM>`, attribute `booked`.
- idempotency record (Powertools): PK `idempotency#<function>`, SK `<function>#<hash>`.

Only idempotency records carry the TTL attribute; DynamoDB deletes them after they expire.
Nothing here imports boto3 at module level: the infrastructure tests read these constants.
"""

from __future__ import annotations

import contextlib
import os
import time
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

PARTITION_KEY: Final = "PK"
SORT_KEY: Final = "SK"
BY_USER_INDEX: Final = "GSI1"  # a user's bookings by date and slot
BY_DATE_INDEX: Final = "GSI2"  # a date's bookings by slot (managers)
TTL_ATTRIBUTE: Final = "expiration"  # Powertools idempotency records expire through it
BILLING_MODE: Final = "PAY_PER_REQUEST"

TABLE_KEY_SCHEMA: Final[list[dict[str, str]]] = [
    {"AttributeName": PARTITION_KEY, "KeyType": "HASH"},
    {"AttributeName": SORT_KEY, "KeyType": "RANGE"},
]
TABLE_ATTRIBUTE_DEFINITIONS: Final[list[dict[str, str]]] = [
    {"AttributeName": name, "AttributeType": "S"}
    for name in (PARTITION_KEY, SORT_KEY, "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK")
]
TABLE_GLOBAL_SECONDARY_INDEXES: Final[list[dict[str, Any]]] = [
    {
        "IndexName": index,
        "KeySchema": [
            {"AttributeName": f"{index}PK", "KeyType": "HASH"},
            {"AttributeName": f"{index}SK", "KeyType": "RANGE"},
        ],
        # ALL: list pages answer from the index alone, without a second read per booking
        "Projection": {"ProjectionType": "ALL"},
    }
    for index in (BY_USER_INDEX, BY_DATE_INDEX)
]

_ACTIVE_DEADLINE_S = 30.0


def ensure_table(endpoint_url: str, table_name: str) -> None:
    """Create the bookings table at `endpoint_url` (DynamoDB Local) unless it exists; wait for it.

    Safe to call on every start: an existing table is left as it is.
    """
    import boto3  # lazily: `littlelemon up --no-bookings` never pays for it

    # DynamoDB Local accepts any credentials, but boto3 signs every request and needs some.
    dummy_key = None if os.environ.get("AWS_ACCESS_KEY_ID") else "local"
    client = boto3.client(
        "dynamodb",
        endpoint_url=endpoint_url,
        region_name=os.environ.get("AWS_DEFAULT_REGION") or "us-east-1",
        aws_access_key_id=dummy_key,
        aws_secret_access_key=dummy_key,
    )
    create_table_if_missing(client, table_name)


def create_table_if_missing(client: DynamoDBClient, table_name: str) -> None:
    """Create the table through `client` unless it exists; wait until it is ACTIVE."""
    with contextlib.suppress(client.exceptions.ResourceInUseException):
        # exists already: created before (data persists under -dbPath) or by a concurrent start
        client.create_table(
            TableName=table_name,
            KeySchema=TABLE_KEY_SCHEMA,  # type: ignore[arg-type]
            AttributeDefinitions=TABLE_ATTRIBUTE_DEFINITIONS,  # type: ignore[arg-type]
            GlobalSecondaryIndexes=TABLE_GLOBAL_SECONDARY_INDEXES,  # type: ignore[arg-type]
            BillingMode=BILLING_MODE,
        )
    deadline = time.monotonic() + _ACTIVE_DEADLINE_S
    while client.describe_table(TableName=table_name)["Table"].get("TableStatus") != "ACTIVE":
        if time.monotonic() > deadline:
            raise TimeoutError(f"table {table_name} not ACTIVE after {_ACTIVE_DEADLINE_S:.0f} s")
        time.sleep(0.1)
    ttl = client.describe_time_to_live(TableName=table_name)["TimeToLiveDescription"]
    if ttl.get("TimeToLiveStatus") not in ("ENABLED", "ENABLING"):
        client.update_time_to_live(
            TableName=table_name,
            TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE},
        )

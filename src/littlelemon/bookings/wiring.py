"""The objects a bookings function builds once per process: settings, DynamoDB client, repository.

Built on first use and then reused by every warm invocation; tests call `reset()` after
changing the environment (another table, another endpoint).
"""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING, cast

from littlelemon.bookings.repository import BookingRepository
from littlelemon.bookings.settings import get_settings

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient


@cache
def dynamodb_client() -> DynamoDBClient:
    """A DynamoDB client; `AWS_ENDPOINT_URL_DYNAMODB` points it at DynamoDB Local.

    Built by botocore itself (boto3 would add its resource layer and s3transfer to every
    cold start, about 20 ms of CPU, for a client that is botocore's either way), through a
    session that loads DynamoDB's model only (`littlelemon.bookings.sdk`).
    """
    from botocore.config import Config

    from littlelemon.bookings.sdk import session

    # DynamoDB Local ignores credentials but botocore must sign with some; on Lambda the
    # execution role's keys are always in the environment.
    local = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") and not os.environ.get("AWS_ACCESS_KEY_ID")
    dummy_key = "local" if local else None  # None: botocore's usual credential chain
    client = session().create_client(
        "dynamodb",
        region_name=os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
        or "us-east-1",
        # Short timeouts: the HTTP API gives up after 30 s; standard retries with backoff.
        config=Config(connect_timeout=2, read_timeout=5, retries={"mode": "standard"}),
        aws_access_key_id=dummy_key,
        aws_secret_access_key=dummy_key,
    )
    return cast("DynamoDBClient", client)


@cache
def repository() -> BookingRepository:
    """The repository over this process's table."""
    return BookingRepository(client=dynamodb_client(), table_name=get_settings().table_name)


def reset() -> None:
    """Forget everything built so far (tests, after changing the environment)."""
    from littlelemon.bookings import idempotency

    get_settings.cache_clear()
    dynamodb_client.cache_clear()
    repository.cache_clear()
    idempotency.idempotent_booking_create.cache_clear()

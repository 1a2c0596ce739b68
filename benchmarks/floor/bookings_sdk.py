"""The bookings cold-start floor: availability's DynamoDB reads with the AWS SDK and nothing else.

The same two calls as `GET /bookings/availability` (the date's seat counters, the caller's
usage item) and a JSON answer, without pydantic, Powertools, X-Ray or any rule: what the
SDK alone costs a cold function. `boto3_handler` goes through boto3 as most functions do,
`botocore_handler` through botocore's own session as the bookings functions do. Each
builds its client on the first request, as the bookings functions do.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from typing import Any

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def _client_arguments() -> dict[str, Any]:
    from botocore.config import Config

    return {
        "region_name": os.environ.get("AWS_DEFAULT_REGION", "us-east-1"),
        "config": Config(connect_timeout=2, read_timeout=5, retries={"mode": "standard"}),
        "aws_access_key_id": "local",  # DynamoDB Local, as the benchmark runs it
        "aws_secret_access_key": "local",
    }


@cache
def _boto3_client() -> Any:
    import boto3

    return boto3.client("dynamodb", **_client_arguments())


@cache
def _botocore_client() -> Any:
    from botocore.session import get_session

    return get_session().create_client("dynamodb", **_client_arguments())


def _handler(client: Callable[[], Any]) -> Handler:
    def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        day = event["queryStringParameters"]["date"]
        user = event["requestContext"]["authorizer"]["jwt"]["claims"]["sub"]
        table = os.environ["BOOKINGS_TABLE"]
        counters = client().query(
            TableName=table,
            KeyConditionExpression="PK = :pk AND begins_with(SK, :slot)",
            ExpressionAttributeValues={":pk": {"S": f"DATE#{day}"}, ":slot": {"S": "SLOT#"}},
            ConsistentRead=True,
        )
        usage = client().get_item(
            TableName=table,
            Key={"PK": {"S": f"USER#{user}"}, "SK": {"S": "USAGE"}},
            ConsistentRead=True,
        )
        body = {
            "date": day,
            "booked": {item["SK"]["S"]: int(item["booked"]["N"]) for item in counters["Items"]},
            "usage": len(usage.get("Item", {}).get("entries", {}).get("M", {})),
        }
        return {"statusCode": 200, "body": json.dumps(body)}

    return handler


boto3_handler = _handler(_boto3_client)
botocore_handler = _handler(_botocore_client)

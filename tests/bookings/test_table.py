"""`ensure_table` (used by `littlelemon up`) and the table definition the CDK stack mirrors."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import boto3
import pytest

from littlelemon.bookings.table import (
    BILLING_MODE,
    TABLE_ATTRIBUTE_DEFINITIONS,
    TABLE_GLOBAL_SECONDARY_INDEXES,
    TABLE_KEY_SCHEMA,
    TTL_ATTRIBUTE,
    ensure_table,
)
from tests.bookings.helpers import DynamoDBLocal


def test_ensure_table_creates_the_documented_table_once(
    dynamodb_local: DynamoDBLocal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)  # as `littlelemon up` may run it
    name = f"ensure-{uuid.uuid4().hex[:8]}"

    ensure_table(dynamodb_local.endpoint_url, name)
    ensure_table(dynamodb_local.endpoint_url, name)  # every start calls it again

    client = boto3.client(
        "dynamodb",
        endpoint_url=dynamodb_local.endpoint_url,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    table = client.describe_table(TableName=name)["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["KeySchema"] == TABLE_KEY_SCHEMA
    assert sorted(table["AttributeDefinitions"], key=lambda a: a["AttributeName"]) == sorted(
        TABLE_ATTRIBUTE_DEFINITIONS, key=lambda a: a["AttributeName"]
    )
    indexes = {index["IndexName"]: index for index in table["GlobalSecondaryIndexes"]}
    for expected in TABLE_GLOBAL_SECONDARY_INDEXES:
        assert indexes[expected["IndexName"]]["KeySchema"] == expected["KeySchema"]
        assert indexes[expected["IndexName"]]["Projection"] == expected["Projection"]
    assert table["BillingModeSummary"]["BillingMode"] == BILLING_MODE
    ttl = client.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
    assert ttl == {"TimeToLiveStatus": "ENABLED", "AttributeName": TTL_ATTRIBUTE}
    client.delete_table(TableName=name)


def test_the_table_definition_is_plain_data_readable_without_boto3() -> None:
    script = (
        "import sys, json; sys.modules['boto3'] = None; sys.modules['botocore'] = None\n"
        "from littlelemon.bookings import table\n"
        "print(json.dumps([table.TABLE_KEY_SCHEMA, table.TABLE_ATTRIBUTE_DEFINITIONS,"
        " table.TABLE_GLOBAL_SECONDARY_INDEXES, table.TTL_ATTRIBUTE]))"
    )

    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )

    assert json.loads(result.stdout) == [
        TABLE_KEY_SCHEMA,
        TABLE_ATTRIBUTE_DEFINITIONS,
        TABLE_GLOBAL_SECONDARY_INDEXES,
        TTL_ATTRIBUTE,
    ]

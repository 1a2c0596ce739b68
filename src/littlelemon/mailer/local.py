"""The local mailer of `make up`: delivers outbox items from DynamoDB Local into .eml files.

Locally nothing is sent: every e-mail a user would get lands as `<data dir>/mail/<time>-<id>.eml`
(open it with any mail client), and the item leaves the outbox.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

from littlelemon.mailer.outbox import PARTITION_KEY

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient

POLL_S = 1.0


def deliver_pending(client: DynamoDBClient, *, table: str, folder: Path) -> list[Path]:
    """Write every message now in the outbox to `folder` and remove it; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    paginator = client.get_paginator("scan")
    for page in paginator.paginate(TableName=table, ConsistentRead=True):
        for item in page.get("Items", []):
            message_id = item[PARTITION_KEY]["S"]
            created = item.get("created_at", {}).get("S", "")
            stamp = created.replace(":", "").replace("-", "")[:15] or "message"
            path = folder / f"{stamp}-{message_id}.eml"
            path.write_bytes(bytes(item["raw"]["B"]))
            client.delete_item(TableName=table, Key={PARTITION_KEY: {"S": message_id}})
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    """`python -m littlelemon.mailer.local --endpoint URL --table NAME --folder DIR`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--table", required=True)
    parser.add_argument("--folder", required=True, type=Path)
    parser.add_argument("--region", default="us-east-1")
    args = parser.parse_args(argv)
    import boto3

    client = boto3.client(
        "dynamodb",
        endpoint_url=args.endpoint,
        region_name=args.region,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    while True:
        for path in deliver_pending(client, table=args.table, folder=args.folder):
            print(f"mail: {path}", flush=True)
        time.sleep(POLL_S)


if __name__ == "__main__":
    main()

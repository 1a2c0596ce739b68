"""`destroy --purge` and `status` against moto: what a destroy leaves is found, priced, removed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from moto import mock_aws

from littlelemon import deploy as deploy_module
from littlelemon import teardown
from littlelemon.cli import main
from littlelemon.cost.assembly import load_templates
from littlelemon.cost.model import Usage, estimate
from littlelemon.cost.prices import PRICES

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's account
BUCKET = f"cdk-hnb659fds-assets-{ACCOUNT}-{REGION}"
OUR_KEY = "a1b2c3.zip"
SHARED_KEY = "d4e5f6.zip"  # the same bundle, also deployed by another environment
DATA_STACK = "littlelemon-lean-data"
API_STACK = "littlelemon-lean-api"

DATA_TEMPLATE: dict[str, Any] = {
    "Resources": {
        "Database": {
            "Type": "AWS::RDS::DBInstance",
            "DeletionPolicy": "Snapshot",
            "Properties": {
                "DBInstanceClass": "db.t4g.micro",
                "Engine": "mysql",
                "AllocatedStorage": "20",
                "MasterUsername": "llmaster",
                "MasterUserPassword": "not-a-real-password",
            },
        },
        "BookingsTable": {
            "Type": "AWS::DynamoDB::Table",
            "DeletionPolicy": "Retain",
            "Properties": {
                "BillingMode": "PAY_PER_REQUEST",
                "DeletionProtectionEnabled": True,
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            },
        },
    }
}
API_TEMPLATE: dict[str, Any] = {
    "Resources": {
        "AccessLog": {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Retain",
            "Properties": {"RetentionInDays": 30},
        }
    }
}


def write_assembly(outdir: Path) -> None:
    """A cloud assembly as `cdk synth` writes it: manifest, templates, asset manifests."""
    outdir.mkdir(parents=True)
    artifacts: dict[str, Any] = {}
    for artifact, stack, template in (
        ("Data", DATA_STACK, DATA_TEMPLATE),
        ("Api", API_STACK, API_TEMPLATE),
    ):
        (outdir / f"{artifact}.template.json").write_text(json.dumps(template))
        artifacts[artifact] = {
            "type": "aws:cloudformation:stack",
            "properties": {"templateFile": f"{artifact}.template.json", "stackName": stack},
        }
    (outdir / "manifest.json").write_text(json.dumps({"artifacts": artifacts}))
    destination = {"bucketName": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}"}
    (outdir / "Api.assets.json").write_text(
        json.dumps(
            {
                "files": {
                    key.split(".")[0]: {"destinations": {"d": {**destination, "objectKey": key}}}
                    for key in (OUR_KEY, SHARED_KEY)
                }
            }
        )
    )


class Account:
    """The moto account with a deployed lean environment and another environment beside it."""

    def __init__(self) -> None:
        self.clients = teardown.Clients.create(REGION)
        cfn = self.clients.cloudformation
        cfn.create_stack(StackName=DATA_STACK, TemplateBody=json.dumps(DATA_TEMPLATE))
        cfn.create_stack(StackName=API_STACK, TemplateBody=json.dumps(API_TEMPLATE))
        # another environment's stack whose template still names the shared bundle
        cfn.create_stack(
            StackName="littlelemon-standard-api",
            TemplateBody=json.dumps(
                {
                    "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
                    "Metadata": {"bundle": SHARED_KEY},
                }
            ),
        )
        (self.db,) = self.physical(DATA_STACK, "AWS::RDS::DBInstance")
        (self.table,) = self.physical(DATA_STACK, "AWS::DynamoDB::Table")
        (self.access_log,) = self.physical(API_STACK, "AWS::Logs::LogGroup")
        # RDS creates its log group itself, outside the stack
        self.rds_log = f"/aws/rds/instance/{self.db}/error"
        self.clients.logs.create_log_group(logGroupName=self.rds_log)
        self.clients.s3.create_bucket(Bucket=BUCKET)
        for key in (OUR_KEY, SHARED_KEY):
            self.clients.s3.put_object(Bucket=BUCKET, Key=key, Body=b"x" * 1024)
        self.clients.secretsmanager.create_secret(Name="littlelemon/app", SecretString="{}")
        self.destroyed = False

    def physical(self, stack: str, kind: str) -> list[str]:
        resources = self.clients.cloudformation.list_stack_resources(StackName=stack)
        return [
            r["PhysicalResourceId"]
            for r in resources["StackResourceSummaries"]
            if r["ResourceType"] == kind
        ]

    def run(self, argv: list[str]) -> None:
        """Stand-in for the CDK CLI: `destroy` does what CloudFormation would."""
        if "destroy" not in argv or self.destroyed:
            return  # synth and the deletion-protection deploy change nothing here
        self.destroyed = True
        # CloudFormation's final snapshot (DeletionPolicy: Snapshot) is a manual snapshot
        self.clients.rds.create_db_snapshot(
            DBInstanceIdentifier=self.db, DBSnapshotIdentifier=f"{self.db}-final"
        )
        for stack in (API_STACK, DATA_STACK):
            self.clients.cloudformation.delete_stack(StackName=stack)

    def log_groups(self) -> set[str]:
        return {g["logGroupName"] for g in self.clients.logs.describe_log_groups()["logGroups"]}

    def keys(self) -> set[str]:
        listed = self.clients.s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
        return {item["Key"] for item in listed}

    def snapshots(self) -> list[str]:
        described = self.clients.rds.describe_db_snapshots(SnapshotType="manual")
        return [s["DBSnapshotIdentifier"] for s in described["DBSnapshots"]]

    def tables(self) -> list[str]:
        return list(self.clients.dynamodb.list_tables()["TableNames"])

    def secret_deleted(self) -> bool:
        secret = self.clients.secretsmanager.describe_secret(SecretId="littlelemon/app")
        return "DeletedDate" in secret


@pytest.fixture
def account(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Account]:
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        write_assembly(tmp_path / "lean")
        account = Account()
        monkeypatch.setattr(deploy_module, "run", account.run)
        monkeypatch.setattr(teardown, "_clients", lambda region: account.clients)
        yield account


def cli(tmp_path: Path, *args: str, answers: str = "") -> Any:
    return CliRunner().invoke(main, [*args, "--assembly", str(tmp_path)], input=answers)


def test_plain_destroy_keeps_the_snapshot_table_logs_assets_and_secret(
    account: Account, tmp_path: Path
) -> None:
    result = cli(tmp_path, "destroy", "--include-data", "--yes")

    assert result.exit_code == 0, result.output
    assert account.snapshots() == [f"{account.db}-final"]
    assert account.tables() == [account.table]
    assert {account.access_log, account.rds_log} <= account.log_groups()
    assert account.keys() == {OUR_KEY, SHARED_KEY}
    assert not account.secret_deleted()


def test_destroy_purge_removes_all_it_kept_after_the_data_is_confirmed(
    account: Account, tmp_path: Path
) -> None:
    result = cli(tmp_path, "destroy", "--purge", "--yes", answers="y\n")

    assert result.exit_code == 0, result.output
    assert "cannot be recovered" in result.output
    assert account.snapshots() == []
    assert account.tables() == []  # deletion protection was lifted first
    assert not {account.access_log, account.rds_log} & account.log_groups()
    assert account.keys() == {SHARED_KEY}  # still named by littlelemon-standard-api
    assert account.secret_deleted()


def test_destroy_purge_keeps_what_holds_data_when_the_answer_is_no(
    account: Account, tmp_path: Path
) -> None:
    result = cli(tmp_path, "destroy", "--purge", "--yes", answers="n\n")

    assert result.exit_code == 0, result.output
    assert teardown.NO_DATA_LOSS in result.output
    assert account.snapshots() == [f"{account.db}-final"]
    assert account.tables() == [account.table]
    assert not account.secret_deleted()
    # what holds no data went anyway
    assert not {account.access_log, account.rds_log} & account.log_groups()
    assert account.keys() == {SHARED_KEY}


def test_a_second_purge_finds_the_environment_from_its_recorded_inventory(
    account: Account, tmp_path: Path
) -> None:
    assert cli(tmp_path, "destroy", "--purge", "--yes", answers="n\n").exit_code == 0

    # the stacks are gone; retained.json still names the database and the table
    result = cli(tmp_path, "destroy", "--purge", "--yes", "--delete-data")

    assert result.exit_code == 0, result.output
    assert account.snapshots() == []
    assert account.tables() == []


def test_status_prices_the_live_stacks_then_what_a_destroy_left(
    account: Account, tmp_path: Path
) -> None:
    lines = estimate(load_templates(tmp_path / "lean"), profile="lean", usage=Usage()).lines
    data_cost = sum(line.usd for line in lines if line.stack == "data")

    live = cli(tmp_path, "status")

    assert live.exit_code == 0, live.output
    assert f"{DATA_STACK}" in live.output
    assert f"{'CREATE_COMPLETE':<20} US${data_cost:,.2f}/month" in live.output
    # the table is inside the live data stack: listed, not priced twice
    kept = live.output.split("Kept by a destroy")[1].split("Retained resources")[0]
    assert account.table in kept
    secret = PRICES["secretsmanager.secret_month"].usd
    assert f"Total while it exists: US${data_cost + secret:,.2f}/month" in live.output

    account.run(["destroy"])
    left = cli(tmp_path, "status")

    assert left.exit_code == 0, left.output
    assert f"{DATA_STACK:<40} not deployed" in left.output
    snapshot_cost = 20 * PRICES["rds.snapshot.gb_month"].usd
    assert f"{account.db}-final (20 GB of {account.db})  US${snapshot_cost:,.2f}/month" in (
        left.output
    )
    for name in (account.table, account.access_log, account.rds_log, "littlelemon/app"):
        assert name in left.output
    assert f"s3://{BUCKET}/{OUR_KEY}" in left.output
    assert SHARED_KEY not in left.output
    asset = 1024 / 1024**3 * PRICES["s3.standard.gb_month"].usd
    total = snapshot_cost + secret + asset
    assert f"Total while it exists: US${total:,.2f}/month" in left.output


def test_an_unknown_kind_is_never_silently_skipped() -> None:
    with pytest.raises(ValueError, match="no delete"):
        teardown.purge_retained(
            teardown.Clients(*([None] * 7)),
            [teardown.Retained(kind="mystery", name="x", monthly_usd=0)],
            delete_data=True,
        )


@pytest.mark.parametrize(
    ("context", "name"),
    [
        ({}, "littlelemon/app"),
        ({"env": "prod"}, "littlelemon/app"),
        ({"env": "staging"}, "littlelemon/staging/app"),
        ({"env": "staging", "appSecretName": "shop/keys"}, "shop/keys"),
    ],
)
def test_the_app_secret_is_the_environments(context: dict[str, str], name: str) -> None:
    assert teardown.app_secret_name(context) == name

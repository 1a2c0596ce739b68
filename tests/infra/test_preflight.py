"""`littlelemon preflight`: each account-side check, on moto where moto models the call.

moto models elasticbeanstalk ListAvailableSolutionStacks and ssm GetParameter. It has no
lambda GetAccountSettings, its rds DescribeOrderableDBInstanceOptions answers only for
Aurora PostgreSQL and Neptune (an empty list for MySQL), and its CloudFormation backend
needs an extra (openapi-spec-validator) the dev lock does not carry; those three are real
botocore clients with botocore's Stubber, which checks each call's parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from click.testing import CliRunner
from moto import mock_aws

from littlelemon.ops import preflight
from littlelemon.ops.preflight import (
    QUOTA_LINK,
    check_bootstrap,
    check_concurrency,
    check_eb_platform,
    run_preflight,
)

REGION = "us-east-1"


def settings(quota: int, unreserved: int | None = None) -> dict[str, Any]:
    return {
        "AccountLimit": {
            "ConcurrentExecutions": quota,
            "UnreservedConcurrentExecutions": quota if unreserved is None else unreserved,
        },
        "AccountUsage": {"FunctionCount": 0},
    }


def test_a_default_account_reserves_the_lean_40() -> None:
    check, context = check_concurrency(settings(1000), profile="lean", requested=None)
    assert check.verdict == "PASS"
    assert context == {}


def test_a_new_account_with_quota_10_runs_the_api_unreserved_and_says_what_that_means() -> None:
    check, context = check_concurrency(settings(10), profile="lean", requested=None)
    assert check.verdict == "ADAPT"
    assert context == {"apiConcurrency": "0"}
    assert "10 instances and database connections" in check.message
    assert QUOTA_LINK in check.message


def test_a_quota_of_120_reserves_what_is_left_above_the_unreserved_minimum() -> None:
    check, context = check_concurrency(settings(120), profile="lean", requested=None)
    assert (check.verdict, context) == ("ADAPT", {"apiConcurrency": "20"})
    assert "at most 20 database connections" in check.message


def test_an_explicit_apiconcurrency_that_does_not_fit_stops_with_the_quota_link() -> None:
    check, context = check_concurrency(settings(10), profile="lean", requested="40")
    assert check.verdict == "STOP"
    assert QUOTA_LINK in check.message
    assert context == {}


def test_standard_reserves_nothing_and_passes_on_any_quota() -> None:
    check, _ = check_concurrency(settings(10), profile="standard", requested=None)
    assert check.verdict == "PASS"


def test_the_newest_python_312_al2023_platform_is_chosen_by_version_not_text() -> None:
    stacks = [
        "64bit Amazon Linux 2023 v4.9.0 running Python 3.12",
        "64bit Amazon Linux 2023 v4.10.1 running Python 3.12",
        "64bit Amazon Linux 2023 v4.11.0 running Python 3.13",
        "64bit Amazon Linux 2 v3.8.0 running Python 3.8",
    ]
    check, context = check_eb_platform(stacks, pinned=None)
    assert context == {"ebSolutionStack": "64bit Amazon Linux 2023 v4.10.1 running Python 3.12"}
    assert check.verdict == "ADAPT"
    assert check_eb_platform(stacks, pinned=stacks[0])[0].verdict == "PASS"
    retired = check_eb_platform(stacks, pinned="64bit Amazon Linux 2023 v4.7.0 running Python 3.12")
    assert retired[0].verdict == "STOP"
    assert "v4.10.1" in retired[0].message


@pytest.mark.parametrize(
    ("status", "version", "verdict"),
    [
        ("CREATE_COMPLETE", "28", "PASS"),
        ("UPDATE_COMPLETE", "6", "PASS"),
        (None, None, "STOP"),
        ("CREATE_COMPLETE", "5", "STOP"),
        ("UPDATE_ROLLBACK_COMPLETE", "28", "STOP"),
        ("CREATE_COMPLETE", None, "STOP"),
    ],
)
def test_cdk_bootstrap_must_exist_and_be_version_6_or_later(
    status: str | None, version: str | None, verdict: str
) -> None:
    check = check_bootstrap(stack_status=status, version=version, region=REGION)
    assert check.verdict == verdict
    if verdict == "STOP":
        assert f"cdk bootstrap aws://<account>/{REGION}" in check.message


class Account:
    """moto for what it models, Stubber for lambda, rds and cloudformation."""

    def __init__(self, *, quota: int, mysql_classes: list[str], bootstrapped: bool) -> None:
        self.moto = {s: boto3.client(s, region_name=REGION) for s in ("elasticbeanstalk", "ssm")}
        self.stubbed = {
            s: boto3.client(s, region_name=REGION) for s in ("lambda", "rds", "cloudformation")
        }
        self.stubbers = {s: Stubber(c) for s, c in self.stubbed.items()}
        if bootstrapped:
            self.moto["ssm"].put_parameter(
                Name="/cdk-bootstrap/hnb659fds/version", Value="28", Type="String"
            )
            self.stubbers["cloudformation"].add_response(
                "describe_stacks",
                {
                    "Stacks": [
                        {
                            "StackName": "CDKToolkit",
                            "CreationTime": "2026-01-01T00:00:00Z",
                            "StackStatus": "UPDATE_COMPLETE",
                        }
                    ]
                },
                {"StackName": "CDKToolkit"},
            )
        else:
            self.stubbers["cloudformation"].add_client_error(
                "describe_stacks",
                service_error_code="ValidationError",
                service_message="Stack with id CDKToolkit does not exist",
                expected_params={"StackName": "CDKToolkit"},
            )
        self.stubbers["lambda"].add_response("get_account_settings", settings(quota), {})
        self.stubbers["rds"].add_response(
            "describe_orderable_db_instance_options",
            {
                "OrderableDBInstanceOptions": [
                    {"Engine": "mysql", "EngineVersion": version, "DBInstanceClass": klass}
                    for klass in mysql_classes
                    for version in ("8.0.40", "8.4.7")
                ]
            },
            {"Engine": "mysql", "DBInstanceClass": "db.t4g.micro"},
        )
        for stubber in self.stubbers.values():
            stubber.activate()

    def client(self, service: str) -> Any:
        return self.moto.get(service) or self.stubbed[service]


@pytest.fixture
def moto_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        yield


def regions(service: str) -> list[str]:
    return boto3.session.Session().get_available_regions(service)


def test_a_fresh_account_adapts_concurrency_and_platform_and_passes(moto_env: None) -> None:
    account = Account(quota=10, mysql_classes=["db.t4g.micro"], bootstrapped=True)
    report = run_preflight(
        profile="lean", region=REGION, context={}, clients=account.client, available_regions=regions
    )
    verdicts = {check.name: check.verdict for check in report.checks}
    assert verdicts == {
        "region": "PASS",
        "lambda concurrency": "ADAPT",
        "eb platform": "ADAPT",
        "rds": "PASS",
        "cdk bootstrap": "PASS",
    }
    assert report.ok
    newest = max(
        (
            name
            for name in account.moto["elasticbeanstalk"].list_available_solution_stacks()[
                "SolutionStacks"
            ]
            if preflight.platform_version(name)
        ),
        key=lambda name: preflight.platform_version(name) or (0, 0, 0),
    )
    assert report.context == {"apiConcurrency": "0", "ebSolutionStack": newest}
    assert "8.4.7" in next(c.message for c in report.checks if c.name == "rds")


def test_an_unbootstrapped_account_without_the_instance_class_stops(moto_env: None) -> None:
    account = Account(quota=1000, mysql_classes=["db.m5.large"], bootstrapped=False)
    report = run_preflight(
        profile="standard",
        region=REGION,
        context={},
        clients=account.client,
        available_regions=regions,
    )
    stops = [check.name for check in report.checks if check.verdict == "STOP"]
    assert stops == ["rds", "cdk bootstrap"]
    assert not report.ok
    assert any(check.name == "rds proxy" for check in report.checks)


def test_an_unknown_region_stops_before_any_call() -> None:
    report = run_preflight(
        profile="lean",
        region="xx-nowhere-1",
        context={},
        clients=lambda service: pytest.fail(f"called {service}"),
        available_regions=regions,
    )
    assert [check.verdict for check in report.checks] == ["STOP"]


def test_the_command_prints_one_line_per_check_and_the_context_it_passes(
    moto_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = Account(quota=10, mysql_classes=["db.t4g.micro"], bootstrapped=True)
    monkeypatch.setattr(preflight, "aws_clients", lambda region: (account.client, regions))
    result = CliRunner().invoke(preflight.command, ["--profile", "lean"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines[:5]] == ["PASS", "ADAPT", "ADAPT", "PASS", "PASS"]
    assert "deploy will pass -c apiConcurrency=0" in result.output
    assert "Traceback" not in result.output


def test_a_stop_ends_the_command_with_one_line_and_no_traceback(
    moto_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = Account(quota=1000, mysql_classes=["db.t4g.micro"], bootstrapped=False)
    monkeypatch.setattr(preflight, "aws_clients", lambda region: (account.client, regions))
    result = CliRunner().invoke(preflight.command, ["--profile", "lean"])
    assert result.exit_code == 1
    assert "STOP  cdk bootstrap: no CDKToolkit stack" in result.output
    assert result.output.strip().splitlines()[-1] == (
        "Error: preflight stopped the deploy (see STOP above)"
    )
    assert "Traceback" not in result.output

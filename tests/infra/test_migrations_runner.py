"""The deploy-time migrations runner (infra/runners/migrations_runner.py), on stubbed AWS APIs.

moto cannot run a Lambda invoke without Docker, so the three APIs the runner calls
(lambda Invoke, secretsmanager GetSecretValue, cloudformation DescribeStacks) are real
botocore clients with botocore's Stubber: each call's parameters are checked exactly.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.response import StreamingBody
from botocore.stub import Stubber

from infra.runners import migrations_runner as runner

STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/littlelemon-lean-api/abc"
MASTER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1-AbCdEf"
APP_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:littlelemon-app-db-AbCdEf"
MASTER_PASSWORD = "master-pw-not-for-logs"
APP_PASSWORD = "app-pw-not-for-logs"


class Aws:
    """Stubbed clients and the keyword arguments each was created with."""

    def __init__(self) -> None:
        self.clients: dict[str, Any] = {}
        self.stubbers: dict[str, Stubber] = {}
        self.created_with: dict[str, dict[str, Any]] = {}
        for service in ("lambda", "secretsmanager", "cloudformation"):
            client = boto3.client(
                service,
                region_name="us-east-1",
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
            )
            self.clients[service] = client
            self.stubbers[service] = Stubber(client)
            self.stubbers[service].activate()

    def factory(self, service: str, **kwargs: Any) -> Any:
        self.created_with[service] = kwargs
        return self.clients[service]

    def expect_invoke(
        self, payload: dict[str, Any], answer: object, *, error: bool = False
    ) -> None:
        body = json.dumps(answer).encode() if not isinstance(answer, bytes) else answer
        response: dict[str, Any] = {
            "StatusCode": 200,
            "Payload": StreamingBody(io.BytesIO(body), len(body)),
        }
        if error:
            response["FunctionError"] = "Unhandled"
        self.stubbers["lambda"].add_response(
            "invoke",
            response,
            {
                "FunctionName": "littlelemon-lean-manage",
                "InvocationType": "RequestResponse",
                "Payload": json.dumps(payload).encode(),
            },
        )

    def expect_secret(self, arn: str, password: str) -> None:
        self.stubbers["secretsmanager"].add_response(
            "get_secret_value",
            {"ARN": arn, "SecretString": json.dumps({"username": "u", "password": password})},
            {"SecretId": arn},
        )

    def expect_stack_status(self, status: str) -> None:
        self.stubbers["cloudformation"].add_response(
            "describe_stacks",
            {
                "Stacks": [
                    {
                        "StackName": "littlelemon-lean-api",
                        "StackId": STACK_ID,
                        "CreationTime": "2026-01-01T00:00:00Z",
                        "StackStatus": status,
                    }
                ]
            },
            {"StackName": STACK_ID},
        )

    def all_called(self) -> None:
        for stubber in self.stubbers.values():
            stubber.assert_no_pending_responses()


@pytest.fixture
def aws() -> Iterator[Aws]:
    stubbed = Aws()
    yield stubbed
    stubbed.all_called()


def event(request_type: str, **properties: Any) -> dict[str, Any]:
    return {
        "RequestType": request_type,
        "StackId": STACK_ID,
        "RequestId": "r-1",
        "LogicalResourceId": "MigrationsMigrate",
        "ResourceType": "Custom::DjangoMigrate",
        "ResourceProperties": {
            "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:framework",
            "FunctionName": "littlelemon-lean-manage",
            "ManageTimeoutSeconds": "300",
            "CodeVersion": "abc",
            **properties,
        },
    }


MIGRATE = {"command": "migrate", "args": ["--no-input"]}
OK = {"command": "migrate", "args": ["--no-input"], "exit_status": 0, "output": "Applied."}


def test_create_migrates_once_with_no_retry_and_a_read_timeout_past_the_function_timeout(
    aws: Aws,
) -> None:
    aws.expect_invoke(MIGRATE, OK)
    result = runner.handle(event("Create"), runner.Clients(aws.factory))
    assert result == {"PhysicalResourceId": "django-migrations", "Data": {"Migrated": "true"}}
    config = aws.created_with["lambda"]["config"]
    assert config.read_timeout > 300
    assert config.retries["total_max_attempts"] == 1


def test_lean_hands_the_master_password_to_the_function_in_the_payload_and_logs_none(
    aws: Aws, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    aws.expect_secret(MASTER_ARN, MASTER_PASSWORD)
    bootstrap = {
        "master_user": "admin",
        "master_password": MASTER_PASSWORD,
        "app_user_password": None,
    }
    aws.expect_invoke({**MIGRATE, "bootstrap": bootstrap}, OK)
    runner.handle(
        event("Create", MasterUser="admin", MasterSecretArn=MASTER_ARN),
        runner.Clients(aws.factory),
    )
    assert MASTER_PASSWORD not in caplog.text


def test_standard_hands_over_the_master_and_the_app_user_password(aws: Aws) -> None:
    aws.expect_secret(MASTER_ARN, MASTER_PASSWORD)
    aws.expect_secret(APP_ARN, APP_PASSWORD)
    bootstrap = {
        "master_user": "admin",
        "master_password": MASTER_PASSWORD,
        "app_user_password": APP_PASSWORD,
    }
    aws.expect_invoke({**MIGRATE, "bootstrap": bootstrap}, OK)
    runner.handle(
        event("Create", MasterUser="admin", MasterSecretArn=MASTER_ARN, AppUserSecretArn=APP_ARN),
        runner.Clients(aws.factory),
    )


def test_update_with_new_code_migrates(aws: Aws) -> None:
    aws.expect_stack_status("UPDATE_IN_PROGRESS")
    aws.expect_invoke(MIGRATE, OK)
    assert runner.handle(event("Update"), runner.Clients(aws.factory))["Data"] == {
        "Migrated": "true"
    }


def test_update_during_a_rollback_does_not_run_the_old_codes_migrate(aws: Aws) -> None:
    aws.expect_stack_status("UPDATE_ROLLBACK_IN_PROGRESS")
    result = runner.handle(event("Update"), runner.Clients(aws.factory))
    assert result["Data"] == {"Migrated": "false"}  # and no invoke: the stubber has none


def test_delete_calls_nothing(aws: Aws) -> None:
    result = runner.handle(
        {**event("Delete"), "PhysicalResourceId": "django-migrations"}, runner.Clients(aws.factory)
    )
    assert result == {"PhysicalResourceId": "django-migrations"}


def test_non_zero_exit_status_fails_the_deploy_with_the_error(aws: Aws) -> None:
    aws.expect_invoke(MIGRATE, {**OK, "exit_status": 1, "error": "no such table"})
    with pytest.raises(runner.MigrationError, match="status 1: no such table"):
        runner.handle(event("Create"), runner.Clients(aws.factory))


def test_function_error_fails_the_deploy(aws: Aws) -> None:
    aws.expect_invoke(MIGRATE, {"errorMessage": "Task timed out"}, error=True)
    with pytest.raises(runner.MigrationError, match=r"raised.*Task timed out"):
        runner.handle(event("Create"), runner.Clients(aws.factory))


def test_an_answer_that_is_no_json_object_fails_the_deploy(aws: Aws) -> None:
    aws.expect_invoke(MIGRATE, b"not json")
    with pytest.raises(runner.MigrationError, match="no JSON object"):
        runner.handle(event("Create"), runner.Clients(aws.factory))


def test_a_long_multibyte_reason_is_cut_by_encoded_bytes_into_valid_utf8(aws: Aws) -> None:
    aws.expect_invoke(MIGRATE, {**OK, "exit_status": 1, "error": "é€😀" * 2000})
    with pytest.raises(runner.MigrationError) as raised:
        runner.handle(event("Create"), runner.Clients(aws.factory))
    reason = str(raised.value)
    encoded = reason.encode("utf-8")
    assert len(encoded) <= runner.MAX_REASON_BYTES
    assert len(encoded) > runner.MAX_REASON_BYTES - 8  # cut close to the limit, not early
    assert reason.endswith("[...]")


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("abc", 3, "abc"), ("abcd", 3, "abc"), ("ééé", 5, "éé"), ("😀", 3, "")],
)
def test_truncate_utf8_cuts_whole_characters_within_the_limit(
    text: str, limit: int, expected: str
) -> None:
    assert runner.truncate_utf8(text, limit) == expected

"""The deploy-time migrations runner: the onEvent handler of a CDK Provider framework resource.

The Provider framework (aws_cdk.custom_resources.Provider) owns the CloudFormation response
protocol, its 4 KB limit and retries: this handler returns data on success and raises on
failure. It runs outside the VPC, so it may read Secrets Manager; the management function
(in the VPC, no route to Secrets Manager) gets the database bootstrap credentials in its
invocation payload and nowhere else.

When `migrate` runs (and when not):
- Create: always (the first deploy).
- Update: CloudFormation sends one only when a property changed, i.e. when the api bundle's
  content hash (`CodeVersion`) or the secrets/function names changed. A deploy that ships
  the same api bundle does not migrate.
- Update during a rollback (stack status UPDATE_ROLLBACK_IN_PROGRESS): skipped. The old
  code's `migrate` cannot undo the new migrations, and running it could only fail the
  rollback into UPDATE_ROLLBACK_FAILED; the schema stays as the new code left it, which
  Django's additive migrations keep readable by the old code (docs/deploy.md).
- Delete: nothing (migrations are never undone on teardown).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

logger = logging.getLogger(__name__)
logger.setLevel(logging.INFO)  # Lambda's root handler writes INFO and up to CloudWatch Logs

MIGRATE_PAYLOAD: Mapping[str, object] = {"command": "migrate", "args": ["--no-input"]}
PHYSICAL_ID = "django-migrations"
ROLLBACK_STATUSES = frozenset({"UPDATE_ROLLBACK_IN_PROGRESS"})
MANAGE_TIMEOUT_ENV = "MANAGE_TIMEOUT_S"
# CloudFormation rejects a custom resource response over 4096 bytes; the framework adds the
# ids and our Reason is the error message, so it keeps well below that (in bytes, not
# characters: one character may take up to four bytes in UTF-8).
MAX_REASON_BYTES = 2048
MAX_OUTPUT_BYTES = 512
# The wait for the management function: longer than its timeout, so that botocore never
# gives up on a run that is still going (its default read timeout is 60 s).
READ_TIMEOUT_MARGIN_S = 30
CONNECT_TIMEOUT_S = 10
MIGRATE_RAISED = "migrate raised in the management function: {detail}"
MIGRATE_FAILED = "migrate exited with status {status}: {detail}"
BAD_RESPONSE = "the management function answered no JSON object: {detail}"
SKIPPED_ON_ROLLBACK = "rollback: migrations are not run backwards (see docs/deploy.md)"


class MigrationError(Exception):
    """migrate failed; the message (cut to MAX_REASON_BYTES) becomes the deploy's reason."""

    def __init__(self, message: str) -> None:
        super().__init__(truncate_utf8(message, MAX_REASON_BYTES))


def truncate_utf8(text: str, limit: int) -> str:
    """`text` cut to at most `limit` bytes of UTF-8, never inside a character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    marker = " [...]" if limit > 64 else ""
    return encoded[: limit - len(marker)].decode("utf-8", errors="ignore") + marker


def lambda_config(manage_timeout_s: int) -> Any:
    """botocore settings for the one synchronous invoke: no retry, no early read timeout.

    A retried or timed-out-and-resent Invoke would start a second `migrate` while the first
    still runs. total_max_attempts=1 means one attempt in total (botocore's retry config).
    """
    from botocore.config import Config

    return Config(
        read_timeout=manage_timeout_s + READ_TIMEOUT_MARGIN_S,
        connect_timeout=CONNECT_TIMEOUT_S,
        retries={"total_max_attempts": 1, "mode": "standard"},
    )


class Clients:
    """The three AWS clients the runner uses, made lazily (tests pass their own)."""

    def __init__(self, factory: Callable[..., Any] | None = None) -> None:
        self._factory = factory
        self._made: dict[str, Any] = {}

    def get(self, service: str, **kwargs: Any) -> Any:
        if service not in self._made:
            if self._factory is not None:
                self._made[service] = self._factory(service, **kwargs)
            else:
                import boto3

                self._made[service] = boto3.client(service, **kwargs)  # type: ignore[call-overload]
        return self._made[service]


def secret_json(clients: Clients, arn: str) -> dict[str, Any]:
    value = clients.get("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]
    parsed = json.loads(value)
    if not isinstance(parsed, dict):
        raise MigrationError(f"secret {arn} is not a JSON object")
    return parsed


def bootstrap_request(properties: Mapping[str, Any], clients: Clients) -> dict[str, Any] | None:
    """What the management function needs to create the application user, if anything.

    Both profiles: the master user's name and password (MasterSecretArn), to sign in on
    the instance; standard also the application user's password (AppUserSecretArn), which
    RDS Proxy signs in with and the bootstrap creates the user with.
    """
    master_user = properties.get("MasterUser")
    if not master_user:
        return None
    request: dict[str, Any] = {
        "master_user": str(master_user),
        "master_password": None,
        "app_user_password": None,
    }
    if properties.get("MasterSecretArn"):
        request["master_password"] = str(
            secret_json(clients, str(properties["MasterSecretArn"]))["password"]
        )
    if properties.get("AppUserSecretArn"):
        request["app_user_password"] = str(
            secret_json(clients, str(properties["AppUserSecretArn"]))["password"]
        )
    return request


def is_rollback(event: Mapping[str, Any], clients: Clients) -> bool:
    """True when this Update is CloudFormation rolling the stack back to the old template."""
    if event.get("RequestType") != "Update":
        return False
    stacks = clients.get("cloudformation").describe_stacks(StackName=event["StackId"])["Stacks"]
    return bool(stacks) and stacks[0].get("StackStatus") in ROLLBACK_STATUSES


def run_migrate(properties: Mapping[str, Any], clients: Clients) -> dict[str, Any]:
    """Invoke the management function once, synchronously; the parsed result or raise."""
    timeout_s = int(properties.get("ManageTimeoutSeconds") or os.environ[MANAGE_TIMEOUT_ENV])
    payload: dict[str, Any] = dict(MIGRATE_PAYLOAD)
    bootstrap = bootstrap_request(properties, clients)
    if bootstrap is not None:
        payload["bootstrap"] = bootstrap
    client = clients.get("lambda", config=lambda_config(timeout_s))
    response = client.invoke(
        FunctionName=str(properties["FunctionName"]),
        InvocationType="RequestResponse",
        Payload=json.dumps(payload).encode(),
    )
    text = response["Payload"].read().decode("utf-8", errors="replace")
    if response.get("FunctionError"):
        raise MigrationError(MIGRATE_RAISED.format(detail=text))
    try:
        result = json.loads(text or "null")
    except json.JSONDecodeError:
        result = None
    if not isinstance(result, dict):
        raise MigrationError(BAD_RESPONSE.format(detail=text))
    status = result.get("exit_status")
    if status != 0:
        detail = result.get("error") or result.get("output") or ""
        raise MigrationError(MIGRATE_FAILED.format(status=status, detail=detail))
    return result


def handle(event: Mapping[str, Any], clients: Clients) -> dict[str, Any]:
    """The Provider framework's onEvent: data on success, an exception on failure."""
    request_type = event["RequestType"]
    if request_type == "Delete":
        return {"PhysicalResourceId": event.get("PhysicalResourceId") or PHYSICAL_ID}
    if is_rollback(event, clients):
        logger.info(SKIPPED_ON_ROLLBACK)
        return {"PhysicalResourceId": PHYSICAL_ID, "Data": {"Migrated": "false"}}
    result = run_migrate(event["ResourceProperties"], clients)
    output = truncate_utf8(str(result.get("output", "")), MAX_OUTPUT_BYTES)
    # migrate's own output only: the payload (with its passwords) is never logged
    logger.info("migrate ok: %s", output)
    return {"PhysicalResourceId": PHYSICAL_ID, "Data": {"Migrated": "true"}}


def on_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry point (handler `migrations_runner.on_event`)."""
    return handle(event, Clients())

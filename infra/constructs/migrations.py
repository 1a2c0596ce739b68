"""Run Django migrations through the management function on deploy; a failure fails the deploy."""

from __future__ import annotations

import json
from collections.abc import Mapping

from aws_cdk import CustomResource, Duration
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.function import function_role, log_group
from infra.nag import suppress

# What the management handler is asked to run (littlelemon.runtime.manage).
MIGRATE_PAYLOAD: Mapping[str, object] = {"command": "migrate", "args": ["--no-input"]}

# A CloudFormation custom resource handler, inline so that it needs no bundle of its own.
# It invokes the management function synchronously and reports FAILED, with the function's
# error, when the function raised or answered a non-zero exit status: CloudFormation then
# rolls the deploy back. Delete is a no-op: migrations are never "undone" on teardown.
_HANDLER = """
import json, urllib.request, boto3

LAMBDA = boto3.client("lambda")


def _reply(event, context, status, reason, data=None):
    body = json.dumps({
        "Status": status,
        "Reason": reason[:3500],
        "PhysicalResourceId": event.get("PhysicalResourceId") or "migrations",
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "Data": data or {},
    }).encode()
    request = urllib.request.Request(event["ResponseURL"], data=body, method="PUT",
                                     headers={"Content-Type": ""})
    urllib.request.urlopen(request, timeout=30).close()


def handler(event, context):
    try:
        if event["RequestType"] == "Delete":
            _reply(event, context, "SUCCESS", "nothing to undo")
            return
        properties = event["ResourceProperties"]
        response = LAMBDA.invoke(
            FunctionName=properties["FunctionName"],
            InvocationType="RequestResponse",
            Payload=properties["Payload"].encode(),
        )
        result = response["Payload"].read().decode()
        if response.get("FunctionError"):
            _reply(event, context, "FAILED", "migrate raised: " + result)
            return
        parsed = json.loads(result or "{}")
        if isinstance(parsed, dict) and parsed.get("exit_status", 0) != 0:
            _reply(event, context, "FAILED", "migrate failed: " + result)
            return
        _reply(event, context, "SUCCESS", "migrated", {"output": result[:1000]})
    except Exception as error:  # report every failure, or CloudFormation waits for an hour
        _reply(event, context, "FAILED", f"{type(error).__name__}: {error}")
"""


class Migrations(Construct):
    """A custom resource that runs `migrate` whenever the api code (its asset hash) changes."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        manage_function: lambda_.IFunction,
        code_version: str,
        config: InfraConfig,
    ) -> None:
        super().__init__(scope, construct_id)
        logs_to = log_group(self, "Logs", config=config)
        self.runner = lambda_.Function(
            self,
            "Runner",
            description="Runs migrate through the management function during deploys",
            runtime=lambda_.Runtime.PYTHON_3_12,
            architecture=lambda_.Architecture.ARM_64,
            handler="index.handler",
            code=lambda_.InlineCode(_HANDLER),
            # The management function may take 300 s; the runner waits for it and replies.
            timeout=Duration.seconds(360),
            memory_size=128,
            log_group=logs_to,
            role=function_role(self, "Role", logs_to=logs_to),
        )
        suppress(self.runner, "AwsSolutions-L1", "runner-runtime", children=False)
        # Exactly this function (grant_invoke would add its versions with a `:*` wildcard).
        self.runner.add_to_role_policy(
            iam.PolicyStatement(
                actions=["lambda:InvokeFunction"], resources=[manage_function.function_arn]
            )
        )
        self.resource = CustomResource(
            self,
            "Migrate",
            service_token=self.runner.function_arn,
            resource_type="Custom::DjangoMigrate",
            properties={
                "FunctionName": manage_function.function_name,
                "Payload": json.dumps(MIGRATE_PAYLOAD),
                # A new bundle (new hash) changes this property, so CloudFormation runs an
                # Update of the resource, i.e. migrate, on every deploy that ships new code.
                "CodeVersion": code_version,
            },
        )

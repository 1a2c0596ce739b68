"""Run Django migrations through the management function on deploy; a failure fails the deploy.

The runner (infra/runners/migrations_runner.py, a linted and tested module) is the onEvent
handler of a CDK Provider framework, which owns CloudFormation's response protocol, its
4 KB limit and its retries. It runs outside the VPC: it reads the database secrets there
and hands the bootstrap values to the management function in the invocation payload, so
no password is ever stored in a function's configuration.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CustomResource, Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.function import ARCHITECTURE, RUNTIME, function_role, log_group
from infra.nag import suppress

RUNNERS_DIR = Path(__file__).resolve().parent.parent / "runners"
RUNNER_HANDLER = "migrations_runner.on_event"
# The runner waits for the management function (up to its timeout) plus botocore's margin.
RUNNER_EXTRA_S = 60


class Migrations(Construct):
    """A custom resource that runs `migrate` on Create and whenever the api bundle changes.

    CloudFormation sends an Update only when a property changes; `CodeVersion` is the api
    bundle's SHA-256, so every deploy that ships different api code migrates, and one that
    ships the same bundle does not. A rollback's Update is skipped by the runner.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        manage_function: lambda_.IFunction,
        manage_timeout_s: int,
        code_version: str,
        config: InfraConfig,
        master_user: str,
        master_secret: secretsmanager.ISecret | None = None,
        app_user_secret: secretsmanager.ISecret | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        logs_to = log_group(self, "Logs", config=config)
        role = function_role(self, "Role", logs_to=logs_to)
        self.runner = lambda_.Function(
            self,
            "Runner",
            description="Runs migrate through the management function during deploys",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=RUNNER_HANDLER,
            code=lambda_.Code.from_asset(
                str(RUNNERS_DIR), exclude=["__pycache__", "*.pyc", "__init__.py"]
            ),
            timeout=Duration.seconds(manage_timeout_s + RUNNER_EXTRA_S),
            memory_size=128,
            log_group=logs_to,
            role=role,
            environment={"MANAGE_TIMEOUT_S": str(manage_timeout_s)},
        )
        suppress(self.runner, "AwsSolutions-L1", "runner-runtime", children=False)
        # Exactly this function (grant_invoke would add its versions with a `:*` wildcard).
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["lambda:InvokeFunction"], resources=[manage_function.function_arn]
            )
        )
        # Is this Update a rollback? Exactly this stack.
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["cloudformation:DescribeStacks"], resources=[Stack.of(self).stack_id]
            )
        )
        # The secrets it hands over, and no others (the master's; standard: the app user's).
        secrets = [secret for secret in (master_secret, app_user_secret) if secret is not None]
        if secrets:
            role.add_to_policy(
                iam.PolicyStatement(
                    actions=["secretsmanager:GetSecretValue"],
                    resources=[secret.secret_arn for secret in secrets],
                )
            )

        framework_logs = log_group(self, "ProviderLogs", config=config)
        framework_role = function_role(self, "ProviderRole", logs_to=framework_logs)
        self.provider = cr.Provider(
            self,
            "Provider",
            on_event_handler=self.runner,
            framework_on_event_role=framework_role,
            log_group=framework_logs,
        )
        suppress(framework_role, "AwsSolutions-IAM5", "provider-invoke")
        suppress(self.provider, "AwsSolutions-L1", "provider-runtime")

        properties: dict[str, str] = {
            "FunctionName": manage_function.function_name,
            "ManageTimeoutSeconds": str(manage_timeout_s),
            "MasterUser": master_user,
            # A new bundle (new hash) changes this property, so CloudFormation runs an
            # Update of the resource, i.e. migrate, on every deploy that ships new api code.
            "CodeVersion": code_version,
        }
        if master_secret is not None:
            properties["MasterSecretArn"] = master_secret.secret_arn
        if app_user_secret is not None:
            properties["AppUserSecretArn"] = app_user_secret.secret_arn
        self.resource = CustomResource(
            self,
            "Migrate",
            service_token=self.provider.service_token,
            resource_type="Custom::DjangoMigrate",
            properties=properties,
        )

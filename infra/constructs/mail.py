"""E-mail on AWS: the outbox table, the DynamoDB gateway endpoint and the mailer function.

The API Lambda cannot reach SES (no NAT, no interface endpoints, by design): it writes each
message into the outbox (DynamoDB, reached through a free gateway endpoint); the table's
stream triggers the mailer, a function outside the VPC, which sends it with SES. The
bookings functions (outside the VPC too) write the same outbox. Failed records are retried
on their own (ReportBatchItemFailures) and then land in a dead-letter queue.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.function import ARCHITECTURE, RUNTIME, function_role, log_group
from infra.nag import suppress
from littlelemon.mailer import outbox

MAILER_HANDLER = "littlelemon.mailer.handler.handler"


class Mail(Construct):
    """Outbox table (stream NEW_IMAGE, TTL), gateway endpoint, mailer function and its DLQ."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        vpc: ec2.IVpc,
        code: lambda_.Code,
        sender: str,
    ) -> None:
        super().__init__(scope, construct_id)
        self.sender = sender
        self.table = dynamodb.TableV2(
            self,
            "Outbox",
            partition_key=dynamodb.Attribute(
                name=outbox.PARTITION_KEY, type=dynamodb.AttributeType.STRING
            ),
            billing=dynamodb.Billing.on_demand(),
            dynamo_stream=dynamodb.StreamViewType.NEW_IMAGE,
            time_to_live_attribute=outbox.TTL_ATTRIBUTE,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            removal_policy=RemovalPolicy.DESTROY,  # messages in flight, not records
        )
        # In this construct's stack, not the VPC's: the endpoint names resources of this stack.
        self.endpoint = ec2.GatewayVpcEndpoint(
            self,
            "DynamoDbEndpoint",
            vpc=vpc,
            service=ec2.GatewayVpcEndpointAwsService.DYNAMODB,
            subnets=[ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)],
        )
        self.dead_letters = sqs.Queue(
            self,
            "Undeliverable",
            retention_period=Duration.days(14),
            enforce_ssl=True,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
        )
        logs = log_group(self, "Logs", config=config)
        role = function_role(self, "Role", logs_to=logs)
        self.function = lambda_.Function(
            self,
            "Mailer",
            description="Sends the e-mails of the outbox through SES",
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=MAILER_HANDLER,
            code=code,
            role=role,
            memory_size=128,
            timeout=Duration.seconds(30),
            environment={"MAIL_FROM": sender},
            log_group=logs,
            logging_format=lambda_.LoggingFormat.JSON,
            tracing=lambda_.Tracing.ACTIVE,
        )
        suppress(role, "AwsSolutions-IAM5", "xray", applies_to=["Resource::*"])
        self.function.add_event_source(
            sources.DynamoEventSource(
                self.table,
                starting_position=lambda_.StartingPosition.TRIM_HORIZON,
                batch_size=10,
                retry_attempts=3,
                report_batch_item_failures=True,
                on_failure=sources.SqsDlq(self.dead_letters),
                filters=[
                    lambda_.FilterCriteria.filter(
                        {"eventName": lambda_.FilterRule.is_equal("INSERT")}
                    )
                ],
            )
        )
        stack = Stack.of(self)
        domain = sender.rpartition("@")[2].rstrip(">")
        # SES authorizes SendRawEmail on the identity of the sender: exactly that one.
        self.function.add_to_role_policy(
            iam.PolicyStatement(
                actions=["ses:SendRawEmail"],
                resources=[
                    stack.format_arn(service="ses", resource="identity", resource_name=domain)
                ],
            )
        )
        suppress(self.dead_letters, "AwsSolutions-SQS3", "mail-dlq", children=False)
        suppress(self.function, "AwsSolutions-L1", "mailer-runtime", children=False)

    @property
    def environment(self) -> dict[str, str]:
        """What the API (and bookings) read to write the outbox."""
        return {outbox.TABLE_VARIABLE: self.table.table_name, "MAIL_FROM": self.sender}

    def grant_outbox_writes(self, grantee: iam.IGrantable) -> None:
        """PutItem on the outbox only (the exact table ARN)."""
        self.table.grant(grantee, "dynamodb:PutItem")

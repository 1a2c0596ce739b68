"""One Lambda function of the route table: Python 3.12 on arm64, traced, with its own log group."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aws_cdk import Duration, RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from infra.config import InfraConfig
from infra.nag import suppress
from littlelemon.gateway.routes import Function as FunctionSpec

# What every function runs on, and what littlelemon.bundle.lambda_zip builds each zip for
# (its LAMBDA_PYTHON and default arch): change them together.
RUNTIME = lambda_.Runtime.PYTHON_3_12
ARCHITECTURE = lambda_.Architecture.ARM_64

RETENTION: dict[int, logs.RetentionDays] = {
    1: logs.RetentionDays.ONE_DAY,
    3: logs.RetentionDays.THREE_DAYS,
    5: logs.RetentionDays.FIVE_DAYS,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    60: logs.RetentionDays.TWO_MONTHS,
    90: logs.RetentionDays.THREE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
}


def construct_id_of(name: str) -> str:
    """`bookings-create` -> `BookingsCreate`: construct IDs are nouns that never change."""
    parts = [part for part in name.replace("/", "-").replace(" ", "-").split("-") if part]
    return "".join(part[:1].upper() + part[1:] for part in parts)


def log_group(scope: Construct, construct_id: str, *, config: InfraConfig) -> logs.LogGroup:
    """A log group with the configured retention, removed with its stack (logs are not data)."""
    return logs.LogGroup(
        scope,
        construct_id,
        retention=RETENTION[config.log_retention_days],
        removal_policy=RemovalPolicy.DESTROY,
    )


def function_role(
    scope: Construct, construct_id: str, *, logs_to: logs.ILogGroup, in_vpc: bool = False
) -> iam.Role:
    """An execution role that may write to its own log group only (instead of the
    AWSLambdaBasicExecutionRole managed policy, which allows every log group)."""
    role = iam.Role(
        scope,
        construct_id,
        assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
        description="Lambda execution role: its own log group (and VPC ENIs when in the VPC)",
    )
    role.add_to_policy(
        iam.PolicyStatement(
            sid="OwnLogGroup",
            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
            resources=[logs_to.log_group_arn],
        )
    )
    if in_vpc:
        add_vpc_network_interface_policy(role)
    return role


# What Lambda needs to manage a VPC function's network interfaces, and nothing else: the
# ENI actions of AWSLambdaVPCAccessExecutionRole without its logs:* on every log group.
# https://docs.aws.amazon.com/lambda/latest/dg/configuring-vpc.html#configuring-vpc-permissions
VPC_DESCRIBE_ACTIONS = ("ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets")
VPC_INTERFACE_ACTIONS = (
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
)


def add_vpc_network_interface_policy(role: iam.Role) -> None:
    """The network-interface permissions of a VPC function, confined to this account/region."""
    stack = Stack.of(role)
    role.add_to_policy(
        iam.PolicyStatement(
            sid="DescribeNetwork",
            actions=list(VPC_DESCRIBE_ACTIONS),
            resources=["*"],  # Describe* actions take no resource ARN (nag.UNSCOPABLE_ACTIONS)
        )
    )
    arns = [
        stack.format_arn(service="ec2", resource=kind, resource_name="*")
        for kind in ("network-interface", "subnet", "security-group")
    ]
    role.add_to_policy(
        iam.PolicyStatement(
            sid="VpcNetworkInterfaces", actions=list(VPC_INTERFACE_ACTIONS), resources=arns
        )
    )
    suppress(
        role,
        "AwsSolutions-IAM5",
        "lambda-vpc",
        applies_to=[
            "Resource::*",
            *(
                f"Resource::arn:<AWS::Partition>:ec2:{stack.region}:<AWS::AccountId>:{kind}/*"
                for kind in ("network-interface", "subnet", "security-group")
            ),
        ],
    )


class AppFunction(Construct):
    """A function of `littlelemon.gateway.routes.FUNCTIONS`, built from a prebuilt zip bundle."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        spec: FunctionSpec,
        code: lambda_.Code,
        config: InfraConfig,
        environment: Mapping[str, str],
        environment_key: kms.IKey | None = None,
        vpc: ec2.IVpc | None = None,
        security_groups: Sequence[ec2.ISecurityGroup] = (),
        reserved_concurrency: int | None = None,
        snapstart: bool = False,
    ) -> None:
        super().__init__(scope, construct_id)
        self.spec = spec
        self.log_group = log_group(self, "Logs", config=config)
        self.role = function_role(self, "Role", logs_to=self.log_group, in_vpc=vpc is not None)
        self.function = lambda_.Function(
            self,
            "Function",
            description=spec.description,
            runtime=RUNTIME,
            architecture=ARCHITECTURE,
            handler=spec.handler,
            code=code,
            role=self.role,
            memory_size=spec.memory_mb,
            timeout=Duration.seconds(spec.timeout_s),
            environment=dict(environment),
            environment_encryption=environment_key,
            tracing=lambda_.Tracing.ACTIVE,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            vpc=vpc,
            vpc_subnets=(
                ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED) if vpc else None
            ),
            security_groups=list(security_groups) if vpc else None,
            allow_public_subnet=False,
            reserved_concurrent_executions=reserved_concurrency,
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS if snapstart else None,
        )
        if environment_key is not None:
            # Lambda decrypts the environment with the function's own role at start-up.
            environment_key.grant_decrypt(self.role)
        # Active tracing adds xray:PutTraceSegments/PutTelemetryRecords on "*" to the role.
        suppress(self.role, "AwsSolutions-IAM5", "xray", applies_to=["Resource::*"])
        suppress(self.function, "AwsSolutions-L1", "python312", children=False)
        # With SnapStart only published versions are snapshotted: callers invoke the alias.
        self.target: lambda_.IFunction = (
            lambda_.Alias(self, "Live", alias_name="live", version=self.function.current_version)
            if snapstart
            else self.function
        )

"""Data: RDS MySQL (and its RDS Proxy in `standard`) and the bookings table. Stateful on purpose.

Nothing here is replaced by a routine deploy; the stateless stacks read what they need from
the attributes below.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Duration, RemovalPolicy, SecretValue, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.config import InfraConfig
from infra.nag import suppress
from infra.stacks.network import NetworkStack
from littlelemon.bookings import table as bookings_table

MYSQL_PORT = 3306
BACKUP_RETENTION_DAYS = 7
MYSQL_VERSIONS: dict[str, rds.MysqlEngineVersion] = {
    "8.0": rds.MysqlEngineVersion.VER_8_0_46,
    "8.4": rds.MysqlEngineVersion.VER_8_4_10,
}


class DataStack(Stack):
    """The relational database of the api and the DynamoDB table of the bookings service."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        network: NetworkStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config

        # Security groups open no outbound traffic by default; each rule below is one path.
        self.database_security_group = self._security_group(
            network, "DatabaseSecurityGroup", "RDS MySQL: MySQL from the proxy or the functions"
        )
        self.proxy_security_group: ec2.SecurityGroup | None = None
        if config.is_lean:
            self._allow_mysql(network.app_security_group, self.database_security_group)
        else:
            self.proxy_security_group = self._security_group(
                network,
                "ProxySecurityGroup",
                "RDS Proxy: MySQL from the functions, to the database",
            )
            self._allow_mysql(network.app_security_group, self.proxy_security_group)
            self._allow_mysql(self.proxy_security_group, self.database_security_group)

        parameters = rds.ParameterGroup(
            self,
            "Parameters",
            engine=self._engine(config),
            description="Little Lemon MySQL: TLS required (IAM authentication needs it anyway)",
            parameters={"require_secure_transport": "ON"},
        )
        self.database = rds.DatabaseInstance(
            self,
            "Database",
            engine=self._engine(config),
            instance_type=ec2.InstanceType(config.db_instance_type),
            vpc=network.vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            security_groups=[self.database_security_group],
            publicly_accessible=False,
            port=MYSQL_PORT,
            database_name=config.db_name,
            # Replaced below by an RDS-managed master password (see _manage_master_password).
            credentials=rds.Credentials.from_password(
                config.db_master_user, SecretValue.unsafe_plain_text("replaced-by-rds")
            ),
            allocated_storage=config.db_allocated_storage_gb,
            max_allocated_storage=config.db_allocated_storage_gb * 5,
            storage_type=rds.StorageType.GP3,
            storage_encrypted=True,
            multi_az=False,
            backup_retention=Duration.days(BACKUP_RETENTION_DAYS),
            delete_automated_backups=False,
            deletion_protection=config.db_deletion_protection,
            removal_policy=RemovalPolicy.SNAPSHOT,
            iam_authentication=True,
            auto_minor_version_upgrade=True,
            parameter_group=parameters,
            cloudwatch_logs_exports=["error"],
            cloudwatch_logs_retention=None,
            enable_performance_insights=False,
        )
        self.master_secret = self._manage_master_password()
        suppress(self.database, "AwsSolutions-RDS3", "multi-az")
        suppress(self.database, "AwsSolutions-RDS11", "default-port")

        self.proxy: rds.DatabaseProxy | None = None
        if not config.is_lean:
            assert self.proxy_security_group is not None
            self.proxy = rds.DatabaseProxy(
                self,
                "Proxy",
                proxy_target=rds.ProxyTarget.from_instance(self.database),
                secrets=[self.master_secret],
                vpc=network.vpc,
                vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
                security_groups=[self.proxy_security_group],
                require_tls=True,
                iam_auth=True,
                max_connections_percent=90,
                idle_client_timeout=Duration.minutes(30),
                debug_logging=False,
            )

        self.bookings_table = dynamodb.Table(
            self,
            "BookingsTable",
            partition_key=dynamodb.Attribute(
                name=bookings_table.PARTITION_KEY, type=dynamodb.AttributeType.STRING
            ),
            sort_key=dynamodb.Attribute(
                name=bookings_table.SORT_KEY, type=dynamodb.AttributeType.STRING
            ),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            time_to_live_attribute=bookings_table.TTL_ATTRIBUTE,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        for index in bookings_table.TABLE_GLOBAL_SECONDARY_INDEXES:
            hash_key, range_key = (key["AttributeName"] for key in index["KeySchema"])
            self.bookings_table.add_global_secondary_index(
                index_name=index["IndexName"],
                partition_key=dynamodb.Attribute(name=hash_key, type=dynamodb.AttributeType.STRING),
                sort_key=dynamodb.Attribute(name=range_key, type=dynamodb.AttributeType.STRING),
                projection_type=dynamodb.ProjectionType.ALL,
            )

    def _security_group(
        self, network: NetworkStack, construct_id: str, description: str
    ) -> ec2.SecurityGroup:
        return ec2.SecurityGroup(
            self,
            construct_id,
            vpc=network.vpc,
            description=description,
            allow_all_outbound=False,
        )

    @staticmethod
    def _allow_mysql(source: ec2.ISecurityGroup, target: ec2.ISecurityGroup) -> None:
        """`source` may open MySQL connections to `target`: one ingress and one egress rule."""
        target.connections.allow_from(source, ec2.Port.tcp(MYSQL_PORT), "MySQL")

    @staticmethod
    def _engine(config: InfraConfig) -> rds.IInstanceEngine:
        return rds.DatabaseInstanceEngine.mysql(version=MYSQL_VERSIONS[config.mysql_version])

    def _manage_master_password(self) -> secretsmanager.ISecret:
        """Let RDS own the master password in Secrets Manager and rotate it itself.

        A rotation Lambda would have to sit in the VPC and reach the Secrets Manager API,
        which needs a NAT gateway (US$32.85/month) or an interface endpoint (US$7.30 per AZ
        and month): more than the database itself. RDS-managed rotation (every 7 days by
        default) needs neither.
        """
        cfn = self.database.node.default_child
        assert isinstance(cfn, rds.CfnDBInstance)
        cfn.add_property_deletion_override("MasterUserPassword")
        cfn.manage_master_user_password = True
        return secretsmanager.Secret.from_secret_complete_arn(
            self, "MasterSecret", cfn.attr_master_user_secret_secret_arn
        )

    @property
    def database_resource_id(self) -> str:
        """The instance's DbiResourceId: the `dbuser` ARNs of IAM database auth name it."""
        cfn = self.database.node.default_child
        assert isinstance(cfn, rds.CfnDBInstance)
        return cfn.attr_dbi_resource_id

    @property
    def database_endpoint(self) -> str:
        """Where the api connects: the proxy in `standard`, the instance in `lean`."""
        if self.proxy is not None:
            return self.proxy.endpoint
        return self.database.db_instance_endpoint_address

"""RDS MySQL, its security groups and (when the profile has one) its RDS Proxy."""

from __future__ import annotations

from aws_cdk import ArnFormat, Duration, RemovalPolicy, SecretValue, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_rds as rds
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.config import InfraConfig
from infra.nag import suppress

MYSQL_PORT = 3306
BACKUP_RETENTION_DAYS = 7
INSTANCE_LOGICAL_ID = "DatabaseB269D8BB"  # as first deployed: never change it
# The major version only: CloudFormation's EngineVersion "8.4" lets RDS pick the current
# minor at creation, and AutoMinorVersionUpgrade keeps it current. A pinned minor (8.4.10)
# fails the first deploy once RDS stops offering it to new instances.
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html
MYSQL_VERSIONS: dict[str, rds.MysqlEngineVersion] = {
    "8.0": rds.MysqlEngineVersion.of("8.0", "8.0"),
    "8.4": rds.MysqlEngineVersion.of("8.4", "8.4"),
}


class Database(Construct):
    """The api's relational database; clients in `clients` may open MySQL connections.

    Attributes other parts use: `endpoint` (proxy or instance), `bootstrap_host` (the
    instance itself), `master_secret` (RDS-managed), `app_user_secret` (the proxy's sign-in
    for the application user; None without a proxy), `grant_connect()`.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        vpc: ec2.IVpc,
        clients: ec2.ISecurityGroup,
    ) -> None:
        super().__init__(scope, construct_id)
        self.config = config
        self.security_group = self._security_group(
            vpc, "SecurityGroup", "RDS MySQL: MySQL from the proxy or the functions"
        )
        # The functions reach the instance directly in every profile: lean's api uses IAM
        # authentication on it, and the deploy-time bootstrap signs in as the master user
        # on the instance (never through the proxy, which knows only the application user).
        self._allow_mysql(clients, self.security_group)

        engine = rds.DatabaseInstanceEngine.mysql(version=MYSQL_VERSIONS[config.mysql_version])
        parameters = rds.ParameterGroup(
            self,
            "Parameters",
            engine=engine,
            description="Little Lemon MySQL: TLS required (IAM authentication needs it anyway)",
            parameters={"require_secure_transport": "ON"},
        )
        self.instance = rds.DatabaseInstance(
            self,
            "Instance",
            engine=engine,
            instance_type=ec2.InstanceType(config.db_instance_type),
            vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            security_groups=[self.security_group],
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
        # The instance moved into this construct from the data stack; its logical ID stays
        # what it was, or CloudFormation would replace (re-create) the database.
        instance_cfn = self.instance.node.default_child
        assert isinstance(instance_cfn, rds.CfnDBInstance)
        instance_cfn.override_logical_id(INSTANCE_LOGICAL_ID)
        # cfn-lint's E3691 lists only full versions, but RDS takes a major version alone and
        # picks a recent minor of it (the false positive, with AWS's wording, is cfn-lint
        # issue 3849: https://github.com/aws-cloudformation/cfn-lint/issues/3849).
        instance_cfn.add_metadata("cfn-lint", {"config": {"ignore_checks": ["E3691"]}})
        self.master_secret = self._manage_master_password()
        suppress(self.instance, "AwsSolutions-RDS3", "multi-az")
        suppress(self.instance, "AwsSolutions-RDS11", "default-port")

        self.proxy: rds.DatabaseProxy | None = None
        self.app_user_secret: secretsmanager.ISecret | None = None
        if config.capabilities.rds_proxy:
            self.proxy, self.app_user_secret = self._proxy(vpc, clients)

    def _proxy(
        self, vpc: ec2.IVpc, clients: ec2.ISecurityGroup
    ) -> tuple[rds.DatabaseProxy, secretsmanager.ISecret]:
        """RDS Proxy that signs in to MySQL as the application user, never as the master.

        RDS Proxy needs one Secrets Manager secret per database user it connects as
        (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-secrets-arns.html);
        clients authenticate to the proxy with IAM, the proxy to MySQL with this password.
        The deploy-time bootstrap creates the MySQL user with the password in this secret.
        """
        config = self.config
        proxy_security_group = self._security_group(
            vpc, "ProxySecurityGroup", "RDS Proxy: MySQL from the functions, to the database"
        )
        self._allow_mysql(clients, proxy_security_group)
        self._allow_mysql(proxy_security_group, self.security_group)
        app_user_secret = rds.DatabaseSecret(
            self,
            "AppUserSecret",
            username=config.db_app_user,
            secret_name=f"{config.stack_name('db-app-user')}",
        )
        # Rotation would need a function in the VPC that reaches Secrets Manager (a NAT or an
        # interface endpoint, more than the database costs); the password never leaves AWS:
        # only the proxy and the deploy-time bootstrap read it.
        suppress(app_user_secret, "AwsSolutions-SMG4", "app-user-secret-rotation")
        proxy = rds.DatabaseProxy(
            self,
            "Proxy",
            proxy_target=rds.ProxyTarget.from_instance(self.instance),
            db_proxy_name=config.stack_name("proxy"),
            secrets=[app_user_secret],
            vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            security_groups=[proxy_security_group],
            require_tls=True,
            iam_auth=True,
            max_connections_percent=90,
            idle_client_timeout=Duration.minutes(30),
            debug_logging=False,
        )
        return proxy, app_user_secret

    def _security_group(
        self, vpc: ec2.IVpc, construct_id: str, description: str
    ) -> ec2.SecurityGroup:
        return ec2.SecurityGroup(
            self, construct_id, vpc=vpc, description=description, allow_all_outbound=False
        )

    @staticmethod
    def _allow_mysql(source: ec2.ISecurityGroup, target: ec2.ISecurityGroup) -> None:
        """`source` may open MySQL connections to `target`: one ingress and one egress rule."""
        target.connections.allow_from(source, ec2.Port.tcp(MYSQL_PORT), "MySQL")

    def _manage_master_password(self) -> secretsmanager.ISecret:
        """Let RDS own the master password in Secrets Manager and rotate it itself.

        A rotation Lambda would have to sit in the VPC and reach the Secrets Manager API,
        which needs a NAT gateway (US$32.85/month) or an interface endpoint (US$7.30 per AZ
        and month): more than the database itself. RDS-managed rotation (every 7 days by
        default) needs neither.
        """
        cfn = self.instance.node.default_child
        assert isinstance(cfn, rds.CfnDBInstance)
        cfn.add_property_deletion_override("MasterUserPassword")
        cfn.manage_master_user_password = True
        return secretsmanager.Secret.from_secret_complete_arn(
            self, "MasterSecret", cfn.attr_master_user_secret_secret_arn
        )

    @property
    def resource_id(self) -> str:
        """The instance's DbiResourceId: the `dbuser` ARNs of IAM database auth name it."""
        cfn = self.instance.node.default_child
        assert isinstance(cfn, rds.CfnDBInstance)
        return cfn.attr_dbi_resource_id

    @property
    def endpoint(self) -> str:
        """Where the api connects: the proxy when there is one, else the instance."""
        if self.proxy is not None:
            return self.proxy.endpoint
        return self.instance.db_instance_endpoint_address

    @property
    def bootstrap_host(self) -> str:
        """The instance's own address: the master user signs in here, never via the proxy."""
        return self.instance.db_instance_endpoint_address

    def grant_connect(self, grantee: iam.IGrantable) -> None:
        """rds-db:connect as the application user only, on the proxy or on the instance."""
        user = self.config.db_app_user
        if self.proxy is not None:
            self.proxy.grant_connect(grantee, user)
            return
        stack = Stack.of(self)
        iam.Grant.add_to_principal(
            grantee=grantee,
            actions=["rds-db:connect"],
            resource_arns=[
                stack.format_arn(
                    service="rds-db",
                    resource="dbuser",
                    resource_name=f"{self.resource_id}/{user}",
                    arn_format=ArnFormat.COLON_RESOURCE_NAME,
                )
            ],
        )

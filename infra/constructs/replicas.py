"""RDS MySQL read replicas of the api's database (`-c readReplicas=N`), and who may use them."""

from __future__ import annotations

from aws_cdk import ArnFormat, Duration, RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_rds as rds
from constructs import Construct

from infra.nag import suppress


class ReadReplicas(Construct):
    """`count` read replicas of `source`, in its subnets, behind its security group.

    The api reaches them directly with IAM database authentication (the IAM user replicates
    from the primary); `urls()` is what it reads as DATABASE_REPLICA_URLS.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        source: rds.DatabaseInstance,
        count: int,
        instance_type: str,
        allocated_storage_gb: int,
        vpc: ec2.IVpc,
        security_group: ec2.ISecurityGroup,
        parameter_group: rds.IParameterGroup,
        port: int,
    ) -> None:
        super().__init__(scope, construct_id)
        self.port = port
        self.instances: list[rds.DatabaseInstanceReadReplica] = []
        for number in range(1, count + 1):
            replica = rds.DatabaseInstanceReadReplica(
                self,
                f"Replica{number}",
                source_database_instance=source,
                instance_type=ec2.InstanceType(instance_type),
                vpc=vpc,
                vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
                security_groups=[security_group],
                publicly_accessible=False,
                port=port,
                parameter_group=parameter_group,
                # its own copy of the data, priced by the cost model as such
                allocated_storage=allocated_storage_gb,
                max_allocated_storage=allocated_storage_gb * 5,
                storage_type=rds.StorageType.GP3,
                iam_authentication=True,
                multi_az=False,
                auto_minor_version_upgrade=True,
                # A replica holds nothing the primary lacks: no backups, no final snapshot
                # (RDS takes none of a replica), no deletion protection.
                backup_retention=Duration.days(0),
                deletion_protection=False,
                removal_policy=RemovalPolicy.DESTROY,
                cloudwatch_logs_exports=["error"],
                enable_performance_insights=False,
            )
            for rule, reason in (
                ("AwsSolutions-RDS2", "replica-encryption"),
                ("AwsSolutions-RDS3", "multi-az"),
                ("AwsSolutions-RDS10", "replica-disposable"),
                ("AwsSolutions-RDS11", "default-port"),
                ("AwsSolutions-RDS13", "replica-disposable"),
            ):
                suppress(replica, rule, reason)
            self.instances.append(replica)

    def urls(self, *, user: str, database: str) -> str:
        """DATABASE_REPLICA_URLS: one mysql:// URL per replica, no password (IAM auth)."""
        return ",".join(
            f"mysql://{user}@{replica.db_instance_endpoint_address}:{self.port}/{database}"
            for replica in self.instances
        )

    def grant_connect(self, grantee: iam.IGrantable, *, user: str) -> None:
        """rds-db:connect as `user` on each replica (each has its own DbiResourceId)."""
        if not self.instances:
            return
        stack = Stack.of(self)
        arns = []
        for replica in self.instances:
            cfn = replica.node.default_child
            assert isinstance(cfn, rds.CfnDBInstance)
            arns.append(
                stack.format_arn(
                    service="rds-db",
                    resource="dbuser",
                    resource_name=f"{cfn.attr_dbi_resource_id}/{user}",
                    arn_format=ArnFormat.COLON_RESOURCE_NAME,
                )
            )
        iam.Grant.add_to_principal(grantee=grantee, actions=["rds-db:connect"], resource_arns=arns)

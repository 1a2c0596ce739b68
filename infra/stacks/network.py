"""Network: a two-AZ VPC with public and isolated subnets, no NAT, and the security groups."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.function import log_group


class NetworkStack(Stack):
    """The VPC and the functions' security group (the data stack opens its doors to it)."""

    def __init__(
        self, scope: Construct, construct_id: str, *, config: InfraConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        # No NAT gateway (US$32.85/month each): the functions in the VPC only talk to the
        # database, and IAM database auth signs tokens locally, so nothing needs the internet.
        self.vpc = ec2.Vpc(
            self,
            "Vpc",
            max_azs=2,
            nat_gateways=0,
            subnet_configuration=[
                ec2.SubnetConfiguration(
                    name="public", subnet_type=ec2.SubnetType.PUBLIC, cidr_mask=24
                ),
                ec2.SubnetConfiguration(
                    name="isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=24
                ),
            ],
            flow_logs={
                # Rejected traffic only: what a security review needs, at a fraction of the volume.
                "rejected": ec2.FlowLogOptions(
                    traffic_type=ec2.FlowLogTrafficType.REJECT,
                    destination=ec2.FlowLogDestination.to_cloud_watch_logs(
                        log_group(self, "FlowLogs", config=config)
                    ),
                )
            },
        )

        self.app_security_group = ec2.SecurityGroup(
            self,
            "AppFunctions",
            vpc=self.vpc,
            description="API and management functions: may only open MySQL connections",
            allow_all_outbound=False,
        )

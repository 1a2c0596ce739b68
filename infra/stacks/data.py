"""Data: RDS MySQL (and its RDS Proxy in `standard`) and the bookings table. Stateful on purpose.

Nothing here is replaced by a routine deploy; the stateless stacks read what they need from
the attributes below.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.database import Database
from littlelemon.bookings import table as bookings_table


class DataStack(Stack):
    """The relational database of the api and the DynamoDB table of the bookings service."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        vpc: ec2.IVpc,
        app_security_group: ec2.ISecurityGroup,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config

        self.database = Database(
            self, "Database", config=config, vpc=vpc, clients=app_security_group
        )
        # Narrow attributes for the stacks that use the database.
        self.master_secret = self.database.master_secret
        self.app_user_secret = self.database.app_user_secret

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

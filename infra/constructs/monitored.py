"""What the alarms and the dashboard watch: the deployed parts, as narrow references."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_rds as rds

FIVE_MINUTES = Duration.minutes(5)


@dataclass(frozen=True, kw_only=True)
class MonitoredParts:
    """The resources whose metrics are watched (no stacks: only what the metrics name)."""

    api_id: str
    api_function: lambda_.IFunction
    bookings_functions: Mapping[str, lambda_.IFunction]
    database: rds.IDatabaseInstance
    table: dynamodb.ITable
    web_environment_name: str

    def api_metric(self, name: str, statistic: str = "Sum") -> cloudwatch.Metric:
        """A metric of the HTTP API's $default stage."""
        return cloudwatch.Metric(
            namespace="AWS/ApiGateway",
            metric_name=name,
            dimensions_map={"ApiId": self.api_id, "Stage": "$default"},
            statistic=statistic,
            period=FIVE_MINUTES,
        )

    @property
    def web_health(self) -> cloudwatch.Metric:
        """Elastic Beanstalk's EnvironmentHealth (0 OK ... 25 Severe)."""
        return cloudwatch.Metric(
            namespace="AWS/ElasticBeanstalk",
            metric_name="EnvironmentHealth",
            dimensions_map={"EnvironmentName": self.web_environment_name},
            statistic="Maximum",
            period=FIVE_MINUTES,
        )

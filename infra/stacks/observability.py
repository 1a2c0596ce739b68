"""Observability: one dashboard and the alarms that matter, mailed through SNS."""

from __future__ import annotations

from typing import Any

from aws_cdk import Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.alarms import Alarms, AlarmSpec
from infra.constructs.dashboard import Dashboard
from infra.constructs.monitored import FIVE_MINUTES, MonitoredParts

# Elastic Beanstalk's EnvironmentHealth metric: 0 OK, 1 Info, 5 Unknown, 10 No data,
# 15 Warning, 20 Degraded, 25 Severe.
EB_DEGRADED = 20


class ObservabilityStack(Stack):
    """Dashboard (API, functions, database, table, web) and alarms to the alarm e-mail."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        parts: MonitoredParts,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        api_metric = parts.api_metric
        api_function = parts.api_function
        database = parts.database
        web_health = parts.web_health
        write_throttles = parts.table.metric(
            "WriteThrottleEvents", statistic="Sum", period=FIVE_MINUTES
        )

        alarm_specs = [
            AlarmSpec(
                name="ApiServerErrors",
                metric=api_metric("5xx"),
                threshold=5,
                # Covers the bookings functions too: their failures reach clients as 5xx.
                # Single-metric alarms keep the count within CloudWatch's 10 free alarm metrics.
                description="The HTTP API answered 5 or more 5xx in 5 minutes",
            ),
            AlarmSpec(
                name="ApiLatency",
                metric=api_metric("Latency", "p90"),
                threshold=3000,
                evaluation_periods=3,
                description="90th percentile latency above 3 s for 15 minutes",
            ),
            AlarmSpec(
                name="ApiFunctionErrors",
                metric=api_function.metric_errors(period=FIVE_MINUTES),
                threshold=1,
                description="The api function raised (unhandled error or timeout)",
            ),
            AlarmSpec(
                name="ApiFunctionThrottles",
                metric=api_function.metric_throttles(period=FIVE_MINUTES),
                threshold=1,
                description="The api function hit its concurrency cap (lean: DB connection cap)",
            ),
            AlarmSpec(
                name="DatabaseCpu",
                metric=database.metric_cpu_utilization(period=FIVE_MINUTES),
                threshold=80,
                evaluation_periods=3,
                description="RDS CPU above 80 % for 15 minutes (t4g burst credits run out)",
            ),
            AlarmSpec(
                name="DatabaseFreeStorage",
                metric=database.metric_free_storage_space(period=FIVE_MINUTES),
                threshold=2 * 1024**3,
                comparison=cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
                description="Less than 2 GiB of database storage left",
            ),
            AlarmSpec(
                name="DatabaseConnections",
                metric=database.metric_database_connections(period=FIVE_MINUTES),
                threshold=50,
                description="More than 50 MySQL connections (a db.t4g.micro allows about 60-85)",
            ),
            AlarmSpec(
                name="BookingsTableThrottles",
                metric=write_throttles,
                threshold=1,
                description="DynamoDB throttled writes to the bookings table (bookings fail)",
            ),
            AlarmSpec(
                name="WebHealth",
                metric=web_health,
                threshold=EB_DEGRADED,
                evaluation_periods=2,
                description="The web environment is Degraded or Severe for 10 minutes",
            ),
        ]
        alarms = Alarms(self, "Alarms", config=config, specs=alarm_specs)
        self.topic = alarms.topic
        self.alarms: dict[str, cloudwatch.Alarm] = alarms.alarms
        self.dashboard = Dashboard(
            self, "Dashboard", config=config, parts=parts, alarms=list(self.alarms.values())
        ).dashboard

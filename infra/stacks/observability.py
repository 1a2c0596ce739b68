"""Observability: one dashboard and the alarms that matter, mailed through SNS."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

from infra.config import InfraConfig
from infra.stacks.api import ApiStack
from infra.stacks.bookings import BOOKINGS_NAMESPACE, BookingsStack
from infra.stacks.data import DataStack
from infra.stacks.web import WebStack

FIVE_MINUTES = Duration.minutes(5)
# Elastic Beanstalk's EnvironmentHealth metric: 0 OK, 1 Info, 5 Unknown, 10 No data,
# 15 Warning, 20 Degraded, 25 Severe.
EB_DEGRADED = 20


@dataclass(frozen=True, kw_only=True)
class AlarmSpec:
    """One alarm: a metric (or expression), a threshold and how long it must hold."""

    name: str
    metric: cloudwatch.IMetric
    threshold: float
    description: str
    comparison: cloudwatch.ComparisonOperator = (
        cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
    )
    evaluation_periods: int = 1


class ObservabilityStack(Stack):
    """Dashboard (API, functions, database, table, web) and alarms to the alarm e-mail."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        data: DataStack,
        api: ApiStack,
        bookings: BookingsStack,
        web: WebStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.topic = sns.Topic(self, "Alarms", display_name="Little Lemon alarms", enforce_ssl=True)
        self.topic.add_subscription(subscriptions.EmailSubscription(config.alarm_email))
        # CloudWatch publishes alarm state changes to the topic.
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                actions=["sns:Publish"],
                principals=[iam.ServicePrincipal("cloudwatch.amazonaws.com")],
                resources=[self.topic.topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": self.account}},
            )
        )

        api_dimensions = {"ApiId": api.http_api.api_id, "Stage": "$default"}

        def api_metric(name: str, statistic: str = "Sum") -> cloudwatch.Metric:
            return cloudwatch.Metric(
                namespace="AWS/ApiGateway",
                metric_name=name,
                dimensions_map=api_dimensions,
                statistic=statistic,
                period=FIVE_MINUTES,
            )

        api_function = api.functions["api"].function
        bookings_functions = [f.function for f in bookings.functions.values()]
        database = data.database.instance
        table = data.bookings_table
        write_throttles = table.metric("WriteThrottleEvents", statistic="Sum", period=FIVE_MINUTES)
        table_throttles = cloudwatch.MathExpression(
            expression="reads+writes",
            using_metrics={
                "reads": table.metric("ReadThrottleEvents", statistic="Sum", period=FIVE_MINUTES),
                "writes": table.metric("WriteThrottleEvents", statistic="Sum", period=FIVE_MINUTES),
            },
            label="DynamoDB throttle events",
            period=FIVE_MINUTES,
        )
        web_health = cloudwatch.Metric(
            namespace="AWS/ElasticBeanstalk",
            metric_name="EnvironmentHealth",
            dimensions_map={"EnvironmentName": web.environment_name},
            statistic="Maximum",
            period=FIVE_MINUTES,
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
        self.alarms: dict[str, cloudwatch.Alarm] = {}
        for spec in alarm_specs:
            alarm = cloudwatch.Alarm(
                self,
                spec.name,
                alarm_name=f"{config.stack_name('alarm')}-{spec.name}",
                alarm_description=spec.description,
                metric=spec.metric,
                threshold=spec.threshold,
                comparison_operator=spec.comparison,
                evaluation_periods=spec.evaluation_periods,
                treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            )
            alarm.add_alarm_action(actions.SnsAction(self.topic))
            alarm.add_ok_action(actions.SnsAction(self.topic))
            self.alarms[spec.name] = alarm

        self.dashboard = cloudwatch.Dashboard(
            self,
            "Dashboard",
            dashboard_name=config.stack_name("dashboard"),
            default_interval=Duration.hours(24),
        )

        def graph(title: str, *metrics: cloudwatch.IMetric) -> cloudwatch.GraphWidget:
            return cloudwatch.GraphWidget(title=title, left=list(metrics), width=8, height=6)

        function_names = ["api", *bookings.functions]
        all_functions = [api_function, *bookings_functions]
        self.dashboard.add_widgets(
            graph("HTTP API requests", api_metric("Count")),
            graph("HTTP API 4xx / 5xx", api_metric("4xx"), api_metric("5xx")),
            graph(
                "HTTP API latency (p50, p90)",
                api_metric("Latency", "p50"),
                api_metric("Latency", "p90"),
            ),
        )
        self.dashboard.add_widgets(
            graph(
                "Lambda errors",
                *(
                    f.metric_errors(label=n, period=FIVE_MINUTES)
                    for n, f in zip(function_names, all_functions, strict=True)
                ),
            ),
            graph(
                "Lambda duration p90 (ms)",
                *(
                    f.metric_duration(label=n, statistic="p90", period=FIVE_MINUTES)
                    for n, f in zip(function_names, all_functions, strict=True)
                ),
            ),
            graph(
                "api throttles and concurrency",
                api_function.metric_throttles(period=FIVE_MINUTES),
                api_function.metric("ConcurrentExecutions", statistic="Maximum"),
            ),
        )
        self.dashboard.add_widgets(
            graph("RDS CPU %", database.metric_cpu_utilization()),
            graph("RDS connections", database.metric_database_connections()),
            graph("RDS free storage (bytes)", database.metric_free_storage_space()),
        )
        self.dashboard.add_widgets(
            graph("DynamoDB throttle events", table_throttles),
            graph(
                "DynamoDB consumed capacity",
                table.metric_consumed_read_capacity_units(),
                table.metric_consumed_write_capacity_units(),
            ),
            graph("Web environment health (0 ok … 25 severe)", web_health),
        )
        self.dashboard.add_widgets(
            graph(
                "Bookings created / cancelled (Powertools metrics)",
                *(
                    cloudwatch.Metric(
                        namespace=BOOKINGS_NAMESPACE,
                        metric_name=name,
                        dimensions_map={"service": "bookings"},
                        statistic="Sum",
                        period=Duration.hours(1),
                    )
                    for name in ("BookingsCreated", "BookingsCancelled")
                ),
            )
        )
        self.dashboard.add_widgets(
            cloudwatch.AlarmStatusWidget(
                title="Alarms", alarms=list(self.alarms.values()), width=24, height=4
            )
        )

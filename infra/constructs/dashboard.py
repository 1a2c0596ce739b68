"""The operations dashboard: API, functions, database, table, web, alarms."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from constructs import Construct

from infra.config import InfraConfig
from infra.constructs.monitored import FIVE_MINUTES, MonitoredParts
from infra.stacks.bookings import BOOKINGS_NAMESPACE


class Dashboard(Construct):
    """One CloudWatch dashboard of the watched parts, with the alarms' status at the bottom."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        parts: MonitoredParts,
        alarms: Sequence[cloudwatch.IAlarm],
    ) -> None:
        super().__init__(scope, construct_id)
        api_metric = parts.api_metric
        api_function = parts.api_function
        database = parts.database
        table = parts.table
        web_health = parts.web_health
        bookings_functions = list(parts.bookings_functions.values())
        table_throttles = cloudwatch.MathExpression(
            expression="reads+writes",
            using_metrics={
                "reads": table.metric("ReadThrottleEvents", statistic="Sum", period=FIVE_MINUTES),
                "writes": table.metric("WriteThrottleEvents", statistic="Sum", period=FIVE_MINUTES),
            },
            label="DynamoDB throttle events",
            period=FIVE_MINUTES,
        )
        self.dashboard = cloudwatch.Dashboard(
            self,
            "Dashboard",
            dashboard_name=config.stack_name("dashboard"),
            default_interval=Duration.hours(24),
        )

        def graph(title: str, *metrics: cloudwatch.IMetric) -> cloudwatch.GraphWidget:
            return cloudwatch.GraphWidget(title=title, left=list(metrics), width=8, height=6)

        function_names = ["api", *parts.bookings_functions]
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
            cloudwatch.AlarmStatusWidget(title="Alarms", alarms=list(alarms), width=24, height=4)
        )

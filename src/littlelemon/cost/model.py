"""Price synthesized CloudFormation templates: one line per billable resource or usage.

Fixed lines come from what the templates declare (instance classes, storage, load
balancers, addresses, secrets, dashboards, alarms). Usage lines come from `Usage`, the
stated traffic assumptions. Always-free allowances are subtracted on separate lines.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from littlelemon.cost.prices import (
    ALWAYS_FREE,
    HOURS_PER_MONTH,
    PRICES,
    RDS_PROXY_MIN_VCPUS,
    RDS_VCPUS,
    Price,
)

API_HANDLER = "littlelemon.runtime.api.handler"
MANAGE_HANDLER = "littlelemon.runtime.manage.handler"
BOOKINGS_HANDLER_PREFIX = "littlelemon.bookings.handlers."
SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600
GB = 1024**3


class PricingError(ValueError):
    """A template declares something the price table has no price for."""


@dataclass(frozen=True, kw_only=True)
class Usage:
    """Traffic assumptions behind the usage-based lines (edit them to fit your site)."""

    requests_per_month: int = 100_000  # HTTP API requests (api + bookings)
    bookings_share: float = 0.2  # of those, requests to the bookings routes
    bookings_write_share: float = 0.2  # of bookings requests, creates and cancels
    api_duration_ms: float = 150.0  # average billed duration of the api function
    bookings_duration_ms: float = 60.0
    deploys_per_month: int = 10  # each runs migrate through the manage function (~30 s)
    log_bytes_per_request: int = 2_000  # one access-log line + the functions' JSON lines
    web_page_views_per_month: int = 50_000
    web_kb_per_view: float = 60.0  # HTML plus assets a browser does not have cached
    web_log_bytes_per_view: int = 400
    flow_log_gb: float = 0.5  # rejected-traffic records: scanners probe every public IP
    dynamodb_storage_gb: float = 0.1
    api_response_kb: float = 4.0  # average JSON response of the HTTP API
    # Powertools metrics of the bookings service: created, cancelled, rejected per reason
    custom_metrics: int = 5
    cdk_assets_gb: float = 0.2  # bundles kept in the CDK bootstrap bucket
    cold_starts_per_month: int = 1_000  # SnapStart restores, when SnapStart is on
    app_secrets: int = 1  # littlelemon/app, created by `littlelemon deploy` (not in templates)
    # Lambda decrypts a KMS-encrypted environment once per execution-environment start
    execution_environment_starts: int = 2_000

    @property
    def api_requests(self) -> float:
        return self.requests_per_month * (1 - self.bookings_share)

    @property
    def bookings_requests(self) -> float:
        return self.requests_per_month * self.bookings_share


@dataclass(frozen=True, kw_only=True)
class CostLine:
    """One line of the estimate."""

    stack: str
    item: str
    price_key: str
    quantity: float
    note: str = ""

    @property
    def price(self) -> Price:
        return PRICES[self.price_key]

    @property
    def usd(self) -> float:
        return self.quantity * self.price.usd


@dataclass(frozen=True, kw_only=True)
class Credit:
    """An always-free allowance applied to the lines of one price key."""

    price_key: str
    description: str
    usd: float


@dataclass(frozen=True, kw_only=True)
class Estimate:
    """Every line, the always-free credits, and both totals."""

    profile: str
    lines: tuple[CostLine, ...]
    credits: tuple[Credit, ...] = field(default=())

    @property
    def list_total(self) -> float:
        return sum(line.usd for line in self.lines)

    @property
    def total(self) -> float:
        """What the month costs after the always-free allowances."""
        return self.list_total - sum(credit.usd for credit in self.credits)


def estimate(templates: Mapping[str, Mapping[str, Any]], *, profile: str, usage: Usage) -> Estimate:
    """Price `templates` (stack part name -> CloudFormation template) under `usage`."""
    lines = [*_template_lines(templates, usage), *_account_lines(templates, usage)]
    return Estimate(profile=profile, lines=tuple(lines), credits=tuple(_credits(lines)))


def _resources(templates: Mapping[str, Mapping[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for stack, template in templates.items():
        for resource in template.get("Resources", {}).values():
            yield stack, resource


def _template_lines(templates: Mapping[str, Mapping[str, Any]], usage: Usage) -> Iterator[CostLine]:
    instance_classes = [
        resource["Properties"]["DBInstanceClass"]
        for _, resource in _resources(templates)
        if resource["Type"] == "AWS::RDS::DBInstance"
    ]
    primary_storage = max(
        [
            float(resource["Properties"].get("AllocatedStorage", 0))
            for _, resource in _resources(templates)
            if resource["Type"] == "AWS::RDS::DBInstance"
            and not resource["Properties"].get("SourceDBInstanceIdentifier")
        ]
        or [0.0]
    )
    bookings_functions = sum(
        1
        for _, resource in _resources(templates)
        if resource["Type"] == "AWS::Lambda::Function"
        and str(resource["Properties"].get("Handler", "")).startswith(BOOKINGS_HANDLER_PREFIX)
    )
    behind_cloudfront = any(
        resource["Type"] == "AWS::CloudFront::Distribution" for _, resource in _resources(templates)
    )
    alarm_metrics: dict[str, list[int]] = defaultdict(list)
    for stack, resource in _resources(templates):
        kind = resource["Type"]
        properties = resource.get("Properties", {})
        if kind == "AWS::RDS::DBInstance":
            yield from _rds(stack, properties, primary_storage)
        elif kind == "AWS::RDS::DBProxy":
            vcpus = max([RDS_PROXY_MIN_VCPUS, *(RDS_VCPUS[c] for c in instance_classes)])
            yield CostLine(
                stack=stack,
                item=f"RDS Proxy ({vcpus} vCPU billed, 2-vCPU minimum)",
                price_key="rds.proxy.vcpu_hour",
                quantity=vcpus * HOURS_PER_MONTH,
            )
        elif kind == "AWS::SecretsManager::Secret":
            yield CostLine(
                stack=stack,
                item="Secrets Manager secret",
                price_key="secretsmanager.secret_month",
                quantity=1,
            )
        elif kind == "AWS::KMS::Key":
            yield CostLine(
                stack=stack,
                item="KMS customer-managed key (function environments)",
                price_key="kms.key_month",
                quantity=1,
            )
            yield CostLine(
                stack=stack,
                item="KMS requests (Lambda decrypts the environment at each start)",
                price_key="kms.request",
                quantity=usage.execution_environment_starts,
                note="assumption: execution_environment_starts",
            )
        elif kind == "AWS::ElasticBeanstalk::Environment":
            yield from _elastic_beanstalk(stack, properties, usage, behind_cloudfront)
        elif kind == "AWS::CloudFront::Distribution":
            yield from _cloudfront(stack, usage)
        elif kind == "AWS::CloudWatch::Dashboard":
            yield CostLine(
                stack=stack,
                item="CloudWatch dashboard",
                price_key="cloudwatch.dashboard_month",
                quantity=1,
            )
        elif kind == "AWS::CloudWatch::Alarm":
            metrics = properties.get("Metrics")
            alarm_metrics[stack].append(
                sum(1 for m in metrics if "MetricStat" in m) if metrics else 1
            )
        elif kind == "AWS::Lambda::Function":
            yield from _lambda(stack, properties, usage, bookings_functions)
        elif kind == "AWS::ApiGatewayV2::Api" and properties.get("ProtocolType") == "HTTP":
            yield CostLine(
                stack=stack,
                item="HTTP API requests",
                price_key="apigw.http.request",
                quantity=usage.requests_per_month,
            )
        elif kind == "AWS::DynamoDB::Table":
            yield from _dynamodb(stack, properties, usage)
        elif kind == "AWS::EC2::FlowLog":
            yield CostLine(
                stack=stack,
                item="VPC flow logs (rejected traffic) ingested",
                price_key="cloudwatch.logs.ingest_gb",
                quantity=usage.flow_log_gb,
                note="assumption: flow_log_gb",
            )
        elif kind == "AWS::EC2::NatGateway":
            yield CostLine(
                stack=stack,
                item="NAT gateway",
                price_key="vpc.nat_gateway.hour",
                quantity=HOURS_PER_MONTH,
            )
        elif kind == "AWS::EC2::VPCEndpoint" and properties.get("VpcEndpointType") == "Interface":
            azs = len(properties.get("SubnetIds", [])) or 1
            yield CostLine(
                stack=stack,
                item=f"Interface VPC endpoint ({azs} AZ)",
                price_key="vpc.interface_endpoint.az_hour",
                quantity=azs * HOURS_PER_MONTH,
            )
    yield from _alarm_lines(alarm_metrics)


def _alarm_lines(alarm_metrics: Mapping[str, list[int]]) -> Iterator[CostLine]:
    for stack, counts in alarm_metrics.items():
        yield CostLine(
            stack=stack,
            item=f"CloudWatch alarms x {len(counts)} ({sum(counts)} metrics)",
            price_key="cloudwatch.alarm_metric_month",
            quantity=sum(counts),
        )


def _rds(
    stack: str, properties: Mapping[str, Any], primary_storage: float = 0.0
) -> Iterator[CostLine]:
    instance_class = properties["DBInstanceClass"]
    key = f"rds.{instance_class}.hour"
    if key not in PRICES:
        raise PricingError(f"no price for RDS class {instance_class} (add {key!r})")
    if properties.get("SourceDBInstanceIdentifier"):
        yield from _rds_read_replica(stack, properties, instance_class, key, primary_storage)
        return
    multi_az = 2 if properties.get("MultiAZ") else 1
    yield CostLine(
        stack=stack,
        item=f"RDS MySQL {instance_class}{' Multi-AZ' if multi_az == 2 else ''}",
        price_key=key,
        quantity=multi_az * HOURS_PER_MONTH,
    )
    storage = float(properties["AllocatedStorage"])
    yield CostLine(
        stack=stack,
        item=f"RDS storage gp3 {storage:g} GB (backups free up to this size)",
        price_key="rds.storage.gp3.gb_month",
        quantity=multi_az * storage,
    )
    if properties.get("ManageMasterUserPassword"):
        yield CostLine(
            stack=stack,
            item="RDS-managed master secret (rotated by RDS)",
            price_key="secretsmanager.secret_month",
            quantity=1,
        )


def _rds_read_replica(
    stack: str, properties: Mapping[str, Any], instance_class: str, key: str, primary_storage: float
) -> Iterator[CostLine]:
    """A read replica bills its own instance-hours and its own copy of the storage."""
    yield CostLine(
        stack=stack,
        item=f"RDS MySQL read replica {instance_class}",
        price_key=key,
        quantity=HOURS_PER_MONTH,
        note="-c readReplicas=N",
    )
    # A replica takes the source's allocated storage unless it sets its own.
    storage = float(properties.get("AllocatedStorage", primary_storage))
    yield CostLine(
        stack=stack,
        item=f"RDS read replica storage gp3 {storage:g} GB",
        price_key="rds.storage.gp3.gb_month",
        quantity=storage,
    )


def _elastic_beanstalk(
    stack: str, properties: Mapping[str, Any], usage: Usage, behind_cloudfront: bool
) -> Iterator[CostLine]:
    options = {(o["Namespace"], o["OptionName"]): o["Value"] for o in properties["OptionSettings"]}
    instance_type = options[("aws:ec2:instances", "InstanceTypes")].split(",")[0]
    key = f"ec2.{instance_type}.hour"
    if key not in PRICES:
        raise PricingError(f"no price for EC2 {instance_type} (add {key!r})")
    load_balanced = options.get(("aws:elasticbeanstalk:environment", "EnvironmentType")) == (
        "LoadBalanced"
    )
    instances = int(options.get(("aws:autoscaling:asg", "MinSize"), "1")) if load_balanced else 1
    yield CostLine(
        stack=stack,
        item=f"EC2 {instance_type} x {instances} (Elastic Beanstalk)",
        price_key=key,
        quantity=instances * HOURS_PER_MONTH,
    )
    root_gb = float(options.get(("aws:autoscaling:launchconfiguration", "RootVolumeSize"), "8"))
    yield CostLine(
        stack=stack,
        item=f"EBS gp3 root volume {root_gb:g} GB x {instances}",
        price_key="ebs.gp3.gb_month",
        quantity=instances * root_gb,
    )
    addresses = instances
    if load_balanced:
        subnets = options.get(("aws:ec2:vpc", "ELBSubnets"), "")
        load_balancer_azs = _count_joined(subnets) or 2
        addresses += load_balancer_azs
        yield CostLine(
            stack=stack,
            item="Application Load Balancer",
            price_key="elb.alb.hour",
            quantity=HOURS_PER_MONTH,
        )
        yield CostLine(
            stack=stack,
            item="ALB capacity units (from page views)",
            price_key="elb.alb.lcu_hour",
            quantity=_alb_lcu_hours(usage),
            note="assumption: web_page_views_per_month, web_kb_per_view",
        )
    yield CostLine(
        stack=stack,
        item=f"Public IPv4 addresses x {addresses}",
        price_key="vpc.public_ipv4.hour",
        quantity=addresses * HOURS_PER_MONTH,
    )
    config_document = options.get(("aws:elasticbeanstalk:healthreporting:system", "ConfigDocument"))
    if config_document:
        metrics = json.loads(config_document).get("CloudWatchMetrics", {})
        count = sum(len(group) for group in metrics.values())
        yield CostLine(
            stack=stack,
            item=f"Elastic Beanstalk health metrics x {count}",
            price_key="cloudwatch.custom_metric_month",
            quantity=count,
        )
    yield CostLine(
        stack=stack,
        item="Web server logs ingested",
        price_key="cloudwatch.logs.ingest_gb",
        quantity=usage.web_page_views_per_month * usage.web_log_bytes_per_view / GB,
        note="assumption: web_log_bytes_per_view",
    )
    if behind_cloudfront:
        return  # origin to CloudFront is free; CloudFront's own lines price the traffic
    yield CostLine(
        stack=stack,
        item="Web data out to the internet",
        price_key="data_transfer.out_gb",
        quantity=usage.web_page_views_per_month * usage.web_kb_per_view * 1024 / GB,
        note="assumption: web_kb_per_view",
    )


def _count_joined(value: Any) -> int:
    """How many subnet IDs an option value names (a plain string or an Fn::Join)."""
    if isinstance(value, str):
        return len([part for part in value.split(",") if part])
    if isinstance(value, dict) and "Fn::Join" in value:
        # CDK joins subnet references as ["", [ref, ",", ref, ...]]
        _, parts = value["Fn::Join"]
        text = "".join(part if isinstance(part, str) else "ref" for part in parts)
        return len([part for part in text.split(",") if part])
    return 0


def _alb_lcu_hours(usage: Usage) -> float:
    """LCU-hours: the largest of the four ALB dimensions, averaged over the month."""
    new_connections_per_s = usage.web_page_views_per_month / SECONDS_PER_MONTH
    processed_gb_per_hour = (
        usage.web_page_views_per_month * usage.web_kb_per_view * 1024 / GB / HOURS_PER_MONTH
    )
    lcu = max(new_connections_per_s / 25, processed_gb_per_hour / 1.0)
    return lcu * HOURS_PER_MONTH


def _cloudfront(stack: str, usage: Usage) -> Iterator[CostLine]:
    requests = usage.web_page_views_per_month * 5  # the page and its (partly cached) assets
    yield CostLine(
        stack=stack,
        item="CloudFront HTTPS requests",
        price_key="cloudfront.https_request",
        quantity=requests,
        note="assumption: 5 requests per page view",
    )
    yield CostLine(
        stack=stack,
        item="CloudFront data out",
        price_key="cloudfront.data_out_gb",
        quantity=usage.web_page_views_per_month * usage.web_kb_per_view * 1024 / GB,
    )


def _lambda(
    stack: str, properties: Mapping[str, Any], usage: Usage, bookings_functions: int
) -> Iterator[CostLine]:
    handler = str(properties.get("Handler", ""))
    memory_gb = float(properties.get("MemorySize", 128)) / 1024
    if handler == API_HANDLER:
        name, invocations, seconds = "api", usage.api_requests, usage.api_duration_ms / 1000
    elif handler.startswith(BOOKINGS_HANDLER_PREFIX) and bookings_functions:
        name = handler.removeprefix(BOOKINGS_HANDLER_PREFIX).split(".")[0]
        invocations = usage.bookings_requests / bookings_functions
        seconds = usage.bookings_duration_ms / 1000
    elif handler == MANAGE_HANDLER:
        name, invocations, seconds = "manage (migrate per deploy)", usage.deploys_per_month, 30.0
    else:
        return  # the migration runner: a few invocations a month, waiting on manage
    yield CostLine(
        stack=stack,
        item=f"Lambda {name}: requests",
        price_key="lambda.request",
        quantity=invocations,
    )
    yield CostLine(
        stack=stack,
        item=f"Lambda {name}: compute ({memory_gb * 1024:g} MB arm64)",
        price_key="lambda.gb_second.arm64",
        quantity=invocations * seconds * memory_gb,
    )
    if properties.get("SnapStart", {}).get("ApplyOn") == "PublishedVersions":
        yield CostLine(
            stack=stack,
            item=f"Lambda {name}: SnapStart cache",
            price_key="lambda.snapstart.cache_gb_second",
            quantity=memory_gb * SECONDS_PER_MONTH,
        )
        yield CostLine(
            stack=stack,
            item=f"Lambda {name}: SnapStart restores",
            price_key="lambda.snapstart.restore_gb",
            quantity=memory_gb * usage.cold_starts_per_month,
            note="assumption: cold_starts_per_month",
        )
    if properties.get("TracingConfig", {}).get("Mode") == "Active":
        yield CostLine(
            stack=stack,
            item=f"X-Ray traces ({name})",
            price_key="xray.trace_recorded",
            quantity=invocations,
        )


def _dynamodb(stack: str, properties: Mapping[str, Any], usage: Usage) -> Iterator[CostLine]:
    writes = usage.bookings_requests * usage.bookings_write_share
    # a create writes the booking and the slot counter in one transaction (2 items x 2 WRU)
    # plus the idempotency record; reads are queries of a few KB (eventually consistent: 0.5)
    yield CostLine(
        stack=stack,
        item="DynamoDB write request units",
        price_key="dynamodb.write_request_unit",
        quantity=writes * 5,
        note="assumption: bookings_write_share, 5 WRU per write",
    )
    yield CostLine(
        stack=stack,
        item="DynamoDB read request units",
        price_key="dynamodb.read_request_unit",
        quantity=usage.bookings_requests * 2,
        note="2 RRU per request",
    )
    yield CostLine(
        stack=stack,
        item="DynamoDB storage",
        price_key="dynamodb.storage.gb_month",
        quantity=usage.dynamodb_storage_gb,
    )
    if properties.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled"):
        yield CostLine(
            stack=stack,
            item="DynamoDB point-in-time recovery",
            price_key="dynamodb.pitr.gb_month",
            quantity=usage.dynamodb_storage_gb,
        )


def _account_lines(templates: Mapping[str, Mapping[str, Any]], usage: Usage) -> Iterator[CostLine]:
    """Lines that follow from the deployment but are not resources of its templates."""
    yield CostLine(
        stack="(account)",
        item="Application secret littlelemon/app",
        price_key="secretsmanager.secret_month",
        quantity=usage.app_secrets,
        note="created by `littlelemon deploy`, resolved at deploy time",
    )
    yield CostLine(
        stack="(account)",
        item="API and function logs ingested",
        price_key="cloudwatch.logs.ingest_gb",
        quantity=usage.requests_per_month * usage.log_bytes_per_request / GB,
        note="assumption: log_bytes_per_request",
    )
    yield CostLine(
        stack="(account)",
        item="API responses out to the internet",
        price_key="data_transfer.out_gb",
        quantity=usage.requests_per_month * usage.api_response_kb * 1024 / GB,
        note="assumption: api_response_kb",
    )
    yield CostLine(
        stack="(account)",
        item="Custom metrics (bookings service)",
        price_key="cloudwatch.custom_metric_month",
        quantity=usage.custom_metrics,
    )
    yield CostLine(
        stack="(account)",
        item="CDK bootstrap bucket (bundles)",
        price_key="s3.standard.gb_month",
        quantity=usage.cdk_assets_gb,
    )
    has_records = any(
        resource["Type"] in {"AWS::Route53::RecordSet", "AWS::CertificateManager::Certificate"}
        for _, resource in _resources(templates)
    )
    if has_records:
        yield CostLine(
            stack="(account)",
            item="Route 53 hosted zone of the domain",
            price_key="route53.hosted_zone_month",
            quantity=1,
        )


def _credits(lines: list[CostLine]) -> Iterator[Credit]:
    quantities: dict[str, float] = defaultdict(float)
    for line in lines:
        quantities[line.price_key] += line.quantity
    for key, allowance in ALWAYS_FREE.items():
        used = quantities.get(key, 0.0)
        if used <= 0:
            continue
        covered = min(used, allowance.quantity)
        yield Credit(
            price_key=key,
            description=f"always free: {allowance.description}",
            usd=covered * PRICES[key].usd,
        )

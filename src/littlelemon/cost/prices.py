"""us-east-1 list prices (USD), each with where it comes from and when it was read.

Prices are On-Demand list prices without taxes, Savings Plans or the 12-month free tier.
The always-free allowances (which every account keeps) are listed apart, in
`ALWAYS_FREE`, so the estimate can show both totals. Re-check a price against its
source before relying on the total; update `CHECKED` with the date you did.
"""

from __future__ import annotations

from dataclasses import dataclass

CHECKED = "2026-11-23"
HOURS_PER_MONTH = 730  # AWS's own convention in its pricing calculator


@dataclass(frozen=True, kw_only=True)
class Price:
    """One unit price: what it buys, in which unit, and its source page."""

    usd: float
    unit: str
    source: str
    checked: str = CHECKED


LAMBDA = "https://aws.amazon.com/lambda/pricing/"
API_GATEWAY = "https://aws.amazon.com/api-gateway/pricing/"
RDS_MYSQL = "https://aws.amazon.com/rds/mysql/pricing/"
RDS_PROXY = "https://aws.amazon.com/rds/proxy/pricing/"
EC2 = "https://aws.amazon.com/ec2/pricing/on-demand/"
EBS = "https://aws.amazon.com/ebs/pricing/"
VPC = "https://aws.amazon.com/vpc/pricing/"
PRIVATELINK = "https://aws.amazon.com/privatelink/pricing/"
ELB = "https://aws.amazon.com/elasticloadbalancing/pricing/"
SECRETS = "https://aws.amazon.com/secrets-manager/pricing/"
KMS = "https://aws.amazon.com/kms/pricing/"
DYNAMODB = "https://aws.amazon.com/dynamodb/pricing/on-demand/"
CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/"
XRAY = "https://aws.amazon.com/xray/pricing/"
CLOUDFRONT = "https://aws.amazon.com/cloudfront/pricing/"
ROUTE53 = "https://aws.amazon.com/route53/pricing/"
S3 = "https://aws.amazon.com/s3/pricing/"
DATA_TRANSFER = "https://aws.amazon.com/ec2/pricing/on-demand/#Data_Transfer"
CODEPIPELINE = "https://aws.amazon.com/codepipeline/pricing/"
CODEBUILD = "https://aws.amazon.com/codebuild/pricing/"

PRICES: dict[str, Price] = {
    "lambda.request": Price(usd=0.20 / 1_000_000, unit="request", source=LAMBDA),
    "lambda.gb_second.arm64": Price(usd=0.0000133334, unit="GB-second", source=LAMBDA),
    # SnapStart for Python (checked 2026-12-01): the cache is billed per GB-second of the
    # function's memory while a version is active, each restore per GB of memory.
    # https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html#snapstart-pricing names
    # the two charges; the rates are those of the pricing page (LAMBDA), as also quoted in
    # https://awsnegotiations.com/blog/lambda-snapstart-cost-impact/ (May 2026).
    "lambda.snapstart.cache_gb_second": Price(usd=0.0000015046, unit="GB-second", source=LAMBDA),
    "lambda.snapstart.restore_gb": Price(usd=0.0001397998, unit="GB restored", source=LAMBDA),
    "apigw.http.request": Price(usd=1.00 / 1_000_000, unit="request", source=API_GATEWAY),
    "rds.db.t4g.micro.hour": Price(usd=0.016, unit="instance-hour", source=RDS_MYSQL),
    "rds.db.t4g.small.hour": Price(usd=0.032, unit="instance-hour", source=RDS_MYSQL),
    "rds.db.t4g.medium.hour": Price(usd=0.065, unit="instance-hour", source=RDS_MYSQL),
    "rds.storage.gp3.gb_month": Price(usd=0.115, unit="GB-month", source=RDS_MYSQL),
    "rds.proxy.vcpu_hour": Price(usd=0.015, unit="vCPU-hour", source=RDS_PROXY),
    # Backup storage past the free amount (all of it once the instance is deleted):
    # manual snapshots such as the final one, and retained automated backups.
    "rds.snapshot.gb_month": Price(usd=0.095, unit="GB-month", source=RDS_MYSQL),
    "ec2.t4g.nano.hour": Price(usd=0.0042, unit="instance-hour", source=EC2),
    "ec2.t4g.micro.hour": Price(usd=0.0084, unit="instance-hour", source=EC2),
    "ec2.t4g.small.hour": Price(usd=0.0168, unit="instance-hour", source=EC2),
    "ebs.gp3.gb_month": Price(usd=0.08, unit="GB-month", source=EBS),
    "vpc.public_ipv4.hour": Price(usd=0.005, unit="address-hour", source=VPC),
    "vpc.nat_gateway.hour": Price(usd=0.045, unit="gateway-hour", source=VPC),
    "vpc.interface_endpoint.az_hour": Price(usd=0.01, unit="endpoint-AZ-hour", source=PRIVATELINK),
    "elb.alb.hour": Price(usd=0.0225, unit="ALB-hour", source=ELB),
    "elb.alb.lcu_hour": Price(usd=0.008, unit="LCU-hour", source=ELB),
    "secretsmanager.secret_month": Price(usd=0.40, unit="secret-month", source=SECRETS),
    "kms.key_month": Price(usd=1.00, unit="customer-managed key-month", source=KMS),
    "kms.request": Price(usd=0.03 / 10_000, unit="request", source=KMS),
    "dynamodb.write_request_unit": Price(usd=0.625 / 1_000_000, unit="WRU", source=DYNAMODB),
    "dynamodb.read_request_unit": Price(usd=0.125 / 1_000_000, unit="RRU", source=DYNAMODB),
    "dynamodb.storage.gb_month": Price(usd=0.25, unit="GB-month", source=DYNAMODB),
    "dynamodb.pitr.gb_month": Price(usd=0.20, unit="GB-month", source=DYNAMODB),
    "cloudwatch.logs.ingest_gb": Price(usd=0.50, unit="GB ingested", source=CLOUDWATCH),
    "cloudwatch.logs.storage_gb_month": Price(usd=0.03, unit="GB-month", source=CLOUDWATCH),
    "cloudwatch.dashboard_month": Price(usd=3.00, unit="dashboard-month", source=CLOUDWATCH),
    "cloudwatch.alarm_metric_month": Price(usd=0.10, unit="alarm metric-month", source=CLOUDWATCH),
    "cloudwatch.custom_metric_month": Price(usd=0.30, unit="metric-month", source=CLOUDWATCH),
    "xray.trace_recorded": Price(usd=5.00 / 1_000_000, unit="trace", source=XRAY),
    "cloudfront.https_request": Price(usd=0.01 / 10_000, unit="request", source=CLOUDFRONT),
    "cloudfront.data_out_gb": Price(usd=0.085, unit="GB", source=CLOUDFRONT),
    "route53.hosted_zone_month": Price(usd=0.50, unit="zone-month", source=ROUTE53),
    "s3.standard.gb_month": Price(usd=0.023, unit="GB-month", source=S3),
    "data_transfer.out_gb": Price(usd=0.09, unit="GB", source=DATA_TRANSFER),
    # CDK Pipelines, the delivery path not taken (src/littlelemon/cost/delivery.py)
    "codepipeline.v2.action_minute": Price(usd=0.002, unit="action-minute", source=CODEPIPELINE),
    "codebuild.general1_small.minute": Price(usd=0.005, unit="build-minute", source=CODEBUILD),
}

# vCPUs per RDS class: RDS Proxy bills the target's vCPUs, at least 2.
RDS_VCPUS: dict[str, int] = {"db.t4g.micro": 2, "db.t4g.small": 2, "db.t4g.medium": 2}
RDS_PROXY_MIN_VCPUS = 2


@dataclass(frozen=True, kw_only=True)
class Allowance:
    """A permanent ("always free") monthly allowance, in the unit of the lines it covers."""

    quantity: float
    description: str
    source: str
    checked: str = CHECKED


# Allowances every account keeps (not the 12-month new-account free tier).
ALWAYS_FREE: dict[str, Allowance] = {
    "lambda.request": Allowance(quantity=1_000_000, description="1M requests", source=LAMBDA),
    "lambda.gb_second.arm64": Allowance(
        quantity=400_000, description="400,000 GB-seconds", source=LAMBDA
    ),
    "cloudwatch.dashboard_month": Allowance(
        quantity=3, description="3 dashboards (up to 50 metrics each)", source=CLOUDWATCH
    ),
    "cloudwatch.alarm_metric_month": Allowance(
        quantity=10, description="10 alarm metrics", source=CLOUDWATCH
    ),
    "cloudwatch.custom_metric_month": Allowance(
        quantity=10, description="10 custom metrics", source=CLOUDWATCH
    ),
    "cloudwatch.logs.ingest_gb": Allowance(
        quantity=5, description="5 GB of log data", source=CLOUDWATCH
    ),
    "kms.request": Allowance(quantity=20_000, description="20,000 KMS requests", source=KMS),
    "xray.trace_recorded": Allowance(quantity=100_000, description="100,000 traces", source=XRAY),
    "cloudfront.https_request": Allowance(
        quantity=10_000_000, description="10M requests", source=CLOUDFRONT
    ),
    "cloudfront.data_out_gb": Allowance(quantity=1024, description="1 TB out", source=CLOUDFRONT),
    "data_transfer.out_gb": Allowance(
        quantity=100, description="100 GB out to the internet", source=DATA_TRANSFER
    ),
    "dynamodb.storage.gb_month": Allowance(
        quantity=25, description="25 GB of table storage", source=DYNAMODB
    ),
}

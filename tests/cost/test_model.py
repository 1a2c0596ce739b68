"""The cost model: pinned arithmetic on small templates, and both real profiles priced."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from click.testing import CliRunner

from littlelemon.cost.assembly import AssemblyError, load_templates
from littlelemon.cost.cli import command
from littlelemon.cost.model import CostLine, PricingError, Usage, estimate
from littlelemon.cost.prices import ALWAYS_FREE, HOURS_PER_MONTH, PRICES
from tests.infra.infra_support import Synthesized

# Every usage-based line at zero: each test turns on only the traffic it prices.
NO_TRAFFIC = Usage(
    requests_per_month=0,
    web_page_views_per_month=0,
    deploys_per_month=0,
    log_bytes_per_request=0,
    flow_log_gb=0,
    dynamodb_storage_gb=0,
    custom_metrics=0,
    cdk_assets_gb=0,
    app_secrets=0,
)


def template(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"Resources": {f"R{i}": resource for i, resource in enumerate(resources)}}


def usd(price_key: str, quantity: float = 1) -> float:
    """What `quantity` units of `price_key` cost at the price table's rate."""
    return PRICES[price_key].usd * quantity


def monthly(price_key: str, count: float = 1) -> float:
    """`count` of an hourly-priced resource running all month."""
    return usd(price_key, count * HOURS_PER_MONTH)


def line(result: Any, price_key: str) -> CostLine:
    (found,) = [x for x in result.lines if x.price_key == price_key and x.quantity > 0]
    return found


RDS = {
    "Type": "AWS::RDS::DBInstance",
    "Properties": {
        "DBInstanceClass": "db.t4g.micro",
        "AllocatedStorage": "20",
        "ManageMasterUserPassword": True,
    },
}


def eb(environment_type: str, **extra: str) -> dict[str, Any]:
    options = {
        ("aws:ec2:instances", "InstanceTypes"): "t4g.micro",
        ("aws:elasticbeanstalk:environment", "EnvironmentType"): environment_type,
        ("aws:autoscaling:launchconfiguration", "RootVolumeSize"): "8",
        **{tuple(key.split("|")): value for key, value in extra.items()},
    }
    return {
        "Type": "AWS::ElasticBeanstalk::Environment",
        "Properties": {
            "OptionSettings": [
                {"Namespace": namespace, "OptionName": name, "Value": value}
                for (namespace, name), value in options.items()
            ]
        },
    }


def test_every_price_names_its_source_and_date() -> None:
    for key, price in PRICES.items():
        assert price.source.startswith("https://aws.amazon.com/"), key
        assert price.checked.count("-") == 2, key
        assert price.usd > 0, key
    for key, allowance in ALWAYS_FREE.items():
        assert key in PRICES
        assert allowance.source.startswith("https://aws.amazon.com/")


def test_rds_instance_storage_and_managed_secret_are_priced_per_month() -> None:
    result = estimate({"data": template(RDS)}, profile="lean", usage=NO_TRAFFIC)
    instance = monthly("rds.db.t4g.micro.hour")
    storage = usd("rds.storage.gp3.gb_month", 20)
    secret = usd("secretsmanager.secret_month")
    assert line(result, "rds.db.t4g.micro.hour").usd == pytest.approx(instance)
    assert line(result, "rds.storage.gp3.gb_month").usd == pytest.approx(storage)
    assert line(result, "secretsmanager.secret_month").usd == pytest.approx(secret)
    assert result.list_total == pytest.approx(instance + storage + secret)
    assert result.total == pytest.approx(instance + storage + secret)


def test_a_customer_managed_key_costs_a_dollar_and_its_requests_are_mostly_free() -> None:
    key = {"Type": "AWS::KMS::Key", "Properties": {}}
    usage = replace(NO_TRAFFIC, execution_environment_starts=30_000)
    result = estimate({"api": template(key)}, profile="lean", usage=usage)
    free = ALWAYS_FREE["kms.request"].quantity
    assert line(result, "kms.key_month").usd == pytest.approx(usd("kms.key_month"))
    assert line(result, "kms.request").usd == pytest.approx(usd("kms.request", 30_000))
    assert result.total == pytest.approx(usd("kms.key_month") + usd("kms.request", 30_000 - free))


def test_rds_proxy_bills_the_two_vcpu_minimum() -> None:
    proxy = {"Type": "AWS::RDS::DBProxy", "Properties": {}}
    result = estimate({"data": template(RDS, proxy)}, profile="standard", usage=NO_TRAFFIC)
    assert line(result, "rds.proxy.vcpu_hour").usd == pytest.approx(
        monthly("rds.proxy.vcpu_hour", 2)
    )


def test_single_instance_web_pays_instance_disk_and_one_public_address() -> None:
    result = estimate({"web": template(eb("SingleInstance"))}, profile="lean", usage=NO_TRAFFIC)
    assert line(result, "ec2.t4g.micro.hour").usd == pytest.approx(monthly("ec2.t4g.micro.hour"))
    assert line(result, "ebs.gp3.gb_month").usd == pytest.approx(usd("ebs.gp3.gb_month", 8))
    assert line(result, "vpc.public_ipv4.hour").usd == pytest.approx(
        monthly("vpc.public_ipv4.hour")
    )
    assert not [x for x in result.lines if x.price_key.startswith("elb.")]


def test_load_balanced_web_adds_the_alb_and_one_address_per_load_balancer_subnet() -> None:
    subnets = {"Fn::Join": ["", [{"Ref": "A"}, ",", {"Ref": "B"}]]}
    environment = eb("LoadBalanced", **{"aws:autoscaling:asg|MinSize": "1"})
    environment["Properties"]["OptionSettings"].append(
        {"Namespace": "aws:ec2:vpc", "OptionName": "ELBSubnets", "Value": subnets}
    )
    result = estimate({"web": template(environment)}, profile="standard", usage=NO_TRAFFIC)
    assert line(result, "elb.alb.hour").usd == pytest.approx(monthly("elb.alb.hour"))
    # instance + 2 ALB nodes
    assert line(result, "vpc.public_ipv4.hour").quantity == 3 * HOURS_PER_MONTH
    assert not [x for x in result.lines if x.price_key == "elb.alb.lcu_hour" and x.quantity]


def test_usage_lines_follow_the_traffic_assumptions() -> None:
    api = {
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "Handler": "littlelemon.runtime.api.handler",
            "MemorySize": 1024,
            "TracingConfig": {"Mode": "Active"},
        },
    }
    http_api = {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"ProtocolType": "HTTP"}}
    usage = replace(
        NO_TRAFFIC,
        requests_per_month=1_000_000,
        bookings_share=0.0,
        api_duration_ms=200,
    )
    result = estimate({"api": template(api, http_api)}, profile="lean", usage=usage)
    requests = 1_000_000
    gb_seconds = requests * 0.2 * 1  # 200 ms at 1 GB
    assert line(result, "apigw.http.request").usd == pytest.approx(
        usd("apigw.http.request", requests)
    )
    assert line(result, "lambda.request").usd == pytest.approx(usd("lambda.request", requests))
    compute = usd("lambda.gb_second.arm64", gb_seconds)
    assert line(result, "lambda.gb_second.arm64").usd == pytest.approx(compute)
    traces = usd("xray.trace_recorded", requests)
    assert line(result, "xray.trace_recorded").usd == pytest.approx(traces)
    # always free: 1M Lambda requests, 400k GB-s (covers all 200k), 100k traces
    credits = {credit.price_key: credit.usd for credit in result.credits}
    free_traces = usd("xray.trace_recorded", ALWAYS_FREE["xray.trace_recorded"].quantity)
    assert credits["lambda.request"] == pytest.approx(usd("lambda.request", requests))
    assert credits["lambda.gb_second.arm64"] == pytest.approx(compute)
    assert credits["xray.trace_recorded"] == pytest.approx(free_traces)
    assert result.total == pytest.approx(usd("apigw.http.request", requests) + traces - free_traces)


def test_snapstart_adds_the_snapshot_cache_and_restores() -> None:
    api = {
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "Handler": "littlelemon.runtime.api.handler",
            "MemorySize": 1024,
            "SnapStart": {"ApplyOn": "PublishedVersions"},
        },
    }
    usage = replace(
        NO_TRAFFIC,
        cold_starts_per_month=1000,
    )
    result = estimate({"api": template(api)}, profile="lean", usage=usage)
    # 1 GB cached all month; 1,000 restores of 1 GB
    cached = usd("lambda.snapstart.cache_gb_second", HOURS_PER_MONTH * 3600)
    assert line(result, "lambda.snapstart.cache_gb_second").usd == pytest.approx(cached)
    restores = usd("lambda.snapstart.restore_gb", 1000)
    assert line(result, "lambda.snapstart.restore_gb").usd == pytest.approx(restores)


def test_alarms_are_priced_per_metric_and_ten_are_free() -> None:
    single = {"Type": "AWS::CloudWatch::Alarm", "Properties": {"MetricName": "Errors"}}
    math = {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {"Metrics": [{"MetricStat": {}}, {"MetricStat": {}}, {"Expression": "a+b"}]},
    }
    result = estimate(
        {"observability": template(*[single] * 10, math)}, profile="lean", usage=NO_TRAFFIC
    )
    free = ALWAYS_FREE["cloudwatch.alarm_metric_month"].quantity
    assert result.list_total == pytest.approx(usd("cloudwatch.alarm_metric_month", 12))
    assert result.total == pytest.approx(usd("cloudwatch.alarm_metric_month", 12 - free))


def test_an_unknown_instance_class_is_an_error_not_a_zero() -> None:
    unknown = {"Type": "AWS::RDS::DBInstance", "Properties": {**RDS["Properties"]}}
    unknown["Properties"]["DBInstanceClass"] = "db.r7g.16xlarge"
    with pytest.raises(PricingError, match=r"db\.r7g\.16xlarge"):
        estimate({"data": template(unknown)}, profile="lean", usage=NO_TRAFFIC)


def test_a_missing_assembly_says_how_to_make_one(tmp_path: Any) -> None:
    with pytest.raises(AssemblyError, match="littlelemon synth"):
        load_templates(tmp_path)


def test_both_profiles_priced_from_their_synthesized_templates(
    lean: Synthesized, standard: Synthesized
) -> None:
    usage = Usage()
    results = {
        synth.profile: estimate(load_templates(synth.outdir), profile=synth.profile, usage=usage)
        for synth in (lean, standard)
    }
    lean_result, standard_result = results["lean"], results["standard"]
    lean_keys = {line.price_key for line in lean_result.lines}
    assert "rds.proxy.vcpu_hour" not in lean_keys
    assert "elb.alb.hour" not in lean_keys
    assert "vpc.nat_gateway.hour" not in lean_keys
    assert "vpc.interface_endpoint.az_hour" not in lean_keys
    standard_keys = {line.price_key for line in standard_result.lines}
    assert {"rds.proxy.vcpu_hour", "elb.alb.hour"} <= standard_keys
    # The floor of lean: RDS instance + storage, one t4g.nano with disk and address, two
    # secrets; traffic at 100k requests/month adds cents. Plus the KMS key of the function
    # environments and the web tier's four secrets (Django key, session keys, origin
    # verify, web tier key).
    floor = (
        monthly("rds.db.t4g.micro.hour")
        + usd("rds.storage.gp3.gb_month", 20)
        + monthly("ec2.t4g.nano.hour")
        + usd("ebs.gp3.gb_month", 8)
        + monthly("vpc.public_ipv4.hour")
        + usd("secretsmanager.secret_month", 2)
        + usd("kms.key_month")
        + usd("secretsmanager.secret_month", 4)
    )
    assert floor <= lean_result.total <= floor + 0.50
    assert lean_result.total <= 25
    assert standard_result.total <= 75
    # standard adds the proxy, the ALB with its LCUs, two more addresses, a micro not a nano,
    # and the proxy's secret for the application user
    assert standard_result.total - lean_result.total == pytest.approx(
        monthly("rds.proxy.vcpu_hour", 2)
        + monthly("elb.alb.hour")
        + monthly("vpc.public_ipv4.hour", 2)
        + line(standard_result, "elb.alb.lcu_hour").usd
        + monthly("ec2.t4g.micro.hour")
        - monthly("ec2.t4g.nano.hour")
        + usd("secretsmanager.secret_month"),
        abs=0.01,
    )


def test_cost_command_prints_every_line_and_both_totals(
    lean: Synthesized, standard: Synthesized, tmp_path: Any
) -> None:
    (tmp_path / "lean").symlink_to(lean.outdir)
    (tmp_path / "standard").symlink_to(standard.outdir)
    result = CliRunner().invoke(command, ["--assembly", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "RDS MySQL db.t4g.micro" in result.output
    assert "RDS Proxy" in result.output
    assert "TOTAL" in result.output
    summary = result.output.strip().splitlines()[-1]
    assert summary.startswith("Summary  lean: US$")
    assert "standard: US$" in summary
    # the command's own traffic assumption: one page view per two API requests
    usage = Usage(web_page_views_per_month=Usage.requests_per_month // 2)
    totals = {
        synth.profile: estimate(load_templates(synth.outdir), profile=synth.profile, usage=usage)
        for synth in (lean, standard)
    }
    # the summary states exactly the totals the model computes
    assert f"lean: US${totals['lean'].total:,.2f}/month" in summary
    assert f"standard: US${totals['standard'].total:,.2f}/month" in summary

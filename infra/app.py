"""The CDK app: `cdk synth -c profile=lean` (or `littlelemon synth`) runs this module."""

from __future__ import annotations

import math
import tempfile
from typing import Any

from aws_cdk import App, Aspects, Environment, Stack, Tags
from cdk_nag import AwsSolutionsChecks

from infra.config import InfraConfig
from infra.constructs.monitored import MonitoredParts
from infra.stacks.api import ApiStack
from infra.stacks.bookings import BookingsStack
from infra.stacks.budget import BudgetStack
from infra.stacks.data import DataStack
from infra.stacks.network import NetworkStack
from infra.stacks.observability import ObservabilityStack
from infra.stacks.web import WebStack
from littlelemon.cost.model import Usage, estimate

UNTAGGABLE = ["AWS::RDS::DBProxyTargetGroup"]
# The default budget is the estimate times this, so a normal month stays under it.
BUDGET_HEADROOM = 1.25


def add_stacks(app: App, config: InfraConfig, *, budget_usd: float | None) -> dict[str, Stack]:
    """Every stack of one deployment (one profile), wired together; keyed by short name.

    `budget_usd` None leaves the budget stack out (the pricing pass of `default_budget`).
    """
    env = Environment(account=config.account, region=config.region)

    def common(part: str, description: str) -> dict[str, Any]:
        """What every stack takes: config, environment, `littlelemon-<env>-<profile>-<part>`."""
        return {
            "config": config,
            "env": env,
            "stack_name": config.stack_name(part),
            "description": f"Little Lemon: {description}",
        }

    network = NetworkStack(app, "Network", **common("network", "VPC, subnets, security group"))
    data = DataStack(
        app,
        "Data",
        vpc=network.vpc,
        app_security_group=network.app_security_group,
        **common("data", "RDS MySQL, RDS Proxy (standard), bookings table"),
    )
    api = ApiStack(
        app,
        "Api",
        vpc=network.vpc,
        app_security_group=network.app_security_group,
        database=data.database,
        **common("api", "HTTP API, api and management functions, migrations"),
    )
    bookings = BookingsStack(
        app,
        "Bookings",
        table=data.bookings_table,
        api=api,
        **common("bookings", "bookings functions, their routes and the JWT authorizer"),
    )
    web = WebStack(
        app,
        "Web",
        vpc=network.vpc,
        api_url=api.api_url,
        **common("web", "Elastic Beanstalk web site, CloudFront or HTTPS load balancer"),
    )
    observability = ObservabilityStack(
        app,
        "Observability",
        parts=MonitoredParts(
            api_id=api.http_api.api_id,
            api_function=api.functions["api"].function,
            bookings_functions={
                name: function.function for name, function in bookings.functions.items()
            },
            database=data.database.instance,
            table=data.bookings_table,
            web_environment_name=web.environment_name,
        ),
        **common("observability", "dashboard, alarms, alarm topic"),
    )
    stacks: dict[str, Stack] = {
        "network": network,
        "data": data,
        "api": api,
        "bookings": bookings,
        "web": web,
        "observability": observability,
    }
    if budget_usd is not None:
        stacks["budget"] = BudgetStack(
            app,
            "Budget",
            amount_usd=budget_usd,
            **common("budget", "monthly cost budget with alerts"),
        )
    for stack in stacks.values():
        tags = {"project": config.prefix, "environment": config.environment}
        for key, value in {**tags, "profile": config.profile}.items():
            # RDS Proxy target groups take no tags (cfn-lint E3002).
            Tags.of(stack).add(key, value, exclude_resource_types=UNTAGGABLE)
    return stacks


def default_budget(config: InfraConfig, *, headroom: float = BUDGET_HEADROOM) -> float:
    """The cost model's monthly estimate of this deployment, with headroom, in whole US$.

    The stacks (without the budget, which costs nothing) are synthesized once into a
    scratch assembly and priced (littlelemon.cost) under the default traffic assumptions,
    so the default budget follows the profile and its options instead of a constant that
    the standard profile exceeded from its first day.
    """
    with tempfile.TemporaryDirectory(prefix="littlelemon-pricing-") as outdir:
        pricing = App(outdir=outdir)
        stacks = add_stacks(pricing, config, budget_usd=None)
        assembly = pricing.synth()
        templates = {
            name: assembly.get_stack_by_name(stack.stack_name).template
            for name, stack in stacks.items()
        }
    estimated = estimate(templates, profile=config.profile, usage=Usage())
    return float(math.ceil(estimated.total * headroom))


def build(app: App | None = None, *, nag: bool = True) -> tuple[App, dict[str, Stack]]:
    """The app with its stacks and, unless told otherwise, the cdk-nag AwsSolutions checks."""
    app = app or App()
    config = InfraConfig.from_context(app.node)
    budget = config.monthly_budget_usd
    if budget is None:
        budget = default_budget(config)
    stacks = add_stacks(app, config, budget_usd=budget)
    if nag:
        Aspects.of(app).add(AwsSolutionsChecks(verbose=True, reports=True))
    return app, stacks


def main() -> None:
    """Synthesize the cloud assembly (the CDK CLI runs this)."""
    app, _ = build()
    app.synth()


if __name__ == "__main__":
    main()

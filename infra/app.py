"""The CDK app: `cdk synth -c profile=lean` (or `littlelemon synth`) runs this module."""

from __future__ import annotations

from typing import Any

from aws_cdk import App, Aspects, Environment, Stack, Tags
from cdk_nag import AwsSolutionsChecks

from infra.config import InfraConfig
from infra.stacks.api import ApiStack
from infra.stacks.bookings import BookingsStack
from infra.stacks.budget import BudgetStack
from infra.stacks.data import DataStack
from infra.stacks.network import NetworkStack
from infra.stacks.observability import ObservabilityStack
from infra.stacks.web import WebStack

UNTAGGABLE = ["AWS::RDS::DBProxyTargetGroup"]


def add_stacks(app: App, config: InfraConfig) -> dict[str, Stack]:
    """Every stack of one deployment (one profile), wired together; keyed by short name."""
    env = Environment(account=config.account, region=config.region)

    def common(part: str, description: str) -> dict[str, Any]:
        """What every stack takes: config, environment, `littlelemon-<profile>-<part>`."""
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
        network=network,
        **common("data", "RDS MySQL, RDS Proxy (standard), bookings table"),
    )
    api = ApiStack(
        app,
        "Api",
        network=network,
        data=data,
        **common("api", "HTTP API, api and management functions, migrations"),
    )
    bookings = BookingsStack(
        app,
        "Bookings",
        data=data,
        api=api,
        **common("bookings", "bookings functions, their routes and the JWT authorizer"),
    )
    web = WebStack(
        app,
        "Web",
        network=network,
        api=api,
        **common("web", "Elastic Beanstalk web site, CloudFront or HTTPS load balancer"),
    )
    observability = ObservabilityStack(
        app,
        "Observability",
        data=data,
        api=api,
        bookings=bookings,
        web=web,
        **common("observability", "dashboard, alarms, alarm topic"),
    )
    budget = BudgetStack(app, "Budget", **common("budget", "monthly cost budget with alerts"))
    stacks: dict[str, Stack] = {
        "network": network,
        "data": data,
        "api": api,
        "bookings": bookings,
        "web": web,
        "observability": observability,
        "budget": budget,
    }
    for stack in stacks.values():
        for key, value in {"project": config.prefix, "profile": config.profile}.items():
            # RDS Proxy target groups take no tags (cfn-lint E3002).
            Tags.of(stack).add(key, value, exclude_resource_types=UNTAGGABLE)
    return stacks


def build(app: App | None = None, *, nag: bool = True) -> tuple[App, dict[str, Stack]]:
    """The app with its stacks and, unless told otherwise, the cdk-nag AwsSolutions checks."""
    app = app or App()
    config = InfraConfig.from_context(app.node)
    stacks = add_stacks(app, config)
    if nag:
        Aspects.of(app).add(AwsSolutionsChecks(verbose=True, reports=True))
    return app, stacks


def main() -> None:
    """Synthesize the cloud assembly (the CDK CLI runs this)."""
    app, _ = build()
    app.synth()


if __name__ == "__main__":
    main()

"""What continuous delivery costs a month: GitHub Actions with OIDC (chosen) and CDK Pipelines.

Neither path appears in the application's templates, so this is priced from stated usage.
The chosen path costs nothing on AWS: an IAM OIDC provider and IAM roles are free, and so is
STS. Its minutes are GitHub's: free for public repositories, and a private repository's
plan includes some each month (2,000 on GitHub Free).
"""

from __future__ import annotations

from dataclasses import dataclass

from littlelemon.cost.prices import PRICES, Price

# GitHub's price, not AWS's (so not in PRICES): a standard Linux 2-core hosted runner,
# per minute from 2026-01-01.
GITHUB_LINUX_MINUTE = Price(
    usd=0.006,
    unit="runner-minute",
    source="https://docs.github.com/en/billing/reference/actions-runner-pricing",
)
# Free every month: CodePipeline V2 100 action minutes, CodeBuild 100 general1.small minutes.
CODEPIPELINE_FREE_ACTION_MINUTES = 100
CODEBUILD_FREE_MINUTES = 100


@dataclass(frozen=True, kw_only=True)
class DeliveryLine:
    """One line of a delivery path's monthly cost."""

    item: str
    price: Price
    quantity: float
    note: str = ""

    @property
    def usd(self) -> float:
        return self.quantity * self.price.usd


@dataclass(frozen=True, kw_only=True)
class DeliveryUsage:
    """How often the pipeline runs and how long each part takes (measure yours)."""

    releases_per_month: int = 20
    test_minutes: int = 45  # `make test` on a 2-core runner
    deploy_minutes: int = 25  # bundle, synth, `cdk deploy`, `littlelemon verify`, per environment
    environments: int = 2  # staging, production
    private_repository: bool = True
    included_runner_minutes: int = 2_000  # GitHub Free; Pro 3,000, Team 3,000
    # CDK Pipelines only: synth + self-mutation + asset publishing before every release
    pipeline_overhead_minutes: int = 6

    @property
    def runner_minutes(self) -> int:
        """Runner minutes a month: every release tests once and deploys each environment."""
        per_release = self.test_minutes + self.deploy_minutes * self.environments
        return self.releases_per_month * per_release


def github_actions_lines(usage: DeliveryUsage) -> list[DeliveryLine]:
    """The chosen path: hosted-runner minutes past the plan's allowance (none when public)."""
    billable = 0
    if usage.private_repository:
        billable = max(0, usage.runner_minutes - usage.included_runner_minutes)
    return [
        DeliveryLine(
            item=(
                f"GitHub Actions: {usage.runner_minutes:,} runner-minutes, "
                f"{billable:,} past the plan's allowance"
            ),
            price=GITHUB_LINUX_MINUTE,
            quantity=billable,
            note="public repositories: free; OIDC provider and deploy roles: free (IAM)",
        )
    ]


def cdk_pipelines_lines(usage: DeliveryUsage) -> list[DeliveryLine]:
    """The path not taken: CodePipeline V2 action minutes and CodeBuild build minutes."""
    build_minutes = usage.releases_per_month * (
        usage.test_minutes + usage.pipeline_overhead_minutes + usage.environments * 3
    )
    # every action bills its run time (CodeBuild actions and CloudFormation deploys alike);
    # the manual approval is free
    action_minutes = build_minutes + usage.releases_per_month * usage.environments * (
        usage.deploy_minutes
    )
    return [
        DeliveryLine(
            item="CodePipeline V2 action minutes (after 100 free)",
            price=PRICES["codepipeline.v2.action_minute"],
            quantity=max(0, action_minutes - CODEPIPELINE_FREE_ACTION_MINUTES),
        ),
        DeliveryLine(
            item="CodeBuild general1.small build minutes (after 100 free)",
            price=PRICES["codebuild.general1_small.minute"],
            quantity=max(0, build_minutes - CODEBUILD_FREE_MINUTES),
            note="make test, synth, self-mutation, asset publishing, verify",
        ),
    ]


def monthly_usd(lines: list[DeliveryLine]) -> float:
    """The sum of some lines, in US dollars a month."""
    return sum(line.usd for line in lines)

"""The delivery bootstrap app: `cdk deploy --app "python -m infra.delivery_app"`, once per account.

Apart from `infra/app.py` on purpose: it creates the identity the pipeline deploys with, so
an administrator deploys it by hand once and the pipeline can never widen its own rights.
"""

from __future__ import annotations

from aws_cdk import App, Aspects, Environment, Tags
from cdk_nag import AwsSolutionsChecks

from infra.stacks.delivery import DeliveryConfig, DeliveryStack

STACK_NAME = "littlelemon-delivery"


def build(app: App | None = None, *, nag: bool = True) -> tuple[App, DeliveryStack]:
    """The app with the one delivery stack and, unless told otherwise, the cdk-nag checks."""
    app = app or App()
    config = DeliveryConfig.from_context(app.node)
    stack = DeliveryStack(
        app,
        "Delivery",
        config=config,
        env=Environment(account=config.account, region=config.region),
        stack_name=STACK_NAME,
        description="Little Lemon: GitHub OIDC provider and the deploy roles of the pipeline",
    )
    Tags.of(stack).add("project", config.prefix)
    if nag:
        Aspects.of(app).add(AwsSolutionsChecks(verbose=True, reports=True))
    return app, stack


def main() -> None:
    """Synthesize the delivery assembly (the CDK CLI runs this)."""
    app, _ = build()
    app.synth()


if __name__ == "__main__":
    main()

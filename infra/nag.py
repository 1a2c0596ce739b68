"""cdk-nag suppressions: every one names the rule, the resource and why the finding stays."""

from __future__ import annotations

from collections.abc import Sequence

from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import IConstruct

# Actions AWS does not scope to a resource: a `*` resource is the only valid form for them.
UNSCOPABLE_ACTIONS = frozenset(
    {
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
    }
)

REASONS: dict[str, str] = {
    "xray": (
        "X-Ray's PutTraceSegments and PutTelemetryRecords accept no resource ARN; AWS "
        "documents '*' as their only resource (Lambda active tracing adds exactly these)."
    ),
    "lambda-vpc": (
        "AWSLambdaVPCAccessExecutionRole is the AWS-maintained policy for the ENI actions a "
        "VPC function needs; they act on network interfaces Lambda creates at run time, "
        "whose ARNs do not exist at synth time."
    ),
    "python312": (
        "The bundles carry cp312 manylinux aarch64 wheels and the test suite pins Django 5.2 "
        "on the same Python; moving the runtime is a deliberate change with a rebuild, not a "
        "side effect of a newer CDK."
    ),
    "runner-runtime": (
        "The migrations runner stays on the same Python runtime as the functions it drives, "
        "so one runtime is patched and reviewed."
    ),
    "provider-invoke": (
        "The CDK Provider framework grants its own function lambda:InvokeFunction on the "
        "runner and the runner's versions (`:*`); the runner has no published versions."
    ),
    "provider-runtime": (
        "The CDK Provider framework's Node.js function is CDK's own code on the runtime that "
        "CDK release pins; it moves with aws-cdk-lib upgrades."
    ),
    "default-route": (
        "The $default route is the Django API: public reads (menu, health, JWKS, OpenID "
        "configuration, sign-up, token endpoints) are anonymous by design and every other "
        "view enforces JWT authentication and role permissions itself (DRF)."
    ),
    "multi-az": (
        "Single-AZ on purpose: Multi-AZ doubles the largest line of the bill for a small "
        "restaurant; automated backups (7 days), final snapshot and deletion protection "
        "cover recovery."
    ),
    "default-port": (
        "Port obscurity adds nothing here: the instance is in isolated subnets and its "
        "security group admits only the proxy or the function security group."
    ),
    "eb-service-role": (
        "Elastic Beanstalk's service role must carry the AWS-maintained enhanced-health and "
        "managed-updates policies; EB calls them on resources it creates with generated names."
    ),
    "eb-instance-paths": (
        "Elastic Beanstalk names the per-environment S3 prefix and the log groups after the "
        "environment it creates; the wildcard is confined to that environment's own prefix."
    ),
    "cloudfront-logs": (
        "Standard access logs need a log bucket with ACLs; the HTTP API access log and the "
        "web server logs (streamed to CloudWatch) already record every request."
    ),
    "cloudfront-default-cert": (
        "Without a custom domain the distribution uses the *.cloudfront.net certificate, "
        "whose minimum protocol CloudFront fixes; with a domain TLSv1.2_2021 is set."
    ),
    "cloudfront-origin-http": (
        "The lean profile's single Elastic Beanstalk instance has no certificate; viewers get "
        "HTTPS from CloudFront and the origin leg is HTTP. Standard with a domain terminates "
        "TLS at its load balancer instead."
    ),
}


def suppress(
    construct: IConstruct,
    rule: str,
    reason_key: str,
    *,
    applies_to: Sequence[str] | None = None,
    children: bool = True,
) -> None:
    """Suppress `rule` on `construct` with the written reason `REASONS[reason_key]`."""
    NagSuppressions.add_resource_suppressions(
        construct,
        [
            NagPackSuppression(
                id=rule,
                reason=REASONS[reason_key],
                applies_to=list(applies_to) if applies_to else None,
            )
        ],
        apply_to_children=children,
    )

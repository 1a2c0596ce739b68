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
        "Inline migration runner kept on the same Python runtime as the functions it drives, "
        "so one runtime is patched and reviewed."
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
    "media-access-logs": (
        "Server access logs would need a second bucket; the photos are public pictures "
        "written only by the API, whose requests are logged."
    ),
    "media-geo": (
        "Dish photos are public pictures of the menu: no geographic restriction, every "
        "visitor of the site sees them."
    ),
    "media-waf": (
        "Static, public, cacheable photos only (GET/HEAD): a WAF web ACL (US$5+ a month) "
        "would guard nothing that is not already public."
    ),
    "cloudfront-logs-media": (
        "Standard access logs need an ACL-enabled log bucket; the photos are public and every"
        " write goes through the API, which logs it."
    ),
    "cloudfront-default-cert-media": (
        "The distribution uses the default *.cloudfront.net certificate, whose minimum TLS "
        "protocol CloudFront itself fixes."
    ),
    "media-prefix": (
        "Photo keys are generated per upload (menu/<id>-<random>.jpg); the menu/ prefix of "
        "the one photo bucket is the narrowest resource."
    ),
    "mail-dlq": (
        "This queue is itself the dead-letter queue of the mailer's stream source; a queue "
        "for its dead letters would never receive any."
    ),
    "mailer-runtime": (
        "The mailer ships in the bookings bundle (cp312 wheels) and stays on the same Python "
        "runtime as every other function: one runtime to patch."
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

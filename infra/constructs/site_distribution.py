"""CloudFront in front of the web origin: HTTPS to viewers, a secret header to the origin."""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from constructs import Construct

from infra.nag import suppress
from littlelemon.contract.webtier import ORIGIN_VERIFY_HEADER

# CloudFront's managed prefix list of its origin-facing servers (IPv4). A security group
# that admits only it keeps every non-CloudFront client away from the origin.
# https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/LocationsOfEdgeServers.html#managed-prefix-list
CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing"


class SiteDistribution(Construct):
    """A distribution for `origin_host` (a DNS name: CloudFront takes no IP address).

    Every request to the origin carries ORIGIN_VERIFY_HEADER with `origin_secret`, which
    the web tier checks (littlelemon.web.middleware.OriginVerifyMiddleware), and the
    viewer's Host plus CloudFront's own `CloudFront-Forwarded-Proto` header (managed origin
    request policy AllViewerAndCloudFrontHeaders-2022-06), which Django trusts for "the
    viewer used HTTPS": a load balancer between CloudFront and the instance rewrites
    X-Forwarded-Proto to the protocol of its own listener (http), which redirected forever.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        origin_host: str,
        origin_secret: str,
        comment: str,
        domain_names: Sequence[str] = (),
        certificate: acm.ICertificate | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        origin = origins.HttpOrigin(
            origin_host,
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTP_ONLY,
            custom_headers={ORIGIN_VERIFY_HEADER: origin_secret},
        )
        forward = cloudfront.OriginRequestPolicy.ALL_VIEWER_AND_CLOUDFRONT_2022
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=comment,
            default_behavior=cloudfront.BehaviorOptions(
                origin=origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                origin_request_policy=forward,
            ),
            additional_behaviors={
                # Hashed file names (ManifestStaticFilesStorage): safe to cache at the edge.
                # Host and CloudFront-Forwarded-Proto still reach Django on a cache miss.
                "/static/*": cloudfront.BehaviorOptions(
                    origin=origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                    origin_request_policy=forward,
                )
            },
            domain_names=list(domain_names) or None,
            certificate=certificate,
            minimum_protocol_version=(
                cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if certificate else None
            ),
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
        )
        suppress(self.distribution, "AwsSolutions-CFR3", "cloudfront-logs")
        suppress(self.distribution, "AwsSolutions-CFR5", "cloudfront-origin-http")
        if certificate is None:
            suppress(self.distribution, "AwsSolutions-CFR4", "cloudfront-default-cert")

    @property
    def domain_name(self) -> str:
        """The distribution's own host name (dxxxx.cloudfront.net)."""
        return self.distribution.distribution_domain_name

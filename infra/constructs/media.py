"""Dish photos on AWS: a private S3 bucket, reached from the API's VPC through a free gateway
endpoint, served to browsers by CloudFront with origin access control (OAC).

The API Lambda has no internet egress (no NAT, no interface endpoints); an S3 gateway
endpoint is a route-table entry that costs nothing
(https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html). The bucket
blocks all public access; only the distribution (its OAC, scoped by the distribution's ARN
in the bucket policy) reads it
(https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from cdk_nag import RegexAppliesTo
from constructs import Construct

from infra.nag import suppress

PHOTO_PREFIX = "menu/"  # littlelemon.api.menu.services.PHOTO_FOLDER
HTTPS_PORT = 443


class Media(Construct):
    """The photo bucket, its CloudFront distribution and the VPC's S3 gateway endpoint."""

    def __init__(self, scope: Construct, construct_id: str, *, vpc: ec2.IVpc) -> None:
        super().__init__(scope, construct_id)
        self.bucket = s3.Bucket(
            self,
            "Photos",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            # Photos are replaced, never edited: an old one is deleted by the API.
            lifecycle_rules=[
                s3.LifecycleRule(abort_incomplete_multipart_upload_after=Duration.days(1))
            ],
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.distribution = cloudfront.Distribution(
            self,
            "Cdn",
            comment="Little Lemon dish photos",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
            ),
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
        )
        # In this construct's stack, not the VPC's: the endpoint names resources of this stack.
        self.endpoint = ec2.GatewayVpcEndpoint(
            self,
            "S3Endpoint",
            vpc=vpc,
            service=ec2.GatewayVpcEndpointAwsService.S3,
            subnets=[ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)],
        )
        # Through this endpoint only this bucket's photos: nothing in the VPC can copy data
        # to another bucket.
        self.endpoint.add_to_policy(
            iam.PolicyStatement(
                principals=[iam.AnyPrincipal()],
                actions=["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
                resources=[self.bucket.bucket_arn, self.bucket.arn_for_objects(f"{PHOTO_PREFIX}*")],
            )
        )
        suppress(self.bucket, "AwsSolutions-S1", "media-access-logs", children=False)
        for rule, reason in {
            "AwsSolutions-CFR1": "media-geo",
            "AwsSolutions-CFR2": "media-waf",
            "AwsSolutions-CFR3": "cloudfront-logs-media",
            "AwsSolutions-CFR4": "cloudfront-default-cert-media",
        }.items():
            suppress(self.distribution, rule, reason, children=False)

    @property
    def environment(self) -> dict[str, str]:
        """What littlelemon.api.settings reads to store photos here (MEDIA_BUCKET, MEDIA_DOMAIN)."""
        return {
            "MEDIA_BUCKET": self.bucket.bucket_name,
            "MEDIA_DOMAIN": self.distribution.distribution_domain_name,
        }

    def grant_photo_writes(
        self, grantee: iam.IRole, *, security_group: ec2.ISecurityGroup | None = None
    ) -> None:
        """The API stores, checks and deletes photos under `menu/` (exact ARNs).

        django-storages asks HeadObject whether a name is free; without ListBucket S3 says 403
        instead of 404 for a missing key, so ListBucket is granted, limited to the prefix.
        """
        grantee.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                resources=[self.bucket.arn_for_objects(f"{PHOTO_PREFIX}*")],
            )
        )
        grantee.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["s3:ListBucket"],
                resources=[self.bucket.bucket_arn],
                conditions={"StringLike": {"s3:prefix": [f"{PHOTO_PREFIX}*"]}},
            )
        )
        # The photos' names are generated per upload: the prefix is the narrowest resource.
        suppress(
            grantee,
            "AwsSolutions-IAM5",
            "media-prefix",
            applies_to=[RegexAppliesTo(regex=r"/^Resource::<MediaPhotos.*\.Arn>\/menu\/\*$/")],
        )
        if security_group is not None:
            allow_https_to_gateway_endpoints(security_group)


def allow_https_to_gateway_endpoints(security_group: ec2.ISecurityGroup) -> None:
    """HTTPS out of a security group that otherwise only reaches MySQL.

    The isolated subnets route nowhere but the VPC and the gateway endpoints (no internet
    gateway, no NAT), so 443 to anywhere reaches only S3 and DynamoDB through them; naming
    their managed prefix lists would need a lookup at synth time (an account).
    """
    security_group.add_egress_rule(
        ec2.Peer.any_ipv4(),
        ec2.Port.tcp(HTTPS_PORT),
        "HTTPS to the S3 and DynamoDB gateway endpoints (the only routes out)",
    )

"""Web: the Django site on Elastic Beanstalk, HTTPS through CloudFront or the load balancer."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import ArnFormat, CfnOutput, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_elasticbeanstalk as elasticbeanstalk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from aws_cdk import aws_s3_assets as s3_assets
from constructs import Construct

from infra.assets import bundle_path
from infra.config import InfraConfig, app_secret
from infra.nag import suppress
from infra.stacks.api import ApiStack
from infra.stacks.network import NetworkStack

HEALTH_PATH = "/health"
WSGI_PATH = "littlelemon.web.wsgi:application"


class WebStack(Stack):
    """Elastic Beanstalk application + environment with a least-privilege instance role."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        network: NetworkStack,
        api: ApiStack,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        self.application_name = config.stack_name("web")
        self.environment_name = f"{config.prefix}-{config.profile}"
        # Lean always serves through CloudFront (HTTPS on *.cloudfront.net, or the custom
        # domain): the session cookie is Secure, so plain HTTP would break sign-in. Standard
        # terminates TLS at its load balancer when a domain (and so a certificate) exists.
        self.uses_cloudfront = config.is_lean or not config.has_domain
        self.zone = (
            route53.HostedZone.from_hosted_zone_attributes(
                self, "Zone", hosted_zone_id=config.hosted_zone_id, zone_name=config.domain_name
            )
            if config.hosted_zone_id and config.domain_name
            else None
        )

        bundle = s3_assets.Asset(self, "Bundle", path=bundle_path(config.web_bundle, part="web"))
        application = elasticbeanstalk.CfnApplication(
            self,
            "Application",
            application_name=self.application_name,
            description="Little Lemon web site (Django, server-side rendered)",
        )
        version = elasticbeanstalk.CfnApplicationVersion(
            self,
            "Version",
            application_name=self.application_name,
            source_bundle=elasticbeanstalk.CfnApplicationVersion.SourceBundleProperty(
                s3_bucket=bundle.s3_bucket_name, s3_key=bundle.s3_object_key
            ),
        )
        version.node.add_dependency(application)

        instance_role = self._instance_role(bundle)
        profile = iam.CfnInstanceProfile(self, "InstanceProfile", roles=[instance_role.role_name])
        service_role = iam.Role(
            self,
            "ServiceRole",
            assumed_by=iam.ServicePrincipal("elasticbeanstalk.amazonaws.com"),
            managed_policies=[
                iam.ManagedPolicy.from_aws_managed_policy_name(
                    "service-role/AWSElasticBeanstalkEnhancedHealth"
                ),
                iam.ManagedPolicy.from_aws_managed_policy_name(
                    "AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy"
                ),
            ],
        )

        suppress(
            service_role,
            "AwsSolutions-IAM4",
            "eb-service-role",
            applies_to=[
                "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/"
                "AWSElasticBeanstalkEnhancedHealth",
                "Policy::arn:<AWS::Partition>:iam::aws:policy/"
                "AWSElasticBeanstalkManagedUpdatesCustomerRolePolicy",
            ],
        )

        self.certificate: acm.Certificate | None = None
        if config.web_host and self.zone is not None:
            # CloudFront takes only us-east-1 certificates; the lean config requires that region.
            self.certificate = acm.Certificate(
                self,
                "Certificate",
                domain_name=config.web_host,
                validation=acm.CertificateValidation.from_dns(self.zone),
            )

        self.eb_environment = elasticbeanstalk.CfnEnvironment(
            self,
            "Environment",
            application_name=self.application_name,
            environment_name=self.environment_name,
            solution_stack_name=config.eb_solution_stack,
            version_label=version.ref,
            option_settings=self._options(
                network=network,
                api=api,
                instance_profile=profile.ref,
                service_role=service_role.role_arn,
            ),
        )
        self.eb_environment.node.add_dependency(application)

        self.distribution: cloudfront.Distribution | None = None
        if self.uses_cloudfront:
            self.distribution = self._distribution()
            self.site_url = (
                f"https://{config.web_host}"
                if config.web_host
                else f"https://{self.distribution.distribution_domain_name}"
            )
        else:
            assert self.zone is not None
            assert config.web_host is not None
            route53.CnameRecord(
                self,
                "WebRecord",
                zone=self.zone,
                record_name=config.web_host,
                domain_name=self.eb_environment.attr_endpoint_url,
            )
            self.site_url = f"https://{config.web_host}"
        CfnOutput(self, "SiteUrl", value=self.site_url, description="The web site")

    def _instance_role(self, bundle: s3_assets.Asset) -> iam.Role:
        """What the instance does: fetch its bundle, stream logs, report health. Nothing else."""
        role = iam.Role(
            self,
            "InstanceRole",
            assumed_by=iam.ServicePrincipal("ec2.amazonaws.com"),
            description="Elastic Beanstalk web instances: bundle, logs, health reports only",
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="SourceBundle",
                actions=["s3:GetObject"],
                resources=[bundle.bucket.arn_for_objects(bundle.s3_object_key)],
            )
        )
        eb_bucket = f"arn:{self.partition}:s3:::elasticbeanstalk-{self.region}-{self.account}"
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ElasticBeanstalkBucket",
                actions=["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                resources=[eb_bucket, f"{eb_bucket}/resources/environments/*"],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="StreamLogs",
                actions=[
                    "logs:CreateLogGroup",
                    "logs:CreateLogStream",
                    "logs:PutLogEvents",
                    "logs:DescribeLogStreams",
                    "logs:PutRetentionPolicy",
                ],
                resources=[
                    self.format_arn(
                        service="logs",
                        resource="log-group",
                        resource_name=f"/aws/elasticbeanstalk/{self.environment_name}/*",
                        arn_format=ArnFormat.COLON_RESOURCE_NAME,
                    )
                ],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="EnhancedHealth",
                actions=["elasticbeanstalk:PutInstanceStatistics"],
                resources=[
                    self.format_arn(
                        service="elasticbeanstalk",
                        resource="application",
                        resource_name=self.application_name,
                    ),
                    self.format_arn(
                        service="elasticbeanstalk",
                        resource="environment",
                        resource_name=f"{self.application_name}/{self.environment_name}",
                    ),
                ],
            )
        )
        suppress(
            role,
            "AwsSolutions-IAM5",
            "eb-instance-paths",
            applies_to=[
                f"Resource::arn:<AWS::Partition>:s3:::elasticbeanstalk-{self.region}-"
                "<AWS::AccountId>/resources/environments/*",
                f"Resource::arn:<AWS::Partition>:logs:{self.region}:<AWS::AccountId>:"
                f"log-group:/aws/elasticbeanstalk/{self.environment_name}/*",
            ],
        )
        return role

    def _options(
        self,
        *,
        network: NetworkStack,
        api: ApiStack,
        instance_profile: str,
        service_role: str,
    ) -> list[elasticbeanstalk.CfnEnvironment.OptionSettingProperty]:
        config = self.config
        public_subnets = ",".join(
            subnet.subnet_id
            for subnet in network.vpc.select_subnets(subnet_type=ec2.SubnetType.PUBLIC).subnets
        )
        allowed_hosts = [".cloudfront.net"] if self.uses_cloudfront else []
        origins_trusted = ["https://*.cloudfront.net"] if self.uses_cloudfront else []
        if config.web_host:
            allowed_hosts.append(config.web_host)
            origins_trusted.append(f"https://{config.web_host}")
        options: dict[tuple[str, str], str] = {
            ("aws:elasticbeanstalk:environment", "EnvironmentType"): (
                "SingleInstance" if config.is_lean else "LoadBalanced"
            ),
            ("aws:elasticbeanstalk:environment", "ServiceRole"): service_role,
            ("aws:autoscaling:launchconfiguration", "IamInstanceProfile"): instance_profile,
            ("aws:autoscaling:launchconfiguration", "DisableIMDSv1"): "true",
            ("aws:autoscaling:launchconfiguration", "RootVolumeType"): "gp3",
            ("aws:autoscaling:launchconfiguration", "RootVolumeSize"): "8",
            ("aws:ec2:instances", "InstanceTypes"): config.web_instance,
            ("aws:ec2:vpc", "VPCId"): network.vpc.vpc_id,
            # Public subnets and a public address: without a NAT gateway this is how the
            # instance reaches Elastic Beanstalk, S3 and CloudWatch (and the API).
            ("aws:ec2:vpc", "Subnets"): public_subnets,
            ("aws:ec2:vpc", "AssociatePublicIpAddress"): "true",
            ("aws:elasticbeanstalk:healthreporting:system", "SystemType"): "enhanced",
            # Publishes EnvironmentHealth to CloudWatch (one custom metric) for the alarm.
            ("aws:elasticbeanstalk:healthreporting:system", "ConfigDocument"): json.dumps(
                {"Version": 1, "CloudWatchMetrics": {"Environment": {"EnvironmentHealth": 60}}}
            ),
            ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs"): "true",
            ("aws:elasticbeanstalk:cloudwatch:logs", "RetentionInDays"): str(
                config.log_retention_days
            ),
            ("aws:elasticbeanstalk:cloudwatch:logs", "DeleteOnTerminate"): "true",
            ("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled"): "true",
            ("aws:elasticbeanstalk:managedactions", "PreferredStartTime"): "Sun:03:00",
            ("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel"): "minor",
            ("aws:elasticbeanstalk:container:python", "WSGIPath"): WSGI_PATH,
            ("aws:elasticbeanstalk:application:environment", "DJANGO_ENV"): "production",
            # Sized for the instance's memory, not its vCPUs (gunicorn.conf.py's fallback).
            ("aws:elasticbeanstalk:application:environment", "WEB_CONCURRENCY"): str(
                config.web_workers
            ),
            ("aws:elasticbeanstalk:application:environment", "API_BASE_URL"): api.api_url,
            ("aws:elasticbeanstalk:application:environment", "DJANGO_ALLOWED_HOSTS"): ",".join(
                allowed_hosts or [".elasticbeanstalk.com"]
            ),
            ("aws:elasticbeanstalk:application:environment", "DJANGO_CSRF_TRUSTED_ORIGINS"): (
                ",".join(origins_trusted)
            ),
            # Resolved by CloudFormation at deploy time (see the api stack for the trade-off);
            # the instance role then needs no Secrets Manager permission at all.
            ("aws:elasticbeanstalk:application:environment", "DJANGO_SECRET_KEY"): (
                app_secret(config, "web_secret_key")
            ),
            ("aws:elasticbeanstalk:application:environment", "SESSION_ENCRYPTION_KEYS"): (
                app_secret(config, "session_encryption_keys")
            ),
            # Signs the visitor's address for the api (contract/webtier.py); the api holds it too.
            ("aws:elasticbeanstalk:application:environment", "WEB_TIER_KEY"): (
                app_secret(config, "web_tier_key")
            ),
            # Proxies that append to X-Forwarded-For before gunicorn: the instance's nginx,
            # the load balancer (standard) and CloudFront (when it fronts the site).
            ("aws:elasticbeanstalk:application:environment", "WEB_TRUSTED_PROXIES"): str(
                1 + (0 if config.is_lean else 1) + (1 if self.uses_cloudfront else 0)
            ),
        }
        if not config.is_lean:
            options |= {
                ("aws:elasticbeanstalk:environment", "LoadBalancerType"): "application",
                ("aws:ec2:vpc", "ELBSubnets"): public_subnets,
                ("aws:ec2:vpc", "ELBScheme"): "public",
                ("aws:autoscaling:asg", "MinSize"): "1",
                ("aws:autoscaling:asg", "MaxSize"): "2",
                ("aws:elasticbeanstalk:environment:process:default", "HealthCheckPath"): (
                    HEALTH_PATH
                ),
                ("aws:elasticbeanstalk:environment:process:default", "MatcherHTTPCode"): "200",
            }
            if self.certificate is not None:
                options |= {
                    ("aws:elbv2:listener:443", "Protocol"): "HTTPS",
                    ("aws:elbv2:listener:443", "SSLCertificateArns"): (
                        self.certificate.certificate_arn
                    ),
                    ("aws:elbv2:listener:443", "SSLPolicy"): (
                        "ELBSecurityPolicy-TLS13-1-2-2021-06"
                    ),
                }
        return [
            elasticbeanstalk.CfnEnvironment.OptionSettingProperty(
                namespace=namespace, option_name=name, value=value
            )
            for (namespace, name), value in options.items()
        ]

    def _distribution(self) -> cloudfront.Distribution:
        """CloudFront in front of the environment: HTTPS for viewers, HTTP to the origin."""
        config = self.config
        origin = origins.HttpOrigin(
            self.eb_environment.attr_endpoint_url,
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTP_ONLY,
            # Django's SECURE_PROXY_SSL_HEADER: the viewer spoke HTTPS to CloudFront.
            custom_headers={"X-Forwarded-Proto": "https"},
        )
        distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"Little Lemon web ({config.profile})",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER,
            ),
            additional_behaviors={
                # Hashed file names (ManifestStaticFilesStorage): safe to cache at the edge.
                "/static/*": cloudfront.BehaviorOptions(
                    origin=origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                )
            },
            domain_names=[config.web_host] if config.web_host else None,
            certificate=self.certificate,
            minimum_protocol_version=(
                cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if self.certificate else None
            ),
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
        )
        suppress(distribution, "AwsSolutions-CFR3", "cloudfront-logs")
        suppress(distribution, "AwsSolutions-CFR5", "cloudfront-origin-http")
        if self.certificate is None:
            suppress(distribution, "AwsSolutions-CFR4", "cloudfront-default-cert")
        if self.zone is not None and config.web_host:
            route53.ARecord(
                self,
                "WebAlias",
                zone=self.zone,
                record_name=config.web_host,
                target=route53.RecordTarget.from_alias(targets.CloudFrontTarget(distribution)),
            )
        return distribution

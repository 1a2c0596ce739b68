"""Web: the Django site on Elastic Beanstalk, HTTPS through CloudFront or the load balancer."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import Annotations, ArnFormat, Aws, CfnOutput, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_elasticbeanstalk as elasticbeanstalk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from aws_cdk import aws_s3_assets as s3_assets
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.assets import bundle_path
from infra.config import EB_SOLUTION_STACK_WARNING, InfraConfig, app_secret
from infra.constructs.function import function_role, log_group
from infra.constructs.site_distribution import (
    CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST,
    SiteDistribution,
)
from infra.nag import suppress
from littlelemon.contract.webtier import ORIGIN_VERIFY_VARIABLE

HEALTH_PATH = "/health"
WSGI_PATH = "littlelemon.web.wsgi:application"
HTTP_PORT = 80
# Django's request.META name of CloudFront's `CloudFront-Forwarded-Proto` header.
CLOUDFRONT_PROTO_META = "HTTP_CLOUDFRONT_FORWARDED_PROTO"
ENV = "aws:elasticbeanstalk:application:environment"
# Elastic Beanstalk fetches these from Secrets Manager on the instance at start-up
# (platform versions from 2025-03-26 on); the environment's configuration holds only ARNs.
# https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.secrets.env-vars.html
ENV_SECRETS = "aws:elasticbeanstalk:application:environmentsecrets"
# Keys of the application secret the web tier needs, each copied into a secret of its own
# (Elastic Beanstalk assigns a secret's whole value to one variable).
WEB_SECRET_KEYS = {
    "DJANGO_SECRET_KEY": "web_secret_key",
    "SESSION_ENCRYPTION_KEYS": "session_encryption_keys",
}


class WebStack(Stack):
    """Elastic Beanstalk application + environment with a least-privilege instance role."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        vpc: ec2.IVpc,
        api_url: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        self.application_name = config.stack_name("web")
        self.environment_name = config.stack_name("site")
        # The environment's DNS name, <prefix>.<region>.elasticbeanstalk.com, fixed before
        # the environment exists: CloudFront's origin must be a DNS name (a single-instance
        # environment's EndpointURL is the instance's address), it survives instance
        # replacement, and the distribution does not depend on the environment (which in
        # turn trusts exactly the distribution's host name). The account ID keeps the
        # prefix unique: Elastic Beanstalk CNAMEs are shared by every account in a region.
        self.cname_prefix = f"{config.stack_name('web')}-{Aws.ACCOUNT_ID}"
        self.origin_host = f"{self.cname_prefix}.{self.region}.elasticbeanstalk.com"
        # Lean always serves through CloudFront (HTTPS on *.cloudfront.net, or the custom
        # domain): the session cookie is Secure, so plain HTTP would break sign-in. Standard
        # terminates TLS at its load balancer when a domain (and so a certificate) exists.
        self.uses_cloudfront = config.web_behind_cloudfront
        if config.eb_solution_stack is None:
            Annotations.of(self).add_warning_v2(
                "littlelemon:eb-platform", EB_SOLUTION_STACK_WARNING
            )
        self.secrets = self._web_secrets()
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

        instance_role = self._instance_role(bundle, list(self.secrets.values()))
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

        self.site: SiteDistribution | None = None
        self.origin_security_group: ec2.SecurityGroup | None = None
        site_hosts: list[str] = [config.web_host] if config.web_host else []
        if self.uses_cloudfront:
            self.site = self._distribution()
            # Exactly this distribution's host names: no other *.cloudfront.net site.
            site_hosts.append(self.site.domain_name)
            self.origin_security_group = self._origin_security_group(vpc)

        self.eb_environment = elasticbeanstalk.CfnEnvironment(
            self,
            "Environment",
            application_name=self.application_name,
            environment_name=self.environment_name,
            cname_prefix=self.cname_prefix,
            solution_stack_name=config.solution_stack,
            version_label=version.ref,
            option_settings=self._options(
                vpc=vpc,
                api_url=api_url,
                site_hosts=site_hosts,
                instance_profile=profile.ref,
                service_role=service_role.role_arn,
            ),
        )
        self.eb_environment.node.add_dependency(application)

        if self.site is not None:
            self.site_url = (
                f"https://{config.web_host}"
                if config.web_host
                else f"https://{self.site.domain_name}"
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

    def _web_secrets(self) -> dict[str, secretsmanager.ISecret]:
        """The web tier's secrets, one value each, by the environment variable they feed.

        DJANGO_SECRET_KEY and SESSION_ENCRYPTION_KEYS are copied from the application secret
        by CloudFormation (a dynamic reference: the value is in neither the template nor the
        environment's configuration); the origin-verify value is generated here.
        """
        config = self.config
        secrets: dict[str, secretsmanager.ISecret] = {}
        for variable, key in WEB_SECRET_KEYS.items():
            copy = secretsmanager.CfnSecret(
                self,
                f"Copy{key.title().replace('_', '')}",
                name=config.stack_name(key.replace("_", "-")),
                description=f"{key} of {config.app_secret_name}, for the web tier",
                secret_string=app_secret(config, key),
            )
            suppress(copy, "AwsSolutions-SMG4", "web-secret-rotation")
            secrets[variable] = secretsmanager.Secret.from_secret_complete_arn(
                self, f"{variable.title().replace('_', '')}Secret", copy.ref
            )
        if self.uses_cloudfront:
            origin_verify = secretsmanager.Secret(
                self,
                "OriginVerify",
                secret_name=config.stack_name("origin-verify"),
                description="Header value CloudFront sends to the web origin",
                generate_secret_string=secretsmanager.SecretStringGenerator(
                    password_length=48, exclude_punctuation=True
                ),
            )
            suppress(origin_verify, "AwsSolutions-SMG4", "web-secret-rotation")
            secrets[ORIGIN_VERIFY_VARIABLE] = origin_verify
        return secrets

    def _origin_security_group(self, vpc: ec2.IVpc) -> ec2.SecurityGroup:
        """HTTP from CloudFront's origin-facing servers only (its managed prefix list).

        The list's ID differs per account partition and region, and a context lookup
        (ec2.PrefixList.from_lookup) needs an account at synth time: a custom resource
        asks EC2 (DescribeManagedPrefixLists) at deploy time instead. The list counts as
        its maximum number of entries against the security group's rule quota (60).
        """
        logs_to = log_group(self, "PrefixListLookupLogs", config=self.config)
        lookup = cr.AwsCustomResource(
            self,
            "CloudFrontPrefixList",
            on_create=self._prefix_list_call(),
            on_update=self._prefix_list_call(),
            policy=cr.AwsCustomResourcePolicy.from_statements(
                [
                    iam.PolicyStatement(
                        actions=["ec2:DescribeManagedPrefixLists"],
                        resources=["*"],  # a Describe action: no resource ARN (nag.py)
                    )
                ]
            ),
            role=function_role(self, "PrefixListLookupRole", logs_to=logs_to),
            log_group=logs_to,
            install_latest_aws_sdk=False,
        )
        suppress(
            lookup,
            "AwsSolutions-IAM5",
            "prefix-list-lookup",
            applies_to=["Resource::*"],
        )
        group = ec2.SecurityGroup(
            self,
            "OriginSecurityGroup",
            vpc=vpc,
            description="Web origin: HTTP from the CloudFront origin-facing servers only",
            allow_all_outbound=True,  # Elastic Beanstalk, S3, CloudWatch and the API
        )
        group.add_ingress_rule(
            ec2.Peer.prefix_list(lookup.get_response_field("PrefixLists.0.PrefixListId")),
            ec2.Port.tcp(HTTP_PORT),
            "HTTP from CloudFront only",
        )
        return group

    @staticmethod
    def _prefix_list_call() -> cr.AwsSdkCall:
        return cr.AwsSdkCall(
            service="EC2",
            action="describeManagedPrefixLists",
            parameters={
                "Filters": [
                    {"Name": "prefix-list-name", "Values": [CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST]}
                ]
            },
            physical_resource_id=cr.PhysicalResourceId.of(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST),
            output_paths=["PrefixLists.0.PrefixListId"],
        )

    def _instance_role(
        self, bundle: s3_assets.Asset, secrets: list[secretsmanager.ISecret]
    ) -> iam.Role:
        """What the instance does: fetch its bundle and its secrets, stream logs, report
        health. Nothing else."""
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
        role.add_to_policy(
            iam.PolicyStatement(
                sid="EnvironmentSecrets",
                actions=["secretsmanager:GetSecretValue"],
                resources=[secret.secret_arn for secret in secrets],
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
        vpc: ec2.IVpc,
        api_url: str,
        site_hosts: list[str],
        instance_profile: str,
        service_role: str,
    ) -> list[elasticbeanstalk.CfnEnvironment.OptionSettingProperty]:
        config = self.config
        capabilities = config.capabilities
        public_subnets = ",".join(
            subnet.subnet_id
            for subnet in vpc.select_subnets(subnet_type=ec2.SubnetType.PUBLIC).subnets
        )
        options: dict[tuple[str, str], str] = {
            ("aws:elasticbeanstalk:environment", "EnvironmentType"): (
                "LoadBalanced" if capabilities.load_balancer else "SingleInstance"
            ),
            ("aws:elasticbeanstalk:environment", "ServiceRole"): service_role,
            ("aws:autoscaling:launchconfiguration", "IamInstanceProfile"): instance_profile,
            ("aws:autoscaling:launchconfiguration", "DisableIMDSv1"): "true",
            ("aws:autoscaling:launchconfiguration", "RootVolumeType"): "gp3",
            ("aws:autoscaling:launchconfiguration", "RootVolumeSize"): "8",
            ("aws:ec2:instances", "InstanceTypes"): config.web_instance,
            ("aws:ec2:vpc", "VPCId"): vpc.vpc_id,
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
            (ENV, "DJANGO_ENV"): "production",
            # Sized for the instance's memory, not its vCPUs (gunicorn.conf.py's fallback).
            (ENV, "WEB_CONCURRENCY"): str(config.web_workers),
            (ENV, "API_BASE_URL"): api_url,
            (ENV, "DJANGO_ALLOWED_HOSTS"): ",".join(site_hosts or [".elasticbeanstalk.com"]),
            (ENV, "DJANGO_CSRF_TRUSTED_ORIGINS"): ",".join(f"https://{h}" for h in site_hosts),
            # Secret values never sit in the environment's configuration: only their ARNs.
            **{
                (ENV_SECRETS, variable): secret.secret_arn
                for variable, secret in self.secrets.items()
            },
        }
        if self.uses_cloudfront:
            # The viewer's protocol as CloudFront saw it; only CloudFront reaches the origin
            # (prefix list + origin-verify header), so the header cannot be forged.
            options[ENV, "DJANGO_SECURE_PROXY_SSL_HEADER"] = CLOUDFRONT_PROTO_META
        if capabilities.load_balancer:
            options |= {
                ("aws:elasticbeanstalk:environment", "LoadBalancerType"): "application",
                ("aws:ec2:vpc", "ELBSubnets"): public_subnets,
                ("aws:ec2:vpc", "ELBScheme"): "public",
                ("aws:autoscaling:asg", "MinSize"): str(capabilities.web_min_instances),
                ("aws:autoscaling:asg", "MaxSize"): str(capabilities.web_max_instances),
                ("aws:elasticbeanstalk:environment:process:default", "HealthCheckPath"): (
                    HEALTH_PATH
                ),
                ("aws:elasticbeanstalk:environment:process:default", "MatcherHTTPCode"): "200",
            }
            if self.origin_security_group is not None:
                # The load balancer takes our group instead of one open to the internet;
                # Elastic Beanstalk lets the instances admit traffic from it.
                group_id = self.origin_security_group.security_group_id
                options |= {
                    ("aws:elbv2:loadbalancer", "SecurityGroups"): group_id,
                    ("aws:elbv2:loadbalancer", "ManagedSecurityGroup"): group_id,
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
        elif self.origin_security_group is not None:
            # One instance, no load balancer: the instance takes only our group, and
            # Elastic Beanstalk's default group (port 80 open to 0.0.0.0/0) is not created.
            options |= {
                ("aws:autoscaling:launchconfiguration", "SecurityGroups"): (
                    self.origin_security_group.security_group_id
                ),
                ("aws:autoscaling:launchconfiguration", "DisableDefaultEC2SecurityGroup"): ("true"),
            }
        return [
            elasticbeanstalk.CfnEnvironment.OptionSettingProperty(
                namespace=namespace, option_name=name, value=value
            )
            for (namespace, name), value in options.items()
        ]

    def _distribution(self) -> SiteDistribution:
        """CloudFront in front of the environment: HTTPS for viewers, HTTP to the origin."""
        config = self.config
        site = SiteDistribution(
            self,
            "Site",
            origin_host=self.origin_host,
            # A dynamic reference ({{resolve:secretsmanager:...}}), not the value: CloudFormation
            # resolves it while deploying. Readers of the distribution's configuration see it.
            origin_secret=self.secrets[ORIGIN_VERIFY_VARIABLE].secret_value.unsafe_unwrap(),
            comment=f"Little Lemon web ({config.environment}, {config.profile})",
            domain_names=[config.web_host] if config.web_host else (),
            certificate=self.certificate,
        )
        if self.zone is not None and config.web_host:
            route53.ARecord(
                self,
                "WebAlias",
                zone=self.zone,
                record_name=config.web_host,
                target=route53.RecordTarget.from_alias(targets.CloudFrontTarget(site.distribution)),
            )
        return site

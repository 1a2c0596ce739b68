"""The Elastic Beanstalk application, its version, roles and the environment running it."""

from __future__ import annotations

import json
from collections.abc import Mapping

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_elasticbeanstalk as elasticbeanstalk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3_assets as s3_assets
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct

from infra.assets import bundle_path
from infra.config import InfraConfig
from infra.nag import suppress

HEALTH_PATH = "/health"
WSGI_PATH = "littlelemon.web.wsgi:application"
# Django's request.META name of CloudFront's `CloudFront-Forwarded-Proto` header.
CLOUDFRONT_PROTO_META = "HTTP_CLOUDFRONT_FORWARDED_PROTO"
ENV = "aws:elasticbeanstalk:application:environment"
# Elastic Beanstalk fetches these from Secrets Manager on the instance at start-up
# (platform versions from 2025-03-26 on); the environment's configuration holds only ARNs.
# https://docs.aws.amazon.com/elasticbeanstalk/latest/dg/AWSHowTo.secrets.env-vars.html
ENV_SECRETS = "aws:elasticbeanstalk:application:environmentsecrets"


class WebEnvironment(Construct):
    """The Django site on Elastic Beanstalk with a least-privilege instance role.

    `secrets` maps environment variables to the secrets Elastic Beanstalk fetches into them;
    `origin_security_group`, when given, is the only door in (CloudFront's prefix list).
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: InfraConfig,
        vpc: ec2.IVpc,
        application_name: str,
        environment_name: str,
        cname_prefix: str,
        api_url: str,
        site_hosts: list[str],
        secrets: Mapping[str, secretsmanager.ISecret],
        behind_cloudfront: bool,
        origin_security_group: ec2.ISecurityGroup | None = None,
        certificate: acm.ICertificate | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        self.config = config
        self.application_name = application_name
        self.environment_name = environment_name
        self.secrets = secrets
        self.behind_cloudfront = behind_cloudfront
        self.origin_security_group = origin_security_group
        self.certificate = certificate
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

        self.eb_environment = elasticbeanstalk.CfnEnvironment(
            self,
            "Environment",
            application_name=self.application_name,
            environment_name=self.environment_name,
            cname_prefix=cname_prefix,
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
        stack = Stack.of(self)
        eb_bucket = f"arn:{stack.partition}:s3:::elasticbeanstalk-{stack.region}-{stack.account}"
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
                    Stack.of(self).format_arn(
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
                    Stack.of(self).format_arn(
                        service="elasticbeanstalk",
                        resource="application",
                        resource_name=self.application_name,
                    ),
                    Stack.of(self).format_arn(
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
                f"Resource::arn:<AWS::Partition>:s3:::elasticbeanstalk-{Stack.of(self).region}-"
                "<AWS::AccountId>/resources/environments/*",
                f"Resource::arn:<AWS::Partition>:logs:{Stack.of(self).region}:<AWS::AccountId>:"
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
        if self.behind_cloudfront:
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

"""Web: the Django site on Elastic Beanstalk, HTTPS through CloudFront or the load balancer."""

from __future__ import annotations

from typing import Any

from aws_cdk import Annotations, Aws, CfnOutput, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_route53 as route53
from aws_cdk import aws_route53_targets as targets
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import custom_resources as cr
from constructs import Construct

from infra.config import EB_SOLUTION_STACK_WARNING, InfraConfig, app_secret
from infra.constructs.function import function_role, log_group
from infra.constructs.site_distribution import (
    CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST,
    SiteDistribution,
)
from infra.constructs.web_environment import WebEnvironment
from infra.nag import suppress
from littlelemon.contract.webtier import ORIGIN_VERIFY_VARIABLE

HTTP_PORT = 80
# Keys of the application secret the web tier needs, each copied into a secret of its own
# (Elastic Beanstalk assigns a secret's whole value to one variable).
WEB_SECRET_KEYS = {
    "DJANGO_SECRET_KEY": "web_secret_key",
    "SESSION_ENCRYPTION_KEYS": "session_encryption_keys",
}


class WebStack(Stack):
    """The web site: its Elastic Beanstalk environment, secrets, and CloudFront or a domain."""

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

        self.site_environment = WebEnvironment(
            self,
            "Environment",
            config=config,
            vpc=vpc,
            application_name=self.application_name,
            environment_name=self.environment_name,
            cname_prefix=self.cname_prefix,
            api_url=api_url,
            site_hosts=site_hosts,
            secrets=self.secrets,
            behind_cloudfront=self.uses_cloudfront,
            origin_security_group=self.origin_security_group,
            certificate=self.certificate,
        )
        self.eb_environment = self.site_environment.eb_environment

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

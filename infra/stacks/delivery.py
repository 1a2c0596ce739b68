"""Delivery: GitHub's OIDC provider and one least-privilege deploy role per GitHub environment.

Deployed once per account and region, apart from the application (`infra/delivery_app.py`).
The workflow `.github/workflows/deploy.yml` exchanges its short-lived GitHub token for
an hour of this role: no access key is ever stored in GitHub.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from aws_cdk import ArnFormat, CfnOutput, Duration, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from infra.config import ConfigError, ContextReader

GITHUB_OIDC_HOST = "token.actions.githubusercontent.com"
GITHUB_OIDC_URL = f"https://{GITHUB_OIDC_HOST}"
# The audience aws-actions/configure-aws-credentials asks GitHub to put in the token.
STS_AUDIENCE = "sts.amazonaws.com"
# `cdk bootstrap`'s default qualifier; its roles are named cdk-<qualifier>-<kind>-<acct>-<region>.
DEFAULT_CDK_QUALIFIER = "hnb659fds"
# What `cdk deploy` assumes: lookup (context lookups), file-publishing (upload the bundles
# and templates to the bootstrap bucket), deploy (drive CloudFormation, which then runs
# as the cloudformation-execution role). No container images here, so no image-publishing.
CDK_BOOTSTRAP_ROLES = ("deploy", "file-publishing", "lookup")
DEFAULT_ENVIRONMENTS = ("staging", "production")
DEFAULT_PREFIX = "littlelemon"

_REPOSITORY = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_ENVIRONMENT = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
_QUALIFIER = re.compile(r"^[a-z0-9]{1,10}$")


@dataclass(frozen=True, kw_only=True)
class DeliveryConfig:
    """Which repository may deploy, into which GitHub environments, with which CDK bootstrap."""

    repository: str
    environments: tuple[str, ...] = DEFAULT_ENVIRONMENTS
    account: str | None = None
    region: str = "us-east-1"
    prefix: str = DEFAULT_PREFIX
    cdk_qualifier: str = DEFAULT_CDK_QUALIFIER
    # An account holds one provider per URL: reuse one created before (by hand or another app).
    existing_provider_arn: str | None = None

    def __post_init__(self) -> None:
        if not _REPOSITORY.match(self.repository):
            raise ConfigError(f"githubRepository must be <owner>/<name>, not {self.repository!r}")
        if not self.environments:
            raise ConfigError("githubEnvironments names at least one environment")
        for name in self.environments:
            if not _ENVIRONMENT.match(name):
                raise ConfigError(f"githubEnvironments: {name!r} is not an environment name")
        if not _QUALIFIER.match(self.cdk_qualifier):
            raise ConfigError(f"cdkQualifier is not a bootstrap qualifier: {self.cdk_qualifier!r}")

    def subject(self, environment: str) -> str:
        """The `sub` claim of a job that runs in `environment` of the repository."""
        return f"repo:{self.repository}:environment:{environment}"

    def role_name(self, environment: str) -> str:
        """`littlelemon-github-deploy-staging`: fixed, so the workflow can name it."""
        return f"{self.prefix}-github-deploy-{environment}"

    def app_secret_name(self, environment: str) -> str:
        """The application secret `littlelemon deploy -c env=<environment>` creates and reads."""
        return f"{self.prefix}/{environment}/app"

    @classmethod
    def from_context(cls, node: ContextReader) -> DeliveryConfig:
        """`-c githubRepository=owner/name` (required) and the optional keys of docs/deploy.md."""
        repository = node.try_get_context("githubRepository")
        if not repository:
            raise ConfigError(
                "give -c githubRepository=<owner>/<name>: the repository that deploys"
            )
        values: dict[str, Any] = {"repository": str(repository)}
        environments = node.try_get_context("githubEnvironments")
        if environments:
            values["environments"] = tuple(
                part.strip() for part in str(environments).split(",") if part.strip()
            )
        for key, attribute in {
            "account": "account",
            "region": "region",
            "cdkQualifier": "cdk_qualifier",
            "githubOidcProviderArn": "existing_provider_arn",
        }.items():
            value = node.try_get_context(key)
            if value:
                values[attribute] = str(value)
        return cls(**values)


class DeliveryStack(Stack):
    """The GitHub OIDC provider (or an existing one) and a deploy role per environment."""

    def __init__(
        self, scope: Construct, construct_id: str, *, config: DeliveryConfig, **kwargs: Any
    ) -> None:
        super().__init__(scope, construct_id, **kwargs)
        self.config = config
        self.provider = self._provider(config)
        self.roles: dict[str, iam.Role] = {}
        for environment in config.environments:
            role = self._deploy_role(environment)
            self.roles[environment] = role
            CfnOutput(
                self,
                f"DeployRoleArn{environment.title().replace('-', '')}",
                value=role.role_arn,
                description=(
                    f"Set as the variable AWS_DEPLOY_ROLE_ARN of the GitHub environment "
                    f"{environment}"
                ),
            )

    def _provider(self, config: DeliveryConfig) -> iam.IOidcProvider:
        if config.existing_provider_arn:
            return iam.OidcProviderNative.from_oidc_provider_arn(
                self, "GitHubProvider", config.existing_provider_arn
            )
        # No thumbprints: IAM verifies GitHub's certificate against its library of trusted
        # root CAs and ignores configured thumbprints for this provider, so a pinned one only
        # goes stale (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc_verify-thumbprint.html,
        # https://github.com/aws-actions/configure-aws-credentials/issues/763).
        # The native L2 writes AWS::IAM::OIDCProvider itself, without a custom-resource Lambda.
        return iam.OidcProviderNative(
            self, "GitHubProvider", url=GITHUB_OIDC_URL, client_ids=[STS_AUDIENCE]
        )

    def bootstrap_role_arn(self, kind: str) -> str:
        """The exact ARN of one CDK bootstrap role of this account and region."""
        qualifier = self.config.cdk_qualifier
        return self.format_arn(
            service="iam",
            region="",
            resource="role",
            resource_name=f"cdk-{qualifier}-{kind}-role-{self.account}-{self.region}",
        )

    def app_secret_arn(self, environment: str) -> str:
        """The environment's application secret; `-??????` is the suffix Secrets Manager adds."""
        return self.format_arn(
            service="secretsmanager",
            resource="secret",
            resource_name=f"{self.config.app_secret_name(environment)}-??????",
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )

    def _deploy_role(self, environment: str) -> iam.Role:
        claims = {
            f"{GITHUB_OIDC_HOST}:aud": STS_AUDIENCE,
            # Only jobs of this repository that run in this GitHub environment: a branch, a
            # pull request or another environment gets a different `sub` and is refused.
            f"{GITHUB_OIDC_HOST}:sub": self.config.subject(environment),
        }
        role = iam.Role(
            self,
            f"DeployRole{environment.title().replace('-', '')}",
            role_name=self.config.role_name(environment),
            description=(
                f"GitHub Actions ({self.config.repository}, environment {environment}): "
                "assume the CDK bootstrap roles, manage the environment's app secret"
            ),
            assumed_by=iam.WebIdentityPrincipal(
                self.provider.oidc_provider_arn, conditions={"StringEquals": claims}
            ),
            max_session_duration=Duration.hours(1),
        )
        role.add_to_policy(
            iam.PolicyStatement(
                sid="AssumeCdkBootstrapRoles",
                actions=["sts:AssumeRole"],
                resources=[self.bootstrap_role_arn(kind) for kind in CDK_BOOTSTRAP_ROLES],
            )
        )
        # `littlelemon deploy` creates the secret with generated keys on the first deploy
        # and adds keys a newer version needs; it never deletes or reads other secrets.
        role.add_to_policy(
            iam.PolicyStatement(
                sid="ManageTheEnvironmentsAppSecret",
                actions=[
                    "secretsmanager:DescribeSecret",
                    "secretsmanager:GetSecretValue",
                    "secretsmanager:CreateSecret",
                    "secretsmanager:PutSecretValue",
                ],
                resources=[self.app_secret_arn(environment)],
            )
        )
        return role

"""One typed, frozen configuration read from CDK context; every stack takes its values from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Profile = Literal["standard", "lean"]
PROFILES: tuple[Profile, ...] = ("standard", "lean")

DEFAULT_REGION = "us-east-1"
DEFAULT_ENVIRONMENT = "prod"
# Elastic Beanstalk retires platform versions, and an account cannot create an environment
# on a retired one, so no version is pinned here. `littlelemon preflight` resolves the
# current "64bit Amazon Linux 2023 v<version> running Python 3.12" solution stack from
# the account (ListAvailableSolutionStacks) and passes it as `-c ebSolutionStack=...`.
# Without it (a plain `cdk synth`) the templates carry this name, which is what the
# platform is called minus its version, and the app adds a synthesis warning
# (EB_SOLUTION_STACK_WARNING): such a template is for reading, not for deploying.
EB_SOLUTION_STACK_FAMILY = "running Python 3.12"
UNRESOLVED_EB_SOLUTION_STACK = f"64bit Amazon Linux 2023 (unresolved) {EB_SOLUTION_STACK_FAMILY}"
EB_SOLUTION_STACK_WARNING = (
    "no ebSolutionStack in the context: the web environment names no real platform "
    "version; `littlelemon deploy` resolves the current Python 3.12 platform (preflight) "
    "and passes it as -c ebSolutionStack=..."
)
DEFAULT_API_BUNDLE = "build/api-lambda.zip"
DEFAULT_BOOKINGS_BUNDLE = "build/bookings-lambda.zip"
DEFAULT_WEB_BUNDLE = "build/web-eb.zip"
DEFAULT_APP_SECRET_NAME = "littlelemon/app"
# Lean has no RDS Proxy: each warm api execution environment holds one MySQL connection, so
# reserved concurrency caps the connections. A new account's concurrency quota is 10, and
# Lambda keeps 10 unreserved, so reserving anything there fails the deploy: the default is
# no reservation. Connections are then bounded by the account's quota (10 in a new account,
# far below the ~60-85 a db.t4g.micro allows). `littlelemon preflight` reads the quota and
# passes `-c apiConcurrency=N` (0 = no reservation) when the account has room; the
# DatabaseConnections alarm watches the real number either way.
DEFAULT_API_CONCURRENCY = 0

# CloudWatch Logs accepts only these retention periods (a subset; see RetentionDays).
LOG_RETENTION_DAYS = frozenset({1, 3, 5, 7, 14, 30, 60, 90, 180, 365})

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$")


MAX_READ_REPLICAS = 5  # RDS MySQL allows 15; more is not small-business sized
_ENVIRONMENT_NAME = re.compile(r"^[a-z][a-z0-9]{0,11}$")


@dataclass(frozen=True, kw_only=True)
class Capabilities:
    """What one profile deploys: one row of flags, read by the stacks instead of its name."""

    # RDS Proxy between the functions and the database (pools connections, 2-vCPU minimum).
    rds_proxy: bool
    # An Application Load Balancer in front of the web instances (else one instance).
    load_balancer: bool
    # CloudFront in front of the web site even with a custom domain (else the load balancer
    # terminates TLS when a domain, and so a certificate, exists).
    cloudfront_always: bool
    web_instance_type: str
    web_min_instances: int
    web_max_instances: int


# A third profile is a new row here (and a name in Profile).
CAPABILITIES: dict[str, Capabilities] = {
    "lean": Capabilities(
        rds_proxy=False,
        load_balancer=False,
        cloudfront_always=True,
        web_instance_type="t4g.nano",
        web_min_instances=1,
        web_max_instances=1,
    ),
    "standard": Capabilities(
        rds_proxy=True,
        load_balancer=True,
        cloudfront_always=False,
        web_instance_type="t4g.micro",
        web_min_instances=1,
        web_max_instances=2,
    ),
}


class ConfigError(ValueError):
    """A context value is missing or malformed; the message names the context key."""


class ContextReader(Protocol):
    """What the config needs from a construct node: `try_get_context`."""

    def try_get_context(self, key: str) -> Any: ...


@dataclass(frozen=True, kw_only=True)
class InfraConfig:
    """Everything that varies between deployments of Little Lemon."""

    profile: Profile = "lean"
    # Part of every stack name, physical name, secret name and budget name, so two
    # environments (prod, staging) live in one account side by side.
    environment: str = DEFAULT_ENVIRONMENT
    account: str | None = None
    region: str = DEFAULT_REGION
    prefix: str = "littlelemon"
    alarm_email: str = "ops@example.com"
    # None: the cost model's estimate of the synthesized profile plus BUDGET_HEADROOM
    # (infra.app computes it), so the alerts do not fire in the first month.
    monthly_budget_usd: float | None = None
    domain_name: str | None = None
    hosted_zone_id: str | None = None
    snapstart: bool = False
    # None: not resolved (see UNRESOLVED_EB_SOLUTION_STACK); preflight passes the current one.
    eb_solution_stack: str | None = None
    # None: t4g.nano (512 MiB) in lean, t4g.micro (1 GiB) in standard. The web tier measured
    # about 150 MB RSS with WEB_WORKERS gthread workers (docs/cost.md), Amazon Linux with the
    # Elastic Beanstalk agents and nginx about 150 MB more: a nano keeps ~200 MB spare.
    web_instance_type: str | None = None
    web_workers: int = 2  # gunicorn processes (WEB_CONCURRENCY), 4 threads each
    db_instance_type: str = "t4g.micro"
    # MySQL 8.0 left RDS standard support on 2026-07-31; running it since then adds RDS
    # Extended Support charges (US$0.10 per vCPU-hour: about US$146/month for a t4g.micro).
    # 8.4 is the LTS line with standard support into 2029.
    mysql_version: Literal["8.0", "8.4"] = "8.4"
    db_allocated_storage_gb: int = 20
    # `-c readReplicas=N`: RDS read replicas the api reads from (lean only, see __post_init__).
    read_replicas: int = 0
    # `littlelemon destroy --include-data` turns it off for the final deploy before deletion.
    db_deletion_protection: bool = True
    # Reserved concurrency of the api function; 0 = no reservation (DEFAULT_API_CONCURRENCY).
    api_reserved_concurrency: int = DEFAULT_API_CONCURRENCY
    db_name: str = "littlelemon"
    db_app_user: str = "littlelemon"
    db_master_user: str = "llmaster"
    # None: DEFAULT_APP_SECRET_NAME for `prod` (the name earlier releases created),
    # `littlelemon/<environment>/app` for any other environment.
    app_secret_name_configured: str | None = None
    log_retention_days: int = 30
    api_bundle: str = DEFAULT_API_BUNDLE
    bookings_bundle: str = DEFAULT_BOOKINGS_BUNDLE
    web_bundle: str = DEFAULT_WEB_BUNDLE
    throttle_rate_per_s: int = 50
    throttle_burst: int = 100
    tags: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise ConfigError(f"profile must be one of {PROFILES}, not {self.profile!r}")
        if not _EMAIL.match(self.alarm_email):
            raise ConfigError(f"alarmEmail is not an e-mail address: {self.alarm_email!r}")
        if not _ENVIRONMENT_NAME.match(self.environment):
            raise ConfigError(
                f"env must be 1-12 lower-case letters or digits, starting with a letter "
                f"(it is part of every resource name), not {self.environment!r}"
            )
        if not 0 <= self.read_replicas <= MAX_READ_REPLICAS:
            raise ConfigError(f"readReplicas must be 0 to {MAX_READ_REPLICAS}")
        if self.read_replicas and self.capabilities.rds_proxy:
            # RDS Proxy has reader endpoints only for Aurora, and behind the proxy the
            # application user signs in with a password only the proxy holds: the api could
            # not reach a replica with IAM authentication as it does in lean.
            raise ConfigError(
                "readReplicas needs a profile without RDS Proxy (lean): the api reaches the "
                "replicas directly with IAM database authentication"
            )
        if self.api_reserved_concurrency < 0:
            raise ConfigError("apiConcurrency must be 0 (no reservation) or a positive number")
        if self.monthly_budget_usd is not None and self.monthly_budget_usd <= 0:
            raise ConfigError("monthlyBudget must be a positive number of US dollars")
        if (self.domain_name is None) != (self.hosted_zone_id is None):
            raise ConfigError("domainName and hostedZoneId go together: give both or neither")
        if self.domain_name is not None and not _DOMAIN.match(self.domain_name):
            raise ConfigError(f"domainName is not a DNS name: {self.domain_name!r}")
        if self.mysql_version not in ("8.0", "8.4"):
            raise ConfigError(f"mysqlVersion must be 8.0 or 8.4, not {self.mysql_version!r}")
        if self.log_retention_days not in LOG_RETENTION_DAYS:
            raise ConfigError(f"logRetentionDays must be one of {sorted(LOG_RETENTION_DAYS)}")
        if (
            self.domain_name is not None
            and self.region != "us-east-1"
            and self.capabilities.cloudfront_always
        ):
            # CloudFront only takes ACM certificates issued in us-east-1.
            raise ConfigError("the lean profile with a domain must deploy to us-east-1")

    @property
    def capabilities(self) -> Capabilities:
        """The profile's row of capability flags."""
        return CAPABILITIES[self.profile]

    @property
    def api_concurrency(self) -> int | None:
        """Reserved concurrency of the api function, or None for no reservation."""
        return self.api_reserved_concurrency or None

    @property
    def solution_stack(self) -> str:
        """The Elastic Beanstalk solution stack: resolved by preflight, or the marker name."""
        return self.eb_solution_stack or UNRESOLVED_EB_SOLUTION_STACK

    @property
    def app_secret_name(self) -> str:
        """Name of the Secrets Manager secret `littlelemon deploy` creates for this environment."""
        if self.app_secret_name_configured is not None:
            return self.app_secret_name_configured
        if self.environment == DEFAULT_ENVIRONMENT:
            return DEFAULT_APP_SECRET_NAME
        return f"{self.prefix}/{self.environment}/app"

    @property
    def web_instance(self) -> str:
        """The web site's EC2 instance type: configured, or the profile's default."""
        return self.web_instance_type or self.capabilities.web_instance_type

    @property
    def web_behind_cloudfront(self) -> bool:
        """CloudFront serves the site: always in lean, and wherever no domain exists (a
        load balancer has no certificate then, and the session cookie is Secure)."""
        return self.capabilities.cloudfront_always or not self.has_domain

    @property
    def has_domain(self) -> bool:
        """True when a custom domain (and its Route 53 hosted zone) is configured."""
        return self.domain_name is not None

    @property
    def web_host(self) -> str | None:
        """The web site's host name under the custom domain."""
        return f"www.{self.domain_name}" if self.domain_name else None

    @property
    def api_host(self) -> str | None:
        """The HTTP API's host name under the custom domain."""
        return f"api.{self.domain_name}" if self.domain_name else None

    def stack_name(self, part: str) -> str:
        """`littlelemon-prod-lean-data`: environment and profile are in every stack (and
        physical) name, so environments and profiles coexist in one account."""
        return f"{self.prefix}-{self.environment}-{self.profile}-{part}"

    @classmethod
    def from_context(cls, node: ContextReader) -> InfraConfig:
        """Read the `-c key=value` context values (see docs/deploy.md for the list)."""

        def text(key: str) -> str | None:
            value = node.try_get_context(key)
            if value is None or value == "":
                return None
            return str(value)

        def flag(key: str) -> bool | None:
            value = node.try_get_context(key)
            if value is None:
                return None
            if isinstance(value, bool):
                return value
            lowered = str(value).strip().lower()
            if lowered in {"true", "1", "yes", "on"}:
                return True
            if lowered in {"false", "0", "no", "off"}:
                return False
            raise ConfigError(f"{key} must be true or false, not {value!r}")

        values: dict[str, Any] = {}
        simple = {
            "profile": "profile",
            "env": "environment",
            "account": "account",
            "region": "region",
            "alarmEmail": "alarm_email",
            "domainName": "domain_name",
            "hostedZoneId": "hosted_zone_id",
            "ebSolutionStack": "eb_solution_stack",
            "webInstanceType": "web_instance_type",
            "mysqlVersion": "mysql_version",
            "appSecretName": "app_secret_name_configured",
            "apiBundle": "api_bundle",
            "bookingsBundle": "bookings_bundle",
            "webBundle": "web_bundle",
        }
        for key, attribute in simple.items():
            value = text(key)
            if value is not None:
                values[attribute] = value
        budget = text("monthlyBudget")
        if budget is not None:
            try:
                values["monthly_budget_usd"] = float(budget)
            except ValueError as error:
                raise ConfigError(f"monthlyBudget must be a number, not {budget!r}") from error
        for key, attribute in {
            "logRetentionDays": "log_retention_days",
            "apiConcurrency": "api_reserved_concurrency",
            "readReplicas": "read_replicas",
        }.items():
            value = text(key)
            if value is None:
                continue
            try:
                values[attribute] = int(value)
            except ValueError as error:
                raise ConfigError(f"{key} must be a whole number, not {value!r}") from error
        protection = flag("dbDeletionProtection")
        if protection is not None:
            values["db_deletion_protection"] = protection
        snapstart = flag("snapStart")
        if snapstart is not None:
            values["snapstart"] = snapstart
        return cls(**values)


def app_secret(config: InfraConfig, key: str) -> str:
    """A CloudFormation dynamic reference to one key of the application secret.

    CloudFormation resolves it while deploying, so the value never appears in the template
    or the cloud assembly, and nothing calls Secrets Manager at run time.
    """
    return f"{{{{resolve:secretsmanager:{config.app_secret_name}:SecretString:{key}::}}}}"

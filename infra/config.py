"""One typed, frozen configuration read from CDK context; every stack takes its values from it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

Profile = Literal["standard", "lean"]
PROFILES: tuple[Profile, ...] = ("standard", "lean")

DEFAULT_REGION = "us-east-1"
# A current Elastic Beanstalk Python 3.12 platform on Amazon Linux 2023 (arm64-capable).
# Solution stack names change with every platform release: override with the context
# value `ebSolutionStack` (list them: `aws elasticbeanstalk list-available-solution-stacks`).
DEFAULT_EB_SOLUTION_STACK = "64bit Amazon Linux 2023 v4.7.0 running Python 3.12"
DEFAULT_API_BUNDLE = "build/api-lambda.zip"
DEFAULT_BOOKINGS_BUNDLE = "build/bookings-lambda.zip"
DEFAULT_WEB_BUNDLE = "build/web-eb.zip"
DEFAULT_APP_SECRET_NAME = "littlelemon/app"
# db.t4g.micro (1 GiB) allows about 60-85 MySQL connections; keep room for the management
# function, the migration run and an operator's session.
LEAN_API_CONCURRENCY = 40
LEAN_WEB_INSTANCE_TYPE = "t4g.nano"
STANDARD_WEB_INSTANCE_TYPE = "t4g.micro"

# CloudWatch Logs accepts only these retention periods (a subset; see RetentionDays).
LOG_RETENTION_DAYS = frozenset({1, 3, 5, 7, 14, 30, 60, 90, 180, 365})

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$")


class ConfigError(ValueError):
    """A context value is missing or malformed; the message names the context key."""


class ContextReader(Protocol):
    """What the config needs from a construct node: `try_get_context`."""

    def try_get_context(self, key: str) -> Any: ...


@dataclass(frozen=True, kw_only=True)
class InfraConfig:
    """Everything that varies between deployments of Little Lemon."""

    profile: Profile = "lean"
    account: str | None = None
    region: str = DEFAULT_REGION
    prefix: str = "littlelemon"
    alarm_email: str = "ops@example.com"
    monthly_budget_usd: float = 30.0
    domain_name: str | None = None
    hosted_zone_id: str | None = None
    snapstart: bool = False
    eb_solution_stack: str = DEFAULT_EB_SOLUTION_STACK
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
    # `littlelemon destroy --include-data` turns it off for the final deploy before deletion.
    db_deletion_protection: bool = True
    # Lean has no RDS Proxy: each warm api instance holds one connection, so the api's
    # concurrency is capped below what the database accepts. None = no reservation.
    api_reserved_concurrency: int | None = None
    db_name: str = "littlelemon"
    db_app_user: str = "littlelemon"
    db_master_user: str = "llmaster"
    app_secret_name: str = DEFAULT_APP_SECRET_NAME
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
        if self.monthly_budget_usd <= 0:
            raise ConfigError("monthlyBudget must be a positive number of US dollars")
        if (self.domain_name is None) != (self.hosted_zone_id is None):
            raise ConfigError("domainName and hostedZoneId go together: give both or neither")
        if self.domain_name is not None and not _DOMAIN.match(self.domain_name):
            raise ConfigError(f"domainName is not a DNS name: {self.domain_name!r}")
        if self.mysql_version not in ("8.0", "8.4"):
            raise ConfigError(f"mysqlVersion must be 8.0 or 8.4, not {self.mysql_version!r}")
        if self.log_retention_days not in LOG_RETENTION_DAYS:
            raise ConfigError(f"logRetentionDays must be one of {sorted(LOG_RETENTION_DAYS)}")
        if self.domain_name is not None and self.region != "us-east-1" and self.is_lean:
            # CloudFront only takes ACM certificates issued in us-east-1.
            raise ConfigError("the lean profile with a domain must deploy to us-east-1")

    @property
    def api_concurrency(self) -> int | None:
        """Reserved concurrency of the api function: 40 in `lean` unless configured."""
        if self.api_reserved_concurrency is not None:
            return self.api_reserved_concurrency
        return LEAN_API_CONCURRENCY if self.is_lean else None

    @property
    def web_instance(self) -> str:
        """The web site's EC2 instance type: configured, or the profile's default."""
        if self.web_instance_type is not None:
            return self.web_instance_type
        return LEAN_WEB_INSTANCE_TYPE if self.is_lean else STANDARD_WEB_INSTANCE_TYPE

    @property
    def is_lean(self) -> bool:
        """True for the cheapest profile: no RDS Proxy, no load balancer."""
        return self.profile == "lean"

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
        """`littlelemon-lean-data`: the profile is in every stack name, so both can coexist."""
        return f"{self.prefix}-{self.profile}-{part}"

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
            "account": "account",
            "region": "region",
            "alarmEmail": "alarm_email",
            "domainName": "domain_name",
            "hostedZoneId": "hosted_zone_id",
            "ebSolutionStack": "eb_solution_stack",
            "webInstanceType": "web_instance_type",
            "mysqlVersion": "mysql_version",
            "appSecretName": "app_secret_name",
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
        retention = text("logRetentionDays")
        if retention is not None:
            values["log_retention_days"] = int(retention)
        concurrency = text("apiConcurrency")
        if concurrency is not None:
            values["api_reserved_concurrency"] = int(concurrency) or None
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

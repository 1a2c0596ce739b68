"""The typed configuration read from CDK context."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import infra_support  # puts the repository root on sys.path
import pytest

from infra.config import ConfigError, InfraConfig, app_secret


class Context:
    def __init__(self, **values: Any) -> None:
        self.values = values

    def try_get_context(self, key: str) -> Any:
        return self.values.get(key)


def test_defaults_are_the_lean_profile_in_us_east_1() -> None:
    config = InfraConfig.from_context(Context())
    assert config.profile == "lean"
    assert config.region == "us-east-1"
    assert config.api_concurrency is None  # a new account has nothing to reserve
    assert config.environment == "prod"
    assert config.monthly_budget_usd is None  # from the cost model (infra.app)
    assert config.eb_solution_stack is None  # resolved by preflight
    assert config.mysql_version == "8.4"
    assert config.db_deletion_protection is True
    assert config.stack_name("data") == "littlelemon-prod-lean-data"
    assert config.app_secret_name == "littlelemon/app"


def test_web_instance_is_a_nano_in_lean_a_micro_in_standard_unless_configured() -> None:
    assert InfraConfig.from_context(Context()).web_instance == "t4g.nano"
    assert InfraConfig.from_context(Context(profile="standard")).web_instance == "t4g.micro"
    configured = InfraConfig.from_context(Context(webInstanceType="t4g.small"))
    assert configured.web_instance == "t4g.small"


def test_context_values_are_parsed_and_typed() -> None:
    config = InfraConfig.from_context(
        Context(
            profile="standard",
            monthlyBudget="80",
            snapStart="true",
            dbDeletionProtection="false",
            domainName="example.com",
            hostedZoneId="Z123",
            logRetentionDays="90",
            apiConcurrency="0",
        )
    )
    assert config.profile == "standard"
    assert config.monthly_budget_usd == 80.0
    assert config.snapstart is True
    assert config.db_deletion_protection is False
    assert config.web_host == "www.example.com"
    assert config.api_host == "api.example.com"
    assert config.log_retention_days == 90
    assert config.api_concurrency is None  # standard, and 0 means "no reservation"


def test_api_concurrency_zero_means_no_reservation_in_every_profile() -> None:
    # 0 used to fall back to a 40-execution reservation in lean, which a new account's
    # quota of 10 cannot give.
    lean = InfraConfig.from_context(Context(apiConcurrency="0"))
    assert lean.api_concurrency is None
    assert InfraConfig.from_context(Context(apiConcurrency="25")).api_concurrency == 25


def test_an_environment_name_is_in_every_stack_and_secret_name() -> None:
    staging = InfraConfig.from_context(Context(env="staging", profile="standard"))
    assert staging.stack_name("data") == "littlelemon-staging-standard-data"
    assert staging.app_secret_name == "littlelemon/staging/app"
    pinned = InfraConfig.from_context(Context(env="staging", appSecretName="shared/app"))
    assert pinned.app_secret_name == "shared/app"


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"profile": "huge"}, "profile"),
        ({"alarmEmail": "not-an-address"}, "alarmEmail"),
        ({"monthlyBudget": "lots"}, "monthlyBudget"),
        ({"monthlyBudget": "-1"}, "monthlyBudget"),
        ({"domainName": "example.com"}, "hostedZoneId"),
        ({"domainName": "not a domain", "hostedZoneId": "Z1"}, "domainName"),
        ({"snapStart": "maybe"}, "snapStart"),
        ({"logRetentionDays": "31"}, "logRetentionDays"),
        ({"mysqlVersion": "5.7"}, "mysqlVersion"),
        ({"apiConcurrency": "ten"}, "apiConcurrency"),
        ({"apiConcurrency": "-1"}, "apiConcurrency"),
        ({"env": "Staging"}, "env"),
        ({"env": "a-b"}, "env"),
        ({"domainName": "example.com", "hostedZoneId": "Z1", "region": "eu-west-1"}, "us-east-1"),
    ],
)
def test_bad_context_values_fail_with_the_key_named(values: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        InfraConfig.from_context(Context(**values))


def test_app_secret_is_a_dynamic_reference_resolved_by_cloudformation() -> None:
    assert app_secret(InfraConfig(), "jwt_private_key") == (
        "{{resolve:secretsmanager:littlelemon/app:SecretString:jwt_private_key::}}"
    )


def test_the_cdk_app_imports_the_route_table_but_never_django() -> None:
    # A fresh interpreter: the test process itself may have imported anything.
    code = (
        "import sys, infra.app, infra.stacks.api, infra.stacks.bookings\n"
        "assert 'littlelemon.gateway.routes' in sys.modules\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not leaked, leaked\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=infra_support.REPO_ROOT)

"""Lean profile: the management function creates the IAM database user before migrating.

MariaDB (the MySQL-compatible server here) has no AWSAuthenticationPlugin and this one has
TLS disabled, so two things are replaced, and only these: the flow tests against MariaDB
run a password-authenticated variant of the statements built with the same quoting
helpers, and they connect without TLS. The statements of the real (RDS MySQL) variant are
checked as text. Everything else — the master login, its refusal, the IAM-login fallback,
the user and grant that end up in the server — is real.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import pymysql
import pytest

from littlelemon.runtime import bootstrap, manage
from littlelemon.runtime.bootstrap import (
    BootstrapError,
    BootstrapTarget,
    ensure_app_user,
    iam_user_statements,
    quote_grant_database,
    quote_string,
)
from littlelemon.runtime.context import LocalLambdaContext

MARIADB_URL = os.environ.get("MARIADB_URL", "mysql://root@127.0.0.1:3306/test")
_url = urlsplit(MARIADB_URL)
SERVER = {
    "host": _url.hostname or "127.0.0.1",
    "port": _url.port or 3306,
    "user": _url.username or "root",
    "password": _url.password or "",
}
MASTER_PASSWORD = "master-" + secrets.token_hex(8)
APP_PASSWORD = "app-" + secrets.token_hex(8)


def test_iam_user_statements_create_the_user_with_the_rds_plugin_and_grant_the_database() -> None:
    assert iam_user_statements("littlelemon", "littlelemon") == [
        "CREATE USER IF NOT EXISTS 'littlelemon'@'%' "
        "IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
        r"GRANT ALL ON `littlelemon`.* TO 'littlelemon'@'%'",
    ]


@pytest.mark.parametrize(
    ("value", "quoted"),
    [("plain", "'plain'"), ("o'hara", r"'o\'hara'"), ("back\\slash", r"'back\\slash'")],
)
def test_user_names_are_quoted_as_string_literals(value: str, quoted: str) -> None:
    assert quote_string(value) == quoted


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        ("littlelemon", "`littlelemon`"),
        ("little_lemon", r"`little\_lemon`"),  # `_` would match any character
        ("a%b", r"`a\%b`"),
        ("tick`name", "`tick``name`"),
    ],
)
def test_database_names_are_backtick_quoted_with_grant_wildcards_escaped(
    name: str, quoted: str
) -> None:
    assert quote_grant_database(name) == quoted


@pytest.mark.parametrize("user", ["", "x" * 33, "nul\0byte"])
def test_impossible_user_names_are_refused_before_any_sql(user: str) -> None:
    with pytest.raises(BootstrapError):
        iam_user_statements(user, "littlelemon")


def password_user_statements(user: str, database: str) -> Sequence[str]:
    """The MariaDB-runnable twin of iam_user_statements: same quoting, password auth."""
    real = iam_user_statements(user, database)
    create = real[0].replace(
        "IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
        f"IDENTIFIED BY {quote_string(APP_PASSWORD)}",
    )
    return [create, real[1]]


def server(**overrides: Any) -> Any:
    return pymysql.connect(**{**SERVER, **overrides, "connect_timeout": 5})


@pytest.fixture
def names() -> Iterator[tuple[str, str, str]]:
    """A throwaway master user, application user and database on the real MariaDB."""
    suffix = secrets.token_hex(3)
    master, app, database = f"llm_{suffix}", f"ll_app'{suffix}", f"ll_db_{suffix}"
    admin = server()
    try:
        with admin.cursor() as cursor:
            account = f"{quote_string(master)}@'%'"
            cursor.execute(f"CREATE DATABASE `{database}`")
            cursor.execute(f"CREATE USER {account} IDENTIFIED BY {quote_string(MASTER_PASSWORD)}")
            cursor.execute(f"GRANT ALL ON *.* TO {account} WITH GRANT OPTION")
        yield master, app, database
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP USER IF EXISTS {quote_string(master)}@'%'")
            cursor.execute(f"DROP USER IF EXISTS {quote_string(app)}@'%'")
            cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
        admin.close()


def target(app: str, database: str) -> BootstrapTarget:
    return BootstrapTarget(
        host=SERVER["host"], port=SERVER["port"], user=app, database=database, ca_file=None
    )


def app_can_use(app: str, database: str) -> bool:
    try:
        connection = server(user=app, password=APP_PASSWORD, database=database)
    except pymysql.err.OperationalError:
        return False
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE probe (id INT)")
        cursor.execute("DROP TABLE probe")
    connection.close()
    return True


def test_master_user_creates_the_app_user_with_all_privileges_on_its_database_only(
    names: tuple[str, str, str],
) -> None:
    master, app, database = names
    for _ in range(2):  # idempotent: every deploy runs it again
        ran = ensure_app_user(
            target(app, database),
            master_user=master,
            master_password=MASTER_PASSWORD,
            app_login_works=lambda: pytest.fail("the master login worked"),
            tls=None,
            statements=password_user_statements,
        )
        assert ran
    assert app_can_use(app, database)
    admin = server(user=master, password=MASTER_PASSWORD)
    with admin.cursor() as cursor:
        cursor.execute(f"SHOW GRANTS FOR {quote_string(app)}@'%'")
        grants = [row[0] for row in cursor.fetchall()]
    admin.close()
    assert any(f"ON `{database}`.*" in grant.replace("\\_", "_") for grant in grants), grants
    assert not any("ON *.*" in grant and "ALL PRIVILEGES" in grant for grant in grants)


def test_refused_master_login_is_fine_when_the_app_user_already_signs_in(
    names: tuple[str, str, str],
) -> None:
    master, app, database = names
    ran = ensure_app_user(
        target(app, database),
        master_user=master,
        master_password="rotated-away",
        app_login_works=lambda: True,
        tls=None,
        statements=password_user_statements,
    )
    assert ran is False


def test_refused_master_login_without_a_working_app_user_fails(
    names: tuple[str, str, str],
) -> None:
    master, app, database = names
    with pytest.raises(BootstrapError, match="cannot be created"):
        ensure_app_user(
            target(app, database),
            master_user=master,
            master_password="rotated-away",
            app_login_works=lambda: app_can_use(app, database),
            tls=None,
            statements=password_user_statements,
        )


def test_migrate_fails_with_the_reason_and_never_the_password_when_bootstrap_fails(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, capsys: Any
) -> None:
    """The handler's own path: the settings here are SQLite, so the master login to an
    unreachable port fails; the real statements are never reached."""

    secret = "do-not-log-" + secrets.token_hex(8)
    monkeypatch.setenv(bootstrap.BOOTSTRAP_USER_ENV, "admin")
    monkeypatch.setenv(bootstrap.BOOTSTRAP_PASSWORD_ENV, secret)
    monkeypatch.setattr(
        BootstrapTarget,
        "from_settings",
        classmethod(lambda cls, _: cls("127.0.0.1", 1, "littlelemon", "littlelemon", None)),
    )
    result = manage.handler({"command": "migrate"}, LocalLambdaContext(function_name="manage"))
    assert result["exit_status"] == manage.BOOTSTRAP_FAILED_STATUS
    assert result["error"].startswith("Database user bootstrap failed")
    assert secret not in repr(result)
    assert secret not in caplog.text + "".join(capsys.readouterr())


def test_without_bootstrap_variables_nothing_is_attempted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(bootstrap.BOOTSTRAP_USER_ENV, raising=False)
    monkeypatch.delenv(bootstrap.BOOTSTRAP_PASSWORD_ENV, raising=False)
    assert bootstrap.bootstrap_from_environment() is False

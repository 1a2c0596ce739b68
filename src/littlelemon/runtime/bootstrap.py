"""Lean profile: create the IAM-authenticated MySQL user before the first migration.

Without RDS Proxy the api signs in to the RDS instance itself with an IAM token, as a user
that must exist in MySQL. The management function gets the master credentials
(`DATABASE_BOOTSTRAP_USER`/`DATABASE_BOOTSTRAP_PASSWORD`) for exactly this step. RDS rotates
the master password later; once the application user exists that is harmless, so a refused
master login is fine as long as the IAM login already works.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from littlelemon.runtime.observability import logger

BOOTSTRAP_USER_ENV = "DATABASE_BOOTSTRAP_USER"
BOOTSTRAP_PASSWORD_ENV = "DATABASE_BOOTSTRAP_PASSWORD"
MYSQL_ACCESS_DENIED = 1045  # ER_ACCESS_DENIED_ERROR
MYSQL_MAX_USER_NAME = 32  # MySQL 8.0 user names are at most 32 characters
BAD_NAME = "{what} must be 1 to {limit} characters without NUL, got {length}."
MASTER_AND_IAM_LOGIN_FAILED = (
    "The master user was refused and the IAM login does not work yet: "
    "the application user cannot be created."
)


class BootstrapError(Exception):
    """The application database user could not be created or reached."""


def quote_string(value: str) -> str:
    """A MySQL single-quoted string literal (backslash and quote escaped)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def quote_grant_database(name: str) -> str:
    """A database name for `GRANT ... ON <db>.*`, backtick-quoted.

    In a database-level GRANT, `_` and `%` are wildcards even inside backticks, so they are
    escaped: `little_lemon` must not also grant on `littleXlemon`.
    """
    escaped = name.replace("`", "``").replace("\\", "\\\\")
    escaped = escaped.replace("_", "\\_").replace("%", "\\%")
    return f"`{escaped}`"


def _check_name(what: str, value: str, limit: int) -> None:
    if not 0 < len(value) <= limit or "\0" in value:
        raise BootstrapError(BAD_NAME.format(what=what, limit=limit, length=len(value)))


def iam_user_statements(user: str, database: str) -> list[str]:
    """SQL that creates the IAM-authenticated user `user` with every privilege on `database`.

    Idempotent: re-running it on every deploy changes nothing once the user exists.
    """
    _check_name("The user name", user, MYSQL_MAX_USER_NAME)
    _check_name("The database name", database, 64)
    account = f"{quote_string(user)}@'%'"
    return [
        f"CREATE USER IF NOT EXISTS {account} "
        "IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
        f"GRANT ALL ON {quote_grant_database(database)}.* TO {account}",
    ]


@dataclass(frozen=True)
class BootstrapTarget:
    """Where the application user goes, read from the configured database settings."""

    host: str
    port: int
    user: str
    database: str
    ca_file: str | None

    @classmethod
    def from_settings(cls, settings_dict: Mapping[str, Any]) -> BootstrapTarget:
        credentials: Mapping[str, Any] = settings_dict.get("CREDENTIALS") or {}
        return cls(
            host=str(settings_dict["HOST"]),
            port=int(settings_dict.get("PORT") or 3306),
            user=str(settings_dict["USER"]),
            database=str(settings_dict["NAME"]),
            ca_file=credentials.get("ca_file") or None,
        )


Connect = Callable[..., Any]
Statements = Callable[[str, str], Sequence[str]]


def _pymysql_connect(**params: Any) -> Any:
    import pymysql

    return pymysql.connect(**params)


def _master_login_refused(error: Exception) -> bool:
    import pymysql

    return isinstance(error, pymysql.err.OperationalError) and bool(
        error.args and error.args[0] == MYSQL_ACCESS_DENIED
    )


def ensure_app_user(
    target: BootstrapTarget,
    *,
    master_user: str,
    master_password: str,
    app_login_works: Callable[[], bool],
    tls: dict[str, Any] | None,
    connect: Connect = _pymysql_connect,
    statements: Statements = iam_user_statements,
) -> bool:
    """Create the application user as the master user; True if the statements ran.

    Returns False without raising when the master login is refused but the application user
    can already sign in (the master password was rotated after the first deploy).
    """
    sql = statements(target.user, target.database)
    try:
        connection = connect(
            host=target.host,
            port=target.port,
            user=master_user,
            password=master_password,
            ssl=tls,
            connect_timeout=10,
        )
    except Exception as error:
        if not _master_login_refused(error):
            raise
        if app_login_works():
            logger.info("master login refused; the application user already signs in")
            return False
        raise BootstrapError(MASTER_AND_IAM_LOGIN_FAILED) from error
    try:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
        connection.commit()
    finally:
        connection.close()
    logger.info("application database user ensured", extra={"db_user": target.user})
    return True


def _django_login_works() -> bool:
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as error:  # any failure to sign in means "not yet"
        logger.info("application user cannot sign in yet", extra={"reason": type(error).__name__})
        return False
    return True


def bootstrap_from_environment() -> bool:
    """Run `ensure_app_user` when the bootstrap variables are set; False when they are not."""
    master_user = os.environ.get(BOOTSTRAP_USER_ENV, "")
    master_password = os.environ.get(BOOTSTRAP_PASSWORD_ENV, "")
    if not (master_user and master_password):
        return False
    from django.db import connection

    from littlelemon.runtime.db.mysql.base import tls_options

    target = BootstrapTarget.from_settings(connection.settings_dict)
    ensure_app_user(
        target,
        master_user=master_user,
        master_password=master_password,
        app_login_works=_django_login_works,
        # The master password crosses the network: only ever over verified TLS.
        tls=tls_options(target.ca_file),
    )
    return True

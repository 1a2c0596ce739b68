"""Create the one least-privilege application database user before the first migration.

Both profiles sign in as the same application user (never as the master user at run time):
- lean: the api signs in to the RDS instance with an IAM token, so the user is created
  `IDENTIFIED WITH AWSAuthenticationPlugin`; the bootstrap signs in as the master user with
  the master password;
- standard: RDS Proxy signs in to MySQL with the password of the application user's secret
  (the functions use IAM auth to the proxy as that user), so the user is created with that
  password.
In both, the bootstrap signs in as the master user on the instance itself
(DATABASE_BOOTSTRAP_HOST), with the master password.

The passwords never sit in any function's configuration: the deploy-time migrations runner
(outside the VPC) reads the secrets and passes the values in the invocation event
(`{"bootstrap": {...}}`), and nothing here logs them. RDS rotates the master password; a
refused master login is fine as long as the application user already signs in.

"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from littlelemon.runtime.observability import logger

Connect = Callable[..., Any]
Statements = Callable[[str, str], Sequence[str]]

BOOTSTRAP_EVENT_KEY = "bootstrap"
BOOTSTRAP_HOST_ENV = "DATABASE_BOOTSTRAP_HOST"
BOOTSTRAP_CA_ENV = "DATABASE_BOOTSTRAP_TLS_CA_FILE"
NO_MASTER_PASSWORD = "The bootstrap request has no master password."
MYSQL_ACCESS_DENIED = 1045  # ER_ACCESS_DENIED_ERROR
MYSQL_MAX_USER_NAME = 32  # MySQL 8.0 user names are at most 32 characters
BAD_NAME = "{what} must be 1 to {limit} characters without NUL, got {length}."
BAD_BOOTSTRAP = (
    'The "bootstrap" value must be {"master_user": "<name>", "master_password": "<text>" '
    'or null, "app_user_password": "<text>" or null}.'
)
# What `migrate` and the application need on their one database, and nothing else
# (https://docs.djangoproject.com/en/5.2/ref/databases/#mysql-notes names no more): rows
# (SELECT/INSERT/UPDATE/DELETE), schema changes (CREATE, ALTER, DROP, INDEX) and foreign
# keys, which MySQL 8 checks against REFERENCES. No GRANT OPTION, no global privileges.
APP_PRIVILEGES = (
    "SELECT",
    "INSERT",
    "UPDATE",
    "DELETE",
    "CREATE",
    "ALTER",
    "DROP",
    "INDEX",
    "REFERENCES",
)
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


def grant_statements(account: str, database: str) -> list[str]:
    """Exactly APP_PRIVILEGES on `database`, whatever the account held before.

    The first GRANT makes sure a database-level grant exists, so that the REVOKE never
    fails (MySQL and MariaDB refuse to revoke a grant that is not there); an account made by
    an older version with `GRANT ALL` thus ends up with the list too.
    """
    on = f"{quote_grant_database(database)}.*"
    privileges = ", ".join(APP_PRIVILEGES)
    return [
        f"GRANT {privileges} ON {on} TO {account}",
        f"REVOKE ALL PRIVILEGES ON {on} FROM {account}",
        f"GRANT {privileges} ON {on} TO {account}",
    ]


def iam_user_statements(user: str, database: str) -> list[str]:
    """SQL that creates the IAM-authenticated user `user` (lean) with APP_PRIVILEGES.

    Idempotent: re-running it on every migration changes nothing once the user exists.
    """
    _check_name("The user name", user, MYSQL_MAX_USER_NAME)
    _check_name("The database name", database, 64)
    account = f"{quote_string(user)}@'%'"
    return [
        f"CREATE USER IF NOT EXISTS {account} "
        "IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
        *grant_statements(account, database),
    ]


def password_user_statements(
    user: str, database: str, *, password: str, require_tls: bool = True
) -> list[str]:
    """SQL that creates the password user `user` (standard, RDS Proxy signs in with it).

    ALTER USER sets the password of the secret every time, so a rotated application secret
    takes effect at the next migration. `require_tls=False` only for a test server
    without TLS.
    """
    _check_name("The user name", user, MYSQL_MAX_USER_NAME)
    _check_name("The database name", database, 64)
    if not password:
        raise BootstrapError("The application user's password is empty.")
    account = f"{quote_string(user)}@'%'"
    tls = " REQUIRE SSL" if require_tls else ""
    identified = f"IDENTIFIED BY {quote_string(password)}{tls}"
    return [
        f"CREATE USER IF NOT EXISTS {account} {identified}",
        f"ALTER USER {account} {identified}",
        *grant_statements(account, database),
    ]


@dataclass(frozen=True, repr=False)
class BootstrapRequest:
    """What the migrations runner hands over in the event; repr never shows a password."""

    master_user: str
    master_password: str | None  # the runner always sends it; None is refused
    app_user_password: str | None  # None: the application user is IAM-authenticated

    def __repr__(self) -> str:
        return f"BootstrapRequest(master_user={self.master_user!r}, ...)"

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> BootstrapRequest | None:
        """The request in `event["bootstrap"]`; None without one; BootstrapError if malformed."""
        value = event.get(BOOTSTRAP_EVENT_KEY)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise BootstrapError(BAD_BOOTSTRAP)
        master_user = value.get("master_user")
        master_password = value.get("master_password")
        app_password = value.get("app_user_password")
        if not (isinstance(master_user, str) and master_user):
            raise BootstrapError(BAD_BOOTSTRAP)
        for optional in (master_password, app_password):
            if optional is not None and not (isinstance(optional, str) and optional):
                raise BootstrapError(BAD_BOOTSTRAP)
        return cls(master_user, master_password, app_password)

    def statements(self) -> Statements:
        """The CREATE/GRANT statements this request asks for."""
        if self.app_user_password is None:
            return iam_user_statements
        password = self.app_user_password
        return lambda user, database: password_user_statements(user, database, password=password)


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


def bootstrap_from_event(
    event: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> bool:
    """Run `ensure_app_user` when the event carries a bootstrap request; False when not.

    Where to sign in as the master user comes from the configuration (no secret in it):
    DATABASE_BOOTSTRAP_HOST, the instance itself (in standard the proxy knows only the
    application user), and DATABASE_BOOTSTRAP_TLS_CA_FILE, the RDS CAs that verify it.
    """
    request = BootstrapRequest.from_event(event)
    if request is None:
        return False
    if request.master_password is None:
        raise BootstrapError(NO_MASTER_PASSWORD)
    from django.db import connection

    from littlelemon.runtime.db.mysql.base import tls_options

    settings_target = BootstrapTarget.from_settings(connection.settings_dict)
    values = os.environ if environ is None else environ
    target = BootstrapTarget(
        host=values.get(BOOTSTRAP_HOST_ENV) or settings_target.host,
        port=settings_target.port,
        user=settings_target.user,
        database=settings_target.database,
        ca_file=values.get(BOOTSTRAP_CA_ENV) or settings_target.ca_file,
    )
    ensure_app_user(
        target,
        master_user=request.master_user,
        master_password=request.master_password,
        app_login_works=_django_login_works,
        # The password crosses the network: only ever over verified TLS.
        tls=tls_options(target.ca_file),
        statements=request.statements(),
    )
    return True

"""The management function creates the one least-privilege application user before migrating.

MariaDB (the MySQL-compatible server here) has no AWSAuthenticationPlugin and this one has
TLS disabled, so two things are replaced, and only these: the flow tests against MariaDB
run the standard profile's password statements (the real ones, with `REQUIRE SSL` off),
and they connect without TLS. The statements of the lean (IAM) variant are checked as
text. Everything else — the master login, its refusal, the IAM-login fallback,
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
    APP_PRIVILEGES,
    BootstrapError,
    BootstrapRequest,
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


GRANT_LIST = "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES"


def test_iam_user_statements_create_the_user_with_the_rds_plugin_and_grant_the_list() -> None:
    assert iam_user_statements("littlelemon", "littlelemon") == [
        "CREATE USER IF NOT EXISTS 'littlelemon'@'%' "
        "IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS' REQUIRE SSL",
        f"GRANT {GRANT_LIST} ON `littlelemon`.* TO 'littlelemon'@'%'",
        "REVOKE ALL PRIVILEGES ON `littlelemon`.* FROM 'littlelemon'@'%'",
        f"GRANT {GRANT_LIST} ON `littlelemon`.* TO 'littlelemon'@'%'",
    ]
    assert ", ".join(APP_PRIVILEGES) == GRANT_LIST


def test_password_user_statements_require_tls_and_reset_the_password_every_time() -> None:
    create, alter, *grants = bootstrap.password_user_statements(
        "littlelemon", "littlelemon", password="p'w"
    )
    assert create == r"CREATE USER IF NOT EXISTS 'littlelemon'@'%' IDENTIFIED BY 'p\'w' REQUIRE SSL"
    assert alter == r"ALTER USER 'littlelemon'@'%' IDENTIFIED BY 'p\'w' REQUIRE SSL"
    assert grants[-1] == f"GRANT {GRANT_LIST} ON `littlelemon`.* TO 'littlelemon'@'%'"
    with pytest.raises(BootstrapError):
        bootstrap.password_user_statements("littlelemon", "littlelemon", password="")


@pytest.mark.parametrize(
    "value",
    [
        "text",
        {"master_password": "x"},
        {"master_user": "", "master_password": "x"},
        {"master_user": "admin", "master_password": 1},
        {"master_user": "admin", "app_user_password": ""},
    ],
)
def test_malformed_bootstrap_requests_are_refused(value: object) -> None:
    with pytest.raises(BootstrapError, match="bootstrap"):
        BootstrapRequest.from_event({"bootstrap": value})


def test_bootstrap_request_repr_shows_no_password() -> None:
    request = BootstrapRequest.from_event(
        {
            "bootstrap": {
                "master_user": "admin",
                "master_password": "s3cret",
                "app_user_password": "p4ss",
            }
        }
    )
    assert request is not None
    assert "s3cret" not in repr(request)
    assert "p4ss" not in repr(request)


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
    """The standard profile's statements, without REQUIRE SSL (this server has no TLS)."""
    return bootstrap.password_user_statements(
        user, database, password=APP_PASSWORD, require_tls=False
    )


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


def grants_of(master: str, app: str) -> list[str]:
    admin = server(user=master, password=MASTER_PASSWORD)
    with admin.cursor() as cursor:
        cursor.execute(f"SHOW GRANTS FOR {quote_string(app)}@'%'")
        grants = [row[0] for row in cursor.fetchall()]
    admin.close()
    return grants


def app_can_migrate(app: str, database: str) -> None:
    """What `migrate` does: tables, a foreign key, an index, a column change, rows, drops."""
    connection = server(user=app, password=APP_PASSWORD, database=database)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE parent (id INT PRIMARY KEY)")
        cursor.execute(
            "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, "
            "FOREIGN KEY (parent_id) REFERENCES parent (id))"
        )
        cursor.execute("CREATE INDEX child_parent ON child (parent_id)")
        cursor.execute("ALTER TABLE child ADD COLUMN note VARCHAR(10)")
        cursor.execute("INSERT INTO parent VALUES (1)")
        cursor.execute("UPDATE parent SET id = 1")
        cursor.execute("SELECT * FROM parent")
        cursor.execute("DELETE FROM parent WHERE id = 2")
        cursor.execute("DROP TABLE child")
        cursor.execute("DROP TABLE parent")
    connection.close()


def test_the_app_user_gets_exactly_what_migrate_needs_on_its_database_and_can_migrate(
    names: tuple[str, str, str],
) -> None:
    master, app, database = names
    ensure_app_user(
        target(app, database),
        master_user=master,
        master_password=MASTER_PASSWORD,
        app_login_works=lambda: pytest.fail("the master login worked"),
        tls=None,
        statements=password_user_statements,
    )
    app_can_migrate(app, database)
    grants = grants_of(master, app)
    on_database = [grant for grant in grants if f"`{database}`" in grant.replace("\\_", "_")]
    assert len(on_database) == 1, grants
    granted = on_database[0].split(" ON ")[0].removeprefix("GRANT ").split(", ")
    assert sorted(granted) == sorted(APP_PRIVILEGES)
    # nothing global beyond the USAGE row every account has
    assert [grant for grant in grants if " ON *.* " in grant] == [
        grant for grant in grants if grant.startswith("GRANT USAGE ON *.*")
    ]
    connection = server(user=app, password=APP_PASSWORD)
    with connection.cursor() as cursor, pytest.raises(pymysql.err.OperationalError):
        cursor.execute("CREATE DATABASE `other_db_of_the_app`")
    connection.close()


def test_an_app_user_with_all_privileges_from_before_ends_with_the_list(
    names: tuple[str, str, str],
) -> None:
    master, app, database = names
    admin = server(user=master, password=MASTER_PASSWORD)
    with admin.cursor() as cursor:
        account = f"{quote_string(app)}@'%'"
        cursor.execute(f"CREATE USER {account} IDENTIFIED BY {quote_string(APP_PASSWORD)}")
        # what the previous version granted (its database name escaped the same way)
        cursor.execute(f"GRANT ALL ON {quote_grant_database(database)}.* TO {account}")
    admin.close()
    ensure_app_user(
        target(app, database),
        master_user=master,
        master_password=MASTER_PASSWORD,
        app_login_works=lambda: pytest.fail("the master login worked"),
        tls=None,
        statements=password_user_statements,
    )
    assert not any("ALL PRIVILEGES" in grant for grant in grants_of(master, app))


def test_master_user_creates_the_app_user_with_privileges_on_its_database_only(
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
    app_secret = "app-do-not-log-" + secrets.token_hex(8)
    monkeypatch.setattr(
        BootstrapTarget,
        "from_settings",
        classmethod(lambda cls, _: cls("127.0.0.1", 1, "littlelemon", "littlelemon", None)),
    )
    event = {
        "command": "migrate",
        "bootstrap": {
            "master_user": "admin",
            "master_password": secret,
            "app_user_password": app_secret,
        },
    }
    result = manage.handler(event, LocalLambdaContext(function_name="manage"))
    assert result["exit_status"] == manage.BOOTSTRAP_FAILED_STATUS
    assert result["error"].startswith("Database user bootstrap failed")
    logged = caplog.text + "".join(capsys.readouterr())
    for value in (secret, app_secret):
        assert value not in repr(result)
        assert value not in logged


def test_without_a_bootstrap_request_nothing_is_attempted() -> None:
    assert bootstrap.bootstrap_from_event({"command": "migrate"}) is False

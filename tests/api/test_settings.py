"""Settings from the environment: production needs every secret, and passes `check --deploy`.

Settings are process-global, so each variant runs in a fresh interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from littlelemon.api.core.checks import JWT_KEYS_NOT_A_PAIR
from littlelemon.api.core.keys import generate_private_key_pem, public_key_pem

REPO = Path(__file__).resolve().parents[2]
PRIVATE_KEY = generate_private_key_pem()


def _production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "JWT_", "DATABASE_", "CACHE_", "WEB_TIER_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "littlelemon.api.settings",
            "DJANGO_ENV": "production",
            "DJANGO_SECRET_KEY": "p" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
            "DJANGO_ALLOWED_HOSTS": "api.example.com",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "JWT_PRIVATE_KEY": PRIVATE_KEY,
            "JWT_PUBLIC_KEY": public_key_pem(PRIVATE_KEY),
            "JWT_ISSUER": "https://api.example.com",
            "LITTLELEMON_DATA_DIR": str(tmp_path / "data"),
            "WEB_TIER_KEY": "w" * 32,
        }
    )
    env.update(overrides)
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    result = _manage(_production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # Production never falls back to the local data directory.
    assert not (tmp_path / "data" / "secrets").exists()


@pytest.mark.parametrize(
    "missing",
    [
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DATABASE_URL",
        "JWT_PRIVATE_KEY",
        "JWT_PUBLIC_KEY",
    ],
)
def test_production_without_a_secret_fails_naming_it(tmp_path: Path, missing: str) -> None:
    env = _production_env(tmp_path)
    del env[missing]
    result = _manage(env, "check")
    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_ENV=production" in result.stderr


def test_check_deploy_warns_when_production_has_no_web_tier_key(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    del env["WEB_TIER_KEY"]
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "littlelemon.W001" in result.stdout + result.stderr


def test_check_fails_when_the_public_key_is_not_the_private_keys_half(tmp_path: Path) -> None:
    other = public_key_pem(generate_private_key_pem())
    result = _manage(_production_env(tmp_path, JWT_PUBLIC_KEY=other), "check")
    assert result.returncode != 0
    assert "littlelemon.E001" in result.stderr
    assert JWT_KEYS_NOT_A_PAIR in result.stderr


def test_a_public_key_that_is_no_public_pem_is_refused_at_start(tmp_path: Path) -> None:
    result = _manage(_production_env(tmp_path, JWT_PUBLIC_KEY=PRIVATE_KEY), "check")
    assert result.returncode != 0
    assert "JWT_PUBLIC_KEY must be a PEM starting with -----BEGIN PUBLIC KEY-----" in result.stderr


def test_locally_the_public_key_is_derived_once_per_private_key(tmp_path: Path) -> None:
    env = {**_production_env(tmp_path), "DJANGO_ENV": "local"}
    del env["JWT_PUBLIC_KEY"]
    show = "from django.conf import settings; print(settings.JWT_PUBLIC_KEY.strip())"
    first = _manage(env, "shell", "--no-imports", "-c", show)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == public_key_pem(PRIVATE_KEY).strip()
    (stored,) = (tmp_path / "data" / "secrets").glob("jwt-public-key-*.pem")
    assert stored.read_text().strip() == first.stdout.strip()
    # Another private key gets its own public half, never the stored one.
    other = generate_private_key_pem()
    second = _manage({**env, "JWT_PRIVATE_KEY": other}, "shell", "--no-imports", "-c", show)
    assert second.stdout.strip() == public_key_pem(other).strip()
    assert _manage(env, "check").returncode == 0


def test_a_short_web_tier_key_is_refused(tmp_path: Path) -> None:
    result = _manage(_production_env(tmp_path, WEB_TIER_KEY="short"), "check")
    assert result.returncode != 0
    assert "WEB_TIER_KEY must be at least 32 bytes" in result.stderr


def test_an_unknown_environment_name_is_refused(tmp_path: Path) -> None:
    result = _manage(_production_env(tmp_path, DJANGO_ENV="staging"), "check")
    assert result.returncode != 0
    assert "DJANGO_ENV must be 'local' or 'production'" in result.stderr


def test_migrate_alone_prepares_a_database_with_the_cache_table(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    assert _manage(env, "migrate", "-v0").returncode == 0
    tables = _manage(
        env,
        "shell",
        "-c",
        "from django.db import connection; print(connection.introspection.table_names())",
    )
    assert settings.CACHE_TABLE in tables.stdout
    seeded = _manage(env, "seed_demo")
    assert seeded.returncode == 0, seeded.stderr
    assert "no demo users" in seeded.stdout


def test_local_defaults_need_no_configuration() -> None:
    assert settings.DJANGO_ENV == "local"
    assert settings.SIMPLE_JWT["ALGORITHM"] == "RS256"
    assert settings.SIMPLE_JWT["USER_ID_CLAIM"] == "sub"
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")


def test_server_test_databases_are_unique_per_process() -> None:
    test_name = connection.settings_dict["TEST"].get("NAME")
    if connection.vendor == "sqlite":
        # a file of this run's own (tests/api/conftest.py), never the local data file
        assert test_name.endswith("/test.sqlite3")
    else:
        assert test_name == f"test_littlelemon_{os.getpid()}"


@pytest.mark.django_db
def test_mysql_speaks_utf8mb4_through_pymysql() -> None:
    if connection.vendor != "mysql":
        pytest.skip("only meaningful on MariaDB/MySQL")
    assert connection.settings_dict["OPTIONS"]["charset"] == "utf8mb4"
    connection.ensure_connection()
    assert type(connection.connection).__module__.startswith("pymysql")


@pytest.mark.django_db
def test_sqlite_connections_use_wal_and_immediate_transactions() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's connection options only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"

"""Database credentials on Lambda: IAM auth tokens and Secrets Manager secrets, both cached."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pymysql
import pytest
from moto import mock_aws

from littlelemon.runtime import credentials
from littlelemon.runtime.credentials import IamAuthTokens, SecretCredentials

PROXY = "littlelemon.proxy-abc.us-east-1.rds.amazonaws.com"


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        yield


def test_iam_token_is_a_signed_connect_request_for_the_user(aws: None) -> None:
    token = IamAuthTokens(host=PROXY, port=3306, user="app", region="us-east-1").credentials()
    assert token.user == "app"
    url = urlsplit(f"https://{token.password}")
    query = parse_qs(url.query)
    assert url.netloc == f"{PROXY}:3306"
    assert query["Action"] == ["connect"]
    assert query["DBUser"] == ["app"]
    assert query["X-Amz-Expires"] == ["900"]


def test_iam_token_is_reused_until_shortly_before_it_expires(
    aws: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = [1000.0]
    monkeypatch.setattr(credentials.time, "monotonic", lambda: now[0])
    tokens = IamAuthTokens(host=PROXY, port=3306, user="app", region="us-east-1")
    generated: list[str] = []
    real_generate = tokens._generate

    def counting_generate() -> str:
        generated.append(real_generate())
        return generated[-1]

    monkeypatch.setattr(tokens, "_generate", counting_generate)
    first = tokens.credentials()
    now[0] += 13 * 60
    assert tokens.credentials() == first
    assert len(generated) == 1
    now[0] += 60.5  # past 15 min minus the safety margin: a fresh token
    tokens.credentials()
    assert len(generated) == 2


def test_secret_is_fetched_once_and_cached(aws: None) -> None:
    client = boto3.client("secretsmanager")
    secret_id = "littlelemon/db-test-cache"
    client.create_secret(
        Name=secret_id, SecretString=json.dumps({"username": "app", "password": "s3cret"})
    )
    source = SecretCredentials(secret_id=secret_id)
    assert source.credentials() == credentials.Credentials("app", "s3cret")
    client.delete_secret(SecretId=secret_id, ForceDeleteWithoutRecovery=True)
    assert source.credentials().password == "s3cret"  # served from the cache, no second call


def test_secret_without_username_and_password_is_a_clear_error(aws: None) -> None:
    client = boto3.client("secretsmanager")
    client.create_secret(Name="littlelemon/db-bad", SecretString=json.dumps({"user": "x"}))
    with pytest.raises(ValueError, match="lacks username/password"):
        SecretCredentials(secret_id="littlelemon/db-bad").credentials()


def backend(config: dict[str, Any]) -> Any:
    pymysql.install_as_MySQLdb()
    from littlelemon.runtime.db.mysql import base

    credentials.forget_credentials()
    settings = {
        "ENGINE": "littlelemon.runtime.db.mysql",
        "NAME": "littlelemon",
        "USER": "app",
        "PASSWORD": "",
        "HOST": PROXY,
        "PORT": "3306",
        "OPTIONS": {},
        "CREDENTIALS": config,
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "AUTOCOMMIT": True,
        "TIME_ZONE": None,
        "ATOMIC_REQUESTS": False,
        "TEST": {},
    }
    return base.DatabaseWrapper(settings, alias="lambda-test")


def test_backend_connects_with_an_iam_token_over_verified_tls(aws: None) -> None:
    params = backend({"source": "iam", "region": "us-east-1"}).get_connection_params()
    assert params["user"] == "app"
    assert "Action=connect" in params["password"]
    assert params["ssl"]["check_hostname"] is True
    assert params["ssl"]["ca"]


def test_backend_takes_user_and_password_from_the_secret(aws: None) -> None:
    boto3.client("secretsmanager").create_secret(
        Name="littlelemon/db-backend",
        SecretString=json.dumps({"username": "app_rw", "password": "pw", "host": "ignored"}),
    )
    params = backend(
        {"source": "secret", "secret_id": "littlelemon/db-backend"}
    ).get_connection_params()
    assert (params["user"], params["password"], params["host"]) == ("app_rw", "pw", PROXY)
    assert "ssl" not in params

"""Database credentials on Lambda: an RDS IAM auth token or a Secrets Manager secret.

Both are fetched only when a new database connection is opened (connections persist across
warm invocations) and cached: the IAM token until shortly before its 15-minute expiry, the
secret for `max_age` seconds, so a rotated password is picked up without a redeploy.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

IAM_TOKEN_LIFETIME_S = 15 * 60  # RDS IAM authentication tokens are valid for 15 minutes
IAM_TOKEN_REFRESH_MARGIN_S = 60  # renew a minute early: a connect may take a few seconds
SECRET_MAX_AGE_S = 15 * 60


@dataclass(frozen=True)
class Credentials:
    """A user name and password for one new database connection."""

    user: str
    password: str


class IamAuthTokens:
    """RDS (Proxy) IAM authentication tokens, generated locally by boto3 and cached."""

    def __init__(self, *, host: str, port: int, user: str, region: str | None) -> None:
        self.host, self.port, self.user, self.region = host, port, user, region
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()

    def _generate(self) -> str:
        import boto3  # only connecting needs it, and Lambda's runtime provides it

        client = boto3.client("rds", region_name=self.region)
        # A local signature (SigV4 presigned URL): no network call, but the caller's
        # credentials need rds-db:connect on this user.
        token: str = client.generate_db_auth_token(
            DBHostname=self.host, Port=self.port, DBUsername=self.user, Region=self.region
        )
        return token

    def credentials(self) -> Credentials:
        with self._lock:
            now = time.monotonic()
            if self._token is None or now >= self._expires_at:
                self._token = self._generate()
                self._expires_at = now + IAM_TOKEN_LIFETIME_S - IAM_TOKEN_REFRESH_MARGIN_S
            return Credentials(self.user, self._token)


class SecretCredentials:
    """User and password from a Secrets Manager secret (RDS's JSON format), cached."""

    def __init__(self, *, secret_id: str, max_age_s: int = SECRET_MAX_AGE_S) -> None:
        self.secret_id = secret_id
        self.max_age_s = max_age_s

    def credentials(self, *, force_fetch: bool = False) -> Credentials:
        # Powertools caches the value in memory for max_age seconds per execution environment.
        from aws_lambda_powertools.utilities import parameters

        secret: Any = parameters.get_secret(
            self.secret_id, transform="json", max_age=self.max_age_s, force_fetch=force_fetch
        )
        if not isinstance(secret, dict) or not {"username", "password"} <= secret.keys():
            raise ValueError(f"secret {self.secret_id} lacks username/password")
        return Credentials(str(secret["username"]), str(secret["password"]))


CredentialSource = IamAuthTokens | SecretCredentials
# One source per database alias and process: Django makes a connection wrapper per thread,
# and the cached token or secret should be shared by all of them.
_sources: dict[str, CredentialSource] = {}
_sources_lock = threading.Lock()


def credential_source(key: str, create: Callable[[], CredentialSource]) -> CredentialSource:
    """The cached source under `key`, created on first use."""
    with _sources_lock:
        if key not in _sources:
            _sources[key] = create()
        return _sources[key]


def forget_credentials() -> None:
    """Drop every cached token and secret (after a SnapStart restore, or in tests)."""
    with _sources_lock:
        _sources.clear()

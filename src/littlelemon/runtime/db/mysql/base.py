"""Django's MySQL backend, with the user and password supplied when a connection opens.

Settings: `DATABASES["default"]["CREDENTIALS"] = {"source": "iam" | "secret", ...}`:
- `iam`: an RDS IAM auth token for `USER` at `HOST:PORT` (`region` optional), over TLS;
- `secret`: `username`/`password` of the Secrets Manager secret `secret_id`.
Persistent connections (CONN_MAX_AGE) mean this runs once per Lambda instance, not per request.
"""

from __future__ import annotations

import ssl
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.mysql import base

from littlelemon.runtime.credentials import (
    Credentials,
    CredentialSource,
    IamAuthTokens,
    SecretCredentials,
    credential_source,
)


def tls_options(ca_file: str | None) -> dict[str, Any]:
    """PyMySQL `ssl` options that verify the server certificate (required for IAM auth)."""
    cafile = (
        ca_file
        or ssl.get_default_verify_paths().cafile
        or ssl.get_default_verify_paths().openssl_cafile
    )
    return {"ca": cafile, "check_hostname": True}


class DatabaseWrapper(base.DatabaseWrapper):
    """MySQL whose credentials come from IAM auth or Secrets Manager, fetched per connection."""

    def _credential_provider(self) -> CredentialSource:
        config: dict[str, Any] = self.settings_dict.get("CREDENTIALS") or {}
        key = f"{self.alias}:{sorted(config.items())}"
        return credential_source(key, lambda: self._new_provider(config))

    def _new_provider(self, config: dict[str, Any]) -> CredentialSource:
        source = config.get("source")
        provider: CredentialSource
        if source == "iam":
            provider = IamAuthTokens(
                host=self.settings_dict["HOST"],
                port=int(self.settings_dict["PORT"] or 3306),
                user=self.settings_dict["USER"],
                region=config.get("region") or None,
            )
        elif source == "secret" and config.get("secret_id"):
            provider = SecretCredentials(secret_id=config["secret_id"])
        else:
            raise ImproperlyConfigured(
                "CREDENTIALS must be {'source': 'iam'} or {'source': 'secret', 'secret_id': ...}"
            )
        return provider

    def credentials(self) -> Credentials:
        """The user and password for the next connection."""
        return self._credential_provider().credentials()

    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        credentials = self.credentials()
        params["user"] = credentials.user
        params["password"] = credentials.password
        config: dict[str, Any] = self.settings_dict.get("CREDENTIALS") or {}
        if config.get("source") == "iam" or config.get("tls"):
            # IAM tokens travel as a cleartext password: only ever over verified TLS.
            params["ssl"] = tls_options(config.get("ca_file"))
        return params

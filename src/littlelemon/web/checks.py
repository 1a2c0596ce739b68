"""System checks of the web tier's settings: `manage.py check --deploy` fails on each."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from django.core.checks import CheckMessage, Error, register

from littlelemon.contract import webtier
from littlelemon.web.conf import web_setting

SESSION_KEYS_INVALID = "littlelemon.web.E001"
API_URL_NOT_HTTPS = "littlelemon.web.E002"
WEB_TIER_KEY_SHORT = "littlelemon.web.E003"
TRUSTED_PROXIES_NEGATIVE = "littlelemon.web.E004"


@register()
def session_encryption_keys_check(**_: Any) -> list[CheckMessage]:
    """Every key of SESSION_ENCRYPTION_KEYS is a Fernet key (else every login would fail)."""
    keys = list(web_setting("SESSION_ENCRYPTION_KEYS"))
    if not keys:
        return [Error("SESSION_ENCRYPTION_KEYS is empty.", id=SESSION_KEYS_INVALID)]
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key.strip().encode())
        except ValueError:
            return [
                Error(
                    f"SESSION_ENCRYPTION_KEYS: key {position} is not a Fernet key.",
                    hint="32 url-safe base64-encoded bytes: Fernet.generate_key().",
                    id=SESSION_KEYS_INVALID,
                )
            ]
    return []


@register()
def web_tier_settings_check(**_: Any) -> list[CheckMessage]:
    """A key long enough to sign with, and a proxy count that makes sense."""
    errors: list[CheckMessage] = []
    if len(str(web_setting("WEB_TIER_KEY")).encode()) < webtier.MIN_KEY_BYTES:
        errors.append(
            Error(
                f"{webtier.KEY_VARIABLE} must be at least {webtier.MIN_KEY_BYTES} bytes.",
                id=WEB_TIER_KEY_SHORT,
            )
        )
    if int(web_setting("WEB_TRUSTED_PROXIES")) < 0:
        errors.append(Error("WEB_TRUSTED_PROXIES cannot be negative.", id=TRUSTED_PROXIES_NEGATIVE))
    return errors


@register(deploy=True)
def api_base_url_check(**_: Any) -> list[CheckMessage]:
    """The api is called with the users' tokens and passwords: only over HTTPS."""
    url = str(web_setting("API_BASE_URL"))
    if urlsplit(url).scheme != "https":
        return [
            Error(
                f"API_BASE_URL must be an https:// URL in production, not {url!r}.",
                id=API_URL_NOT_HTTPS,
            )
        ]
    return []

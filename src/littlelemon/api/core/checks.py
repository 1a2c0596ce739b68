"""System checks of the API's own settings (`manage.py check`, some with `--deploy` only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from littlelemon.api.core import keys
from littlelemon.contract import webtier

JWT_KEYS_NOT_A_PAIR = (
    "JWT_PUBLIC_KEY is not the public half of JWT_PRIVATE_KEY: no token the API signs would verify."
)
JWT_KEYS_UNREADABLE = "JWT_PRIVATE_KEY or JWT_PUBLIC_KEY cannot be read: {error}"
JWT_KEYS_HINT = (
    "`littlelemon deploy` derives JWT_PUBLIC_KEY from the private key in the app secret; "
    "locally, delete the data directory's secrets/jwt-public-key-*.pem."
)

W_WEB_TIER_KEY = checks.Warning(
    f"{webtier.KEY_VARIABLE} is not set: the API cannot trust the web tier's forwarded "
    "client addresses, so every visitor of the web site shares one throttle and one login "
    "lockout budget (the web server's address).",
    hint=f"Set {webtier.KEY_VARIABLE} to the same random value (at least "
    f"{webtier.MIN_KEY_BYTES} bytes) in the API and the web tier.",
    id="littlelemon.W001",
)


@checks.register(checks.Tags.security, deploy=True)
def check_web_tier_key(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Production without WEB_TIER_KEY works, but limits per end user do not."""
    if settings.PRODUCTION and not settings.WEB_TIER_KEY:
        return [W_WEB_TIER_KEY]
    return []


@checks.register(checks.Tags.security)
def check_jwt_key_pair(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """The verifying key handed in must match the signing key (a cold start does not check)."""
    # cryptography's UnsupportedAlgorithm, TypeError (an encrypted key) and ValueError.
    from cryptography.exceptions import UnsupportedAlgorithm

    try:
        if keys.is_key_pair(settings.JWT_PRIVATE_KEY, settings.JWT_PUBLIC_KEY):
            return []
        message = JWT_KEYS_NOT_A_PAIR
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        message = JWT_KEYS_UNREADABLE.format(error=error)
    return [checks.Error(message, hint=JWT_KEYS_HINT, id="littlelemon.E001")]

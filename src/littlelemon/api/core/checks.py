"""System checks of the API's own settings (`manage.py check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from littlelemon.contract import webtier

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

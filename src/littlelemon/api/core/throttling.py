"""Throttles whose rates come from `settings.API_THROTTLE_RATES` at request time.

DRF's own classes copy the rates when they are imported, so operators could not change them
per environment and tests could not turn them off. The counters live in the default cache,
which is shared between processes (the database cache unless CACHE_URL says otherwise).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import throttling


class _SettingsRate:
    scope: str | None

    def get_rate(self) -> str | None:
        rates: dict[str, str | None] = settings.API_THROTTLE_RATES
        return rates.get(self.scope or "")


class AnonRateThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Anonymous callers, per client address."""


class UserRateThrottle(_SettingsRate, throttling.UserRateThrottle):
    """Authenticated callers, per user."""


class LoginRateThrottle(_SettingsRate, throttling.AnonRateThrottle):
    """Password logins and sign-ups, per client address (slows down password guessing)."""

    scope = "login"

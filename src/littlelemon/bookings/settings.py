"""The bookings service's settings, read once from `BOOKINGS_*` environment variables.

Every value has a local default so `littlelemon up` works with no configuration; a value
that does not parse fails at start with a message naming the variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from littlelemon.contract.restaurant import DEFAULT_TIME_ZONE, TIME_ZONE_VARIABLE

DEFAULT_TABLE_NAME = "littlelemon-bookings"


class SettingsError(ValueError):
    """A `BOOKINGS_*` variable holds a value the service cannot use."""


@dataclass(frozen=True, kw_only=True)
class BookingSettings:
    """Deployment-specific values of the bookings service."""

    table_name: str = DEFAULT_TABLE_NAME
    opens: time = time(12, 0)  # first seating
    closes: time = time(22, 0)  # the last slot ends by then
    slot_minutes: int = 60
    seats_per_slot: int = 20
    max_days_ahead: int = 60
    min_guests: int = 1
    max_guests: int = 12
    # the restaurant's clock: "today", "too far ahead" and "already started" use it
    timezone: str = DEFAULT_TIME_ZONE
    idempotency_ttl_seconds: int = 24 * 60 * 60

    @property
    def zone(self) -> ZoneInfo:
        """The restaurant's time zone."""
        return ZoneInfo(self.timezone)


def _int(env: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise SettingsError(f"{name} must be at least {minimum}, got {value}")
    return value


def _time(env: Mapping[str, str], name: str, default: time) -> time:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a time like 18:30, got {raw!r}") from None


def settings_from_env(env: Mapping[str, str]) -> BookingSettings:
    """Settings from `env` (the process environment in production); checks that they agree."""
    settings = BookingSettings(
        table_name=env.get("BOOKINGS_TABLE") or DEFAULT_TABLE_NAME,
        opens=_time(env, "BOOKINGS_OPENS", BookingSettings.opens),
        closes=_time(env, "BOOKINGS_CLOSES", BookingSettings.closes),
        slot_minutes=_int(env, "BOOKINGS_SLOT_MINUTES", BookingSettings.slot_minutes, minimum=5),
        seats_per_slot=_int(
            env, "BOOKINGS_SEATS_PER_SLOT", BookingSettings.seats_per_slot, minimum=1
        ),
        max_days_ahead=_int(
            env, "BOOKINGS_MAX_DAYS_AHEAD", BookingSettings.max_days_ahead, minimum=0
        ),
        min_guests=_int(env, "BOOKINGS_MIN_GUESTS", BookingSettings.min_guests, minimum=1),
        max_guests=_int(env, "BOOKINGS_MAX_GUESTS", BookingSettings.max_guests, minimum=1),
        # the one time zone of every tier (api, bookings, web): littlelemon.contract.restaurant
        timezone=env.get(TIME_ZONE_VARIABLE) or BookingSettings.timezone,
        idempotency_ttl_seconds=_int(
            env,
            "BOOKINGS_IDEMPOTENCY_TTL_SECONDS",
            BookingSettings.idempotency_ttl_seconds,
            minimum=60,
        ),
    )
    if settings.closes <= settings.opens:
        raise SettingsError("BOOKINGS_CLOSES must be later than BOOKINGS_OPENS")
    if settings.max_guests < settings.min_guests:
        raise SettingsError("BOOKINGS_MAX_GUESTS must not be below BOOKINGS_MIN_GUESTS")
    try:
        settings.zone  # noqa: B018 - resolving the zone is the check
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"{TIME_ZONE_VARIABLE} is not a known time zone: {settings.timezone!r}"
        ) from None
    return settings


@cache
def get_settings() -> BookingSettings:
    """The settings of this process (read once; tests call `get_settings.cache_clear()`)."""
    return settings_from_env(os.environ)

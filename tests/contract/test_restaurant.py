"""The restaurant's day: its own date, which differs from UTC's in the evening in Chicago."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from littlelemon.contract.restaurant import DEFAULT_TIME_ZONE, restaurant_today


def test_restaurant_today_is_the_date_in_the_restaurants_time_zone() -> None:
    before = datetime.now(ZoneInfo(DEFAULT_TIME_ZONE)).date()
    today = restaurant_today()
    after = datetime.now(ZoneInfo(DEFAULT_TIME_ZONE)).date()
    assert today in {before, after}


def test_restaurant_today_follows_the_time_zone_it_is_given() -> None:
    # Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: never the same date
    # (two dates apart between 10:00 and 11:00 UTC).
    east, west = restaurant_today("Pacific/Kiritimati"), restaurant_today("Pacific/Pago_Pago")
    assert 1 <= (east - west).days <= 2
    assert west <= datetime.now(UTC).date() <= east

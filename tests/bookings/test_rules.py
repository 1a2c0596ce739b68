"""Booking rules and settings as pure functions, on a fixed clock."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from littlelemon.bookings import rules
from littlelemon.bookings.errors import NotAuthenticated
from littlelemon.bookings.http import caller_from_claims, parse_groups
from littlelemon.bookings.models import BookingCreate
from littlelemon.bookings.observability import BOOKINGS_REJECTED, count
from littlelemon.bookings.settings import BookingSettings, SettingsError, settings_from_env

DEFAULTS = BookingSettings()
ALL_SLOTS = ", ".join(rules.slot_times(DEFAULTS))
NOW = dt.datetime(2026, 12, 1, 18, 30, tzinfo=dt.UTC)  # a Tuesday evening, 18:30 UTC


def request(**changes: object) -> BookingCreate:
    fields: dict[str, object] = {
        "date": dt.date(2026, 12, 5),
        "slot": "18:00",
        "guests": 2,
        "name": "Ada",
    }
    return BookingCreate.model_validate({**fields, **changes}, strict=False)


def test_default_slots_run_hourly_from_noon_to_the_last_that_ends_by_ten() -> None:
    assert rules.slot_times(DEFAULTS) == tuple(f"{hour}:00" for hour in range(12, 22))


def test_slots_follow_the_configured_hours_and_length() -> None:
    settings = BookingSettings(opens=dt.time(17, 0), closes=dt.time(21, 0), slot_minutes=90)

    assert rules.slot_times(settings) == ("17:00", "18:30")


def test_a_valid_request_has_no_errors() -> None:
    assert rules.booking_errors(request(), DEFAULTS, NOW) == {}


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"date": dt.date(2026, 11, 30)}, {"date": [rules.DATE_IN_PAST]}),
        ({"date": dt.date(2027, 1, 31)}, {"date": [rules.DATE_TOO_FAR.format(days=60)]}),
        (
            {"slot": "18:15"},
            {"slot": [rules.SLOT_UNKNOWN.format(slots=", ".join(rules.slot_times(DEFAULTS)))]},
        ),
        ({"date": dt.date(2026, 12, 1), "slot": "18:00"}, {"slot": [rules.SLOT_STARTED]}),
        ({"guests": 0}, {"guests": [rules.GUESTS_OUT_OF_RANGE.format(minimum=1, maximum=12)]}),
        ({"guests": 13}, {"guests": [rules.GUESTS_OUT_OF_RANGE.format(minimum=1, maximum=12)]}),
    ],
)
def test_rule_violations_are_reported_by_field(
    changes: dict[str, object], errors: dict[str, list[str]]
) -> None:
    assert rules.booking_errors(request(**changes), DEFAULTS, NOW) == errors


def test_the_last_bookable_day_is_sixty_days_ahead() -> None:
    last = NOW.date() + dt.timedelta(days=60)

    assert rules.date_errors(last, DEFAULTS, NOW) == []
    assert rules.date_errors(last + dt.timedelta(days=1), DEFAULTS, NOW) != []


def test_today_offers_only_slots_that_have_not_started() -> None:
    assert rules.open_slots(NOW.date(), DEFAULTS, NOW) == ("19:00", "20:00", "21:00")
    assert rules.booking_errors(request(date=NOW.date(), slot="19:00"), DEFAULTS, NOW) == {}


def test_today_is_judged_on_the_restaurants_clock() -> None:
    chicago = BookingSettings(timezone="America/Chicago")  # 18:30 UTC is 12:30 there
    late_utc = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)  # still Dec 1 in Chicago

    assert rules.open_slots(NOW.date(), chicago, NOW)[0] == "13:00"
    assert rules.date_errors(dt.date(2026, 12, 1), chicago, late_utc) == []
    assert rules.date_errors(dt.date(2026, 12, 1), DEFAULTS, late_utc) == [rules.DATE_IN_PAST]


def test_settings_come_from_bookings_variables() -> None:
    settings = settings_from_env(
        {
            "BOOKINGS_TABLE": "t",
            "BOOKINGS_OPENS": "17:00",
            "BOOKINGS_CLOSES": "23:00",
            "BOOKINGS_SLOT_MINUTES": "30",
            "BOOKINGS_SEATS_PER_SLOT": "10",
            "BOOKINGS_MAX_DAYS_AHEAD": "14",
            "BOOKINGS_MAX_GUESTS": "8",
            "BOOKINGS_TIMEZONE": "Europe/Berlin",
        }
    )

    assert settings == BookingSettings(
        table_name="t",
        opens=dt.time(17, 0),
        closes=dt.time(23, 0),
        slot_minutes=30,
        seats_per_slot=10,
        max_days_ahead=14,
        max_guests=8,
        timezone="Europe/Berlin",
    )
    assert settings_from_env({}) == DEFAULTS


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"BOOKINGS_SEATS_PER_SLOT": "many"}, "BOOKINGS_SEATS_PER_SLOT"),
        ({"BOOKINGS_SEATS_PER_SLOT": "0"}, "BOOKINGS_SEATS_PER_SLOT"),
        ({"BOOKINGS_OPENS": "noon"}, "BOOKINGS_OPENS"),
        ({"BOOKINGS_OPENS": "23:00"}, "BOOKINGS_CLOSES"),
        ({"BOOKINGS_MIN_GUESTS": "6", "BOOKINGS_MAX_GUESTS": "4"}, "BOOKINGS_MAX_GUESTS"),
        ({"BOOKINGS_TIMEZONE": "Mars/Olympus"}, "BOOKINGS_TIMEZONE"),
    ],
)
def test_unusable_settings_fail_naming_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError, match=named):
        settings_from_env(env)


@pytest.mark.parametrize(
    ("claim", "groups"),
    [
        ("[manager delivery-crew]", ("manager", "delivery-crew")),
        ("[manager]", ("manager",)),
        ("[]", ()),
        ("", ()),
        ('["manager", "delivery-crew"]', ("manager", "delivery-crew")),
        (["manager"], ("manager",)),
        ("manager", ("manager",)),
        (None, ()),
    ],
)
def test_groups_claim_is_read_in_every_shape(claim: object, groups: tuple[str, ...]) -> None:
    assert parse_groups(claim) == groups


ACCESS = {"token_type": "access"}


def test_caller_comes_from_the_claims() -> None:
    caller = caller_from_claims({"sub": "7", "username": "mia", "groups": "[manager]", **ACCESS})

    assert (caller.user_id, caller.username, caller.is_manager) == ("7", "mia", True)
    assert not caller_from_claims({"sub": "8", "groups": "[delivery-crew]", **ACCESS}).is_manager


@pytest.mark.parametrize("claims", [ACCESS, {"sub": "", **ACCESS}, {"username": "mia", **ACCESS}])
def test_claims_without_a_subject_are_not_authenticated(claims: dict[str, str]) -> None:
    with pytest.raises(NotAuthenticated):
        caller_from_claims(claims)


@pytest.mark.parametrize("token_type", [{"token_type": "refresh"}, {}, {"token_type": "[access]"}])
def test_anything_but_an_access_token_is_not_authenticated(token_type: dict[str, str]) -> None:
    with pytest.raises(NotAuthenticated):
        caller_from_claims({"sub": "7", "username": "mia", "groups": "[]", **token_type})


def test_metrics_print_one_emf_line_unless_disabled(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    monkeypatch.delenv("POWERTOOLS_DEV", raising=False)
    monkeypatch.setenv("POWERTOOLS_METRICS_NAMESPACE", "LittleLemonTest")

    count(BOOKINGS_REJECTED, reason="slot_full")
    emitted = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    count(BOOKINGS_REJECTED, reason="slot_full")

    assert emitted["BookingsRejected"] == [1.0]
    assert emitted["reason"] == "slot_full"
    assert emitted["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "LittleLemonTest"
    assert capsys.readouterr().out == ""

"""Booking rules and settings as pure functions, on a fixed clock."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from littlelemon.bookings import rules
from littlelemon.bookings.errors import NotAuthenticated
from littlelemon.bookings.http import caller_from_claims, parse_groups
from littlelemon.bookings.models import Booking, BookingCreate, BookingStatus, StaffStatus
from littlelemon.bookings.observability import BOOKINGS_REJECTED, count
from littlelemon.bookings.settings import BookingSettings, SettingsError, settings_from_env
from littlelemon.contract.restaurant import DEFAULT_TIME_ZONE, TIME_ZONE_VARIABLE

DEFAULTS = BookingSettings()
ALL_SLOTS = ", ".join(rules.slot_times(DEFAULTS))
CHICAGO = ZoneInfo("America/Chicago")  # the default restaurant time zone
# a Tuesday evening at the restaurant, 18:30 in Chicago: already 00:30 on Wednesday in UTC
NOW = dt.datetime(2026, 12, 1, 18, 30, tzinfo=CHICAGO)


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
    utc = BookingSettings(timezone="UTC")
    noon_utc = dt.datetime(2026, 12, 1, 18, 30, tzinfo=dt.UTC)  # 12:30 in Chicago
    late_utc = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)  # still Dec 1 in Chicago

    assert rules.open_slots(dt.date(2026, 12, 1), DEFAULTS, noon_utc)[0] == "13:00"
    assert rules.date_errors(dt.date(2026, 12, 1), DEFAULTS, late_utc) == []
    assert rules.date_errors(dt.date(2026, 12, 1), utc, late_utc) == [rules.DATE_IN_PAST]


def test_the_restaurant_time_zone_defaults_to_chicago_and_comes_from_the_shared_variable() -> None:
    assert DEFAULTS.timezone == DEFAULT_TIME_ZONE == "America/Chicago"
    assert settings_from_env({TIME_ZONE_VARIABLE: "Europe/Berlin"}).timezone == "Europe/Berlin"
    assert settings_from_env({}).zone == CHICAGO


# Just past midnight UTC it is still the evening before in Chicago (CST is UTC-6).
AFTER_MIDNIGHT_UTC = dt.datetime(2026, 12, 2, 2, 30, tzinfo=dt.UTC)  # Dec 1, 20:30 Chicago


def test_after_midnight_utc_today_is_still_the_day_before_in_chicago() -> None:
    dec_1, dec_2 = dt.date(2026, 12, 1), dt.date(2026, 12, 2)

    assert rules.date_errors(dec_1, DEFAULTS, AFTER_MIDNIGHT_UTC) == []
    assert rules.open_slots(dec_1, DEFAULTS, AFTER_MIDNIGHT_UTC) == ("21:00",)
    assert rules.open_slots(dec_2, DEFAULTS, AFTER_MIDNIGHT_UTC)[0] == "12:00"
    assert rules.booking_errors(
        request(date=dec_1, slot="20:00"), DEFAULTS, AFTER_MIDNIGHT_UTC
    ) == {"slot": [rules.SLOT_STARTED]}
    assert (
        rules.booking_errors(request(date=dec_1, slot="21:00"), DEFAULTS, AFTER_MIDNIGHT_UTC) == {}
    )


def test_too_far_ahead_counts_from_the_chicago_day_not_the_utc_day() -> None:
    last = dt.date(2026, 12, 1) + dt.timedelta(days=60)  # 60 days after Chicago's today

    assert rules.date_errors(last, DEFAULTS, AFTER_MIDNIGHT_UTC) == []
    assert rules.date_errors(last + dt.timedelta(days=1), DEFAULTS, AFTER_MIDNIGHT_UTC) == [
        rules.DATE_TOO_FAR.format(days=60)
    ]
    # on UTC's clock the same instant is a day later: that date would be bookable
    utc = BookingSettings(timezone="UTC")
    assert rules.date_errors(last + dt.timedelta(days=1), utc, AFTER_MIDNIGHT_UTC) == []


def test_a_slot_starts_at_its_chicago_time_across_the_daylight_saving_change() -> None:
    # 2027-03-14: Chicago moves to CDT (UTC-5); 18:00 there is 23:00 UTC, not 00:00
    spring = dt.date(2027, 3, 14)
    just_before = dt.datetime(2027, 3, 14, 22, 59, tzinfo=dt.UTC)

    assert not rules.slot_started(spring, "18:00", DEFAULTS, just_before)
    assert rules.slot_started(spring, "18:00", DEFAULTS, just_before + dt.timedelta(minutes=1))


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
            "RESTAURANT_TIME_ZONE": "Europe/Berlin",
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
        ({"RESTAURANT_TIME_ZONE": "Mars/Olympus"}, "RESTAURANT_TIME_ZONE"),
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


# --- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "manager"),
    [
        ({"role": "manager", "groups": "[]"}, True),  # an admin: the api's effective role
        ({"role": "customer", "groups": "[manager]"}, False),  # the role claim wins
        ({"role": "delivery-crew"}, False),
        ({"groups": "[manager]"}, True),  # a token from before the role claim
        ({"role": "superuser", "groups": "[]"}, False),  # unknown values grant nothing
        ({"role": "superuser", "groups": "[manager]"}, True),
    ],
)
def test_managers_are_known_by_the_role_claim(claims: dict[str, str], manager: bool) -> None:
    assert caller_from_claims({"sub": "7", **claims}).is_manager is manager


# --- status changes by managers ---------------------------------------------------------------


def booking(status: BookingStatus = "confirmed", *, day: dt.date, slot: str = "18:00") -> Booking:
    return Booking(
        id="b",
        date=day,
        slot=slot,
        guests=2,
        name="Ada",
        status=status,
        user_id="3",
        username="ada",
        created_at=NOW,
    )


TODAY = NOW.date()  # Dec 1 in Chicago, 18:30: the 18:00 slot has started, 19:00 has not
TOMORROW = TODAY + dt.timedelta(days=1)
YESTERDAY = TODAY - dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("current", "day", "slot", "wanted", "error"),
    [
        ("confirmed", TODAY, "18:00", "seated", None),
        ("confirmed", TODAY, "19:00", "seated", None),  # early guests
        ("confirmed", TOMORROW, "18:00", "seated", rules.SEATED_BEFORE_THE_DAY),
        ("confirmed", YESTERDAY, "18:00", "seated", None),  # recorded the morning after
        ("confirmed", TODAY, "18:00", "no_show", None),
        ("confirmed", TODAY, "19:00", "no_show", rules.NO_SHOW_BEFORE_THE_SLOT),
        ("confirmed", TOMORROW, "12:00", "no_show", rules.NO_SHOW_BEFORE_THE_SLOT),
        ("confirmed", TOMORROW, "18:00", "cancelled", None),
        ("seated", TODAY, "18:00", "no_show", None),  # a slip corrected on the day
        ("no_show", TODAY, "18:00", "seated", None),  # they came late after all
        ("seated", YESTERDAY, "18:00", "no_show", rules.OUTCOME_IS_FINAL),
        ("no_show", YESTERDAY, "18:00", "seated", rules.OUTCOME_IS_FINAL),
        ("seated", TODAY, "18:00", "cancelled", rules.CANCEL_AFTER_OUTCOME),
        ("no_show", TODAY, "18:00", "cancelled", rules.CANCEL_AFTER_OUTCOME),
        ("cancelled", TODAY, "18:00", "seated", rules.STATUS_OF_CANCELLED),
        ("cancelled", TODAY, "18:00", "no_show", rules.STATUS_OF_CANCELLED),
        ("cancelled", TOMORROW, "18:00", "cancelled", None),  # unchanged: a retry
        ("seated", YESTERDAY, "18:00", "seated", None),  # unchanged: a retry
    ],
)
def test_status_changes_follow_the_rules_on_the_restaurants_clock(
    current: BookingStatus, day: dt.date, slot: str, wanted: StaffStatus, error: str | None
) -> None:
    assert (
        rules.status_change_error(booking(current, day=day, slot=slot), wanted, DEFAULTS, NOW)
        == error
    )


def test_the_day_of_a_booking_ends_at_midnight_in_chicago_not_utc() -> None:
    seated = booking("seated", day=dt.date(2026, 12, 1))

    # 02:30 UTC on Dec 2 is still Dec 1 in Chicago: the slip can still be corrected
    assert rules.status_change_error(seated, "no_show", DEFAULTS, AFTER_MIDNIGHT_UTC) is None
    utc = BookingSettings(timezone="UTC")
    assert rules.status_change_error(seated, "no_show", utc, AFTER_MIDNIGHT_UTC) == (
        rules.OUTCOME_IS_FINAL
    )
    # and seating tomorrow's booking waits for midnight in Chicago
    tomorrow = booking(day=dt.date(2026, 12, 2))
    assert rules.status_change_error(tomorrow, "seated", DEFAULTS, AFTER_MIDNIGHT_UTC) == (
        rules.SEATED_BEFORE_THE_DAY
    )

"""Per-user limits (upcoming bookings, guests per day) and what names and notes may hold.

Every test runs on moto and on DynamoDB Local, as the handler tests do.
"""

from __future__ import annotations

import datetime as dt

import pytest

from littlelemon.bookings import errors, wiring
from littlelemon.bookings.models import INVISIBLE_CHARACTER_MESSAGE
from tests.bookings.helpers import OTHER_CUSTOMER, Table, a_day, body_of, http_event
from tests.bookings.test_handlers import availability, book, call, cancel, listing


@pytest.fixture
def limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOKINGS_MAX_ACTIVE_PER_USER", "2")
    monkeypatch.setenv("BOOKINGS_MAX_GUESTS_PER_USER_PER_DAY", "6")
    wiring.reset()


def test_guests_per_day_are_limited_per_user_with_the_guests_left_in_the_message(
    table: Table, limits: None
) -> None:
    assert book(guests=4, slot="18:00")["statusCode"] == 201

    refused = book(guests=3, slot="20:00")

    assert refused["statusCode"] == 409
    message = errors.TOO_MANY_GUESTS.format(limit=6, left=2, date=a_day().isoformat())
    assert body_of(refused) == {
        "detail": message,
        "code": "too_many_guests",
        "limit": 6,
        "left": 2,
        "guests": [message],
    }
    assert book(guests=2, slot="20:00")["statusCode"] == 201  # exactly up to the limit
    assert book(OTHER_CUSTOMER, guests=6)["statusCode"] == 201  # another user's own budget
    assert len(body_of(listing())["results"]) == 2


def test_upcoming_bookings_are_limited_per_user_and_a_cancellation_frees_one(
    table: Table, limits: None
) -> None:
    first = body_of(book(day=a_day(3)))
    assert book(day=a_day(4))["statusCode"] == 201

    refused = book(day=a_day(5))

    assert refused["statusCode"] == 409
    assert body_of(refused)["detail"] == errors.TOO_MANY_BOOKINGS.format(limit=2)
    assert body_of(refused)["code"] == "too_many_bookings"
    assert cancel(first["id"])["statusCode"] == 200
    assert book(day=a_day(5))["statusCode"] == 201
    assert len([b for b in body_of(listing())["results"] if b["status"] == "confirmed"]) == 2


def test_availability_shows_the_callers_limits_before_they_are_reached(
    table: Table, limits: None
) -> None:
    assert book(guests=4)["statusCode"] == 201

    mine = body_of(availability(a_day()))["limits"]
    theirs = body_of(availability(a_day(), OTHER_CUSTOMER))["limits"]

    assert mine == {
        "max_active_bookings": 2,
        "active_bookings": 1,
        "max_guests_per_day": 6,
        "guests_on_date": 4,
    }
    assert theirs["active_bookings"] == theirs["guests_on_date"] == 0


def test_the_default_limits_stop_one_customer_booking_out_a_day(table: Table) -> None:
    slots = ["12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00", "19:00"]

    statuses = [book(guests=12, slot=slot)["statusCode"] for slot in slots]

    assert statuses[:2] == [201, 201]  # 24 guests, the default per day
    assert set(statuses[2:]) == {409}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Ada\x00"),
        ("name", "Ada\x07Lovelace"),
        ("name", "Ada\u202eecalevol"),  # right-to-left override
        ("name", "Ada\u2066x\u2069"),  # isolates
        ("name", "Ada\u200b"),  # zero-width space
        ("name", "\ufeffAda"),  # byte order mark
        ("note", "window seat\x00"),
        ("note", "high chair\u200d please"),  # zero-width joiner
    ],
)
def test_control_and_invisible_characters_in_names_and_notes_are_400_and_store_nothing(
    table: Table, field: str, value: str
) -> None:
    response = book(**{field: value})

    assert response["statusCode"] == 400
    assert body_of(response)[field] == [INVISIBLE_CHARACTER_MESSAGE]
    assert body_of(listing())["results"] == []


def test_a_lone_surrogate_in_a_name_is_400_not_a_500(table: Table) -> None:
    day = a_day().isoformat()
    raw = '{"date": "' + day + '", "slot": "18:00", "guests": 2, "name": "Ada \\ud800"}'

    response = call("create", http_event("POST", "/bookings", body=raw))

    assert response["statusCode"] == 400  # pydantic refuses it as JSON that is not UTF-8
    assert body_of(listing())["results"] == []


def test_a_note_keeps_its_line_breaks_and_accents(table: Table) -> None:
    note = "Birthday:\n\tcandles, please — café au lait"

    response = book(note=note, name="Zoë Ångström")

    assert response["statusCode"] == 201
    assert body_of(response)["note"] == note
    assert body_of(listing())["results"][0]["name"] == "Zoë Ångström"


def test_a_day_before_today_no_longer_counts_as_upcoming(
    table: Table, limits: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert book(day=a_day(1))["statusCode"] == 201
    assert book(day=a_day(2))["statusCode"] == 201
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    monkeypatch.setattr("littlelemon.bookings.services.utc_now", lambda: later)

    assert book(day=a_day(5))["statusCode"] == 201

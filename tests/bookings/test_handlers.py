"""The six bookings functions end to end at the handler: real-shaped events in, HTTP answers out.

Every test runs twice: on moto and on DynamoDB Local (AWS's own emulator).
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib
import json
import uuid
from collections import Counter
from typing import Any

import pytest

from littlelemon.bookings import errors, references, rules, wiring
from littlelemon.bookings.http import INVALID_JSON, REQUIRED
from littlelemon.bookings.models import DATE_FORMAT_MESSAGE, DATE_INVALID_MESSAGE, Booking
from littlelemon.bookings.repository import REFERENCE_ATTEMPTS, RepositoryError
from littlelemon.bookings.settings import BookingSettings
from tests.bookings.helpers import (
    ADMIN,
    CREW,
    CUSTOMER,
    MANAGER,
    OTHER_CUSTOMER,
    FakeLambdaContext,
    Table,
    a_day,
    body_of,
    http_event,
)

HANDLERS = "littlelemon.bookings.handlers"


def call(function: str, event: dict[str, Any]) -> dict[str, Any]:
    handler = importlib.import_module(f"{HANDLERS}.{function}").handler
    response: dict[str, Any] = handler(event, FakeLambdaContext())
    return response


def book(
    identity: dict[str, str] = CUSTOMER,
    *,
    day: dt.date | None = None,
    slot: str = "18:00",
    guests: int = 2,
    name: str = "Ada",
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    body = {"date": (day or a_day()).isoformat(), "slot": slot, "guests": guests, "name": name}
    return call(
        "create",
        http_event("POST", "/bookings", identity=identity, body={**body, **extra}, headers=headers),
    )


def availability(day: dt.date, identity: dict[str, str] = CUSTOMER) -> dict[str, Any]:
    return call(
        "availability",
        http_event(
            "GET", "/bookings/availability", identity=identity, query={"date": day.isoformat()}
        ),
    )


def slot_of(day: dt.date, slot: str) -> dict[str, Any]:
    slots = body_of(availability(day))["slots"]
    return next(entry for entry in slots if entry["slot"] == slot)


def on_booking(
    function: str, method: str, booking_id: str, identity: dict[str, str]
) -> dict[str, Any]:
    """Call a `/bookings/{id}` function for `booking_id`."""
    event = http_event(
        method,
        "/bookings/{id}",
        path=f"/bookings/{booking_id}",
        identity=identity,
        path_parameters={"id": booking_id},
    )
    return call(function, event)


def get(booking_id: str, identity: dict[str, str] = CUSTOMER) -> dict[str, Any]:
    return on_booking("get", "GET", booking_id, identity)


def cancel(booking_id: str, identity: dict[str, str] = CUSTOMER) -> dict[str, Any]:
    return on_booking("cancel", "DELETE", booking_id, identity)


def mark(booking_id: str, status: Any, identity: dict[str, str] = MANAGER) -> dict[str, Any]:
    event = http_event(
        "PATCH",
        "/bookings/{id}",
        path=f"/bookings/{booking_id}",
        identity=identity,
        path_parameters={"id": booking_id},
        body={"status": status} if not isinstance(status, dict) else status,
    )
    return call("status", event)


def listing(identity: dict[str, str] = CUSTOMER, day: dt.date | None = None) -> dict[str, Any]:
    query = {"date": day.isoformat()} if day else None
    return call("list", http_event("GET", "/bookings", identity=identity, query=query))


# --- availability ---------------------------------------------------------------------------


def test_availability_lists_every_slot_of_the_day_with_full_capacity(table: Table) -> None:
    response = availability(a_day())

    assert response["statusCode"] == 200
    assert response["headers"]["content-type"] == "application/json"
    body = body_of(response)
    assert body["date"] == a_day().isoformat()
    assert [entry["slot"] for entry in body["slots"]] == list(rules.slot_times(BookingSettings()))
    assert body["slots"][0] == {"slot": "12:00", "capacity": 20, "booked": 0, "available": 20}


def test_availability_counts_booked_seats(table: Table) -> None:
    assert book(guests=4)["statusCode"] == 201

    assert slot_of(a_day(), "18:00") == {
        "slot": "18:00",
        "capacity": 20,
        "booked": 4,
        "available": 16,
    }
    assert slot_of(a_day(), "19:00")["booked"] == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, REQUIRED),
        ({"date": "01-12-2026"}, DATE_FORMAT_MESSAGE),
        ({"date": "1733011200"}, DATE_FORMAT_MESSAGE),
        ({"date": "2026-02-30"}, DATE_INVALID_MESSAGE),
    ],
)
def test_availability_without_a_valid_date_is_400_by_field(
    table: Table, query: dict[str, str], message: str | None
) -> None:
    response = call(
        "availability", http_event("GET", "/bookings/availability", query=query or None)
    )

    assert response["statusCode"] == 400
    body = body_of(response)
    assert body["detail"] == errors.INVALID_INPUT
    assert len(body["date"]) == 1
    if message:
        assert body["date"] == [message]


def test_availability_of_a_past_date_is_400(table: Table) -> None:
    response = availability(a_day(-1))

    assert response["statusCode"] == 400
    assert body_of(response)["date"] == [rules.DATE_IN_PAST]


# --- create ---------------------------------------------------------------------------------


def test_create_books_a_table_for_the_caller_from_the_claims(table: Table) -> None:
    response = book(guests=3, note="window seat", user_id="999", username="mallory")

    assert response["statusCode"] == 201
    booking = body_of(response)
    assert response["headers"]["location"] == f"/bookings/{booking['id']}"
    assert booking == {
        "id": booking["id"],
        "reference": booking["reference"],
        "date": a_day().isoformat(),
        "slot": "18:00",
        "guests": 3,
        "name": "Ada",
        "note": "window seat",
        "status": "confirmed",
        "user_id": CUSTOMER["sub"],
        "username": CUSTOMER["username"],
        "created_at": booking["created_at"],
    }
    assert references.normalized_reference(booking["reference"]) == booking["reference"]
    created = dt.datetime.fromisoformat(booking["created_at"])
    assert abs(dt.datetime.now(dt.UTC) - created) < dt.timedelta(minutes=1)
    assert body_of(get(booking["id"])) == booking


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"guests": 0}, "guests", rules.GUESTS_OUT_OF_RANGE.format(minimum=1, maximum=12)),
        ({"guests": 13}, "guests", rules.GUESTS_OUT_OF_RANGE.format(minimum=1, maximum=12)),
        ({"guests": "4"}, "guests", None),
        ({"guests": 2.5}, "guests", None),
        ({"slot": "18:30"}, "slot", None),
        ({"slot": "6pm"}, "slot", None),
        ({"name": "   "}, "name", None),
        ({"date": "tomorrow"}, "date", DATE_FORMAT_MESSAGE),
        ({"date": "2020-01-01"}, "date", rules.DATE_IN_PAST),
        ({"date": "2099-01-01"}, "date", rules.DATE_TOO_FAR.format(days=60)),
        ({"note": "x" * 501}, "note", None),
    ],
)
def test_create_with_invalid_input_is_400_by_field_and_stores_nothing(
    table: Table, changes: dict[str, Any], field: str, message: str | None
) -> None:
    response = book(**changes)

    assert response["statusCode"] == 400
    body = body_of(response)
    assert body["detail"] == errors.INVALID_INPUT
    assert set(body) - {"detail", "code"} == {field}
    if message:
        assert body[field] == [message]
    assert body_of(listing())["results"] == []


def test_create_lists_every_missing_field(table: Table) -> None:
    response = call("create", http_event("POST", "/bookings", body={}))

    assert response["statusCode"] == 400
    body = body_of(response)
    for field in ("date", "slot", "guests", "name"):
        assert body[field] == [REQUIRED]


@pytest.mark.parametrize("raw", ["", "not json", "[1, 2]", '"text"'])
def test_create_with_a_body_that_is_no_json_object_is_400(table: Table, raw: str) -> None:
    response = call("create", http_event("POST", "/bookings", body=raw))

    assert response["statusCode"] == 400
    assert body_of(response)["non_field_errors"] == [INVALID_JSON]


@pytest.mark.parametrize("encoded", ["//79", "not base64!"])
def test_create_with_an_undecodable_base64_body_is_400(table: Table, encoded: str) -> None:
    event = http_event("POST", "/bookings", body=encoded)
    event["isBase64Encoded"] = True

    response = call("create", event)

    assert response["statusCode"] == 400
    assert body_of(response)["non_field_errors"] == [INVALID_JSON]


def test_create_accepts_a_base64_encoded_json_body(table: Table) -> None:
    body = {"date": a_day().isoformat(), "slot": "18:00", "guests": 2, "name": "Ada"}
    event = http_event(
        "POST", "/bookings", body=base64.b64encode(json.dumps(body).encode()).decode()
    )
    event["isBase64Encoded"] = True

    assert call("create", event)["statusCode"] == 201


def test_create_without_claims_is_401(table: Table) -> None:
    event = http_event("POST", "/bookings", identity=None, body={"date": "x"})

    response = call("create", event)

    assert response["statusCode"] == 401
    assert body_of(response)["detail"] == errors.NOT_AUTHENTICATED


def test_create_beyond_capacity_is_409_with_seats_left_and_stores_nothing(table: Table) -> None:
    assert book(guests=12)["statusCode"] == 201
    assert book(OTHER_CUSTOMER, guests=5)["statusCode"] == 201

    response = book(guests=4)

    assert response["statusCode"] == 409
    assert body_of(response) == {
        "detail": errors.SLOT_FULL.format(available=3),
        "code": "slot_full",
        "available": 3,
    }
    assert slot_of(a_day(), "18:00")["booked"] == 17
    assert len(body_of(listing())["results"]) == 1


def test_create_fills_a_slot_exactly(table: Table) -> None:
    assert book(guests=12)["statusCode"] == 201
    assert book(guests=8)["statusCode"] == 201

    assert slot_of(a_day(), "18:00")["available"] == 0
    assert body_of(book(guests=1))["available"] == 0


def test_seats_per_slot_is_configurable(table: Table, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOOKINGS_SEATS_PER_SLOT", "6")
    rules_settings = importlib.import_module("littlelemon.bookings.settings")
    rules_settings.get_settings.cache_clear()

    assert slot_of(a_day(), "18:00")["capacity"] == 6
    assert book(guests=6)["statusCode"] == 201
    assert body_of(book(guests=1))["available"] == 0


def test_a_party_larger_than_a_whole_slot_is_409_with_the_seats_left(
    table: Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOOKINGS_SEATS_PER_SLOT", "6")
    wiring.reset()
    assert book(guests=2)["statusCode"] == 201

    response = book(guests=8)

    assert response["statusCode"] == 409
    assert body_of(response)["available"] == 4
    assert slot_of(a_day(), "18:00")["booked"] == 2


# --- idempotency ----------------------------------------------------------------------------


def test_create_retried_with_the_same_idempotency_key_returns_the_same_booking(
    table: Table,
) -> None:
    first = book(guests=2, headers={"Idempotency-Key": "retry-1"})
    again = book(guests=2, headers={"Idempotency-Key": "retry-1"})

    assert first["statusCode"] == again["statusCode"] == 201
    assert body_of(again) == body_of(first)
    assert len(body_of(listing())["results"]) == 1
    assert slot_of(a_day(), "18:00")["booked"] == 2


def metrics_emitted(output: str) -> Counter[str]:
    """Names of the CloudWatch EMF metrics in `output` (one JSON document a line)."""
    emitted: Counter[str] = Counter()
    for line in output.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            for definition in json.loads(line)["_aws"]["CloudWatchMetrics"]:
                emitted.update(metric["Name"] for metric in definition["Metrics"])
    return emitted


def test_metrics_count_creations_once_and_rejections_by_reason(
    table: Table, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    book(guests=12, headers={"Idempotency-Key": "m"})
    book(guests=12, headers={"Idempotency-Key": "m"})  # replayed: not a second creation
    book(guests=12)  # slot full
    book(guests=0)  # invalid

    assert metrics_emitted(capsys.readouterr().out) == {
        "BookingsCreated": 1,
        "BookingsRejected": 2,
    }


def test_idempotency_key_reused_with_another_body_is_422_and_books_nothing(
    table: Table,
) -> None:
    assert book(guests=2, headers={"Idempotency-Key": "k"})["statusCode"] == 201

    response = book(guests=5, headers={"Idempotency-Key": "k"})

    assert response["statusCode"] == 422
    assert body_of(response)["detail"] == errors.IDEMPOTENCY_KEY_REUSED
    assert slot_of(a_day(), "18:00")["booked"] == 2


def test_idempotency_keys_are_per_user(table: Table) -> None:
    mine = body_of(book(CUSTOMER, headers={"Idempotency-Key": "same"}))
    theirs = body_of(book(OTHER_CUSTOMER, headers={"Idempotency-Key": "same"}))

    assert mine["id"] != theirs["id"]
    assert theirs["user_id"] == OTHER_CUSTOMER["sub"]
    assert slot_of(a_day(), "18:00")["booked"] == 4


def test_a_rejected_request_can_be_retried_with_its_key(table: Table) -> None:
    assert book(OTHER_CUSTOMER, guests=12)["statusCode"] == 201
    assert book(OTHER_CUSTOMER, guests=8)["statusCode"] == 201
    assert book(guests=2, headers={"Idempotency-Key": "later"})["statusCode"] == 409
    booking = body_of(listing(OTHER_CUSTOMER))["results"][1]
    assert cancel(booking["id"], OTHER_CUSTOMER)["statusCode"] == 200

    assert book(guests=2, headers={"Idempotency-Key": "later"})["statusCode"] == 201


def test_an_overlong_idempotency_key_is_400(table: Table) -> None:
    response = book(headers={"Idempotency-Key": "k" * 256})

    assert response["statusCode"] == 400
    assert "Idempotency-Key" in body_of(response)


# --- list and get ---------------------------------------------------------------------------


def test_list_answers_only_the_callers_bookings_in_date_order(table: Table) -> None:
    later = body_of(book(day=a_day(9), slot="13:00"))
    sooner = body_of(book(day=a_day(3), slot="20:00"))
    book(OTHER_CUSTOMER)

    response = listing()

    assert response["statusCode"] == 200
    assert [booking["id"] for booking in body_of(response)["results"]] == [
        sooner["id"],
        later["id"],
    ]


def test_manager_lists_every_booking_of_a_date(table: Table) -> None:
    mine = body_of(book(CUSTOMER, slot="19:00"))
    theirs = body_of(book(OTHER_CUSTOMER, slot="18:00"))
    book(OTHER_CUSTOMER, day=a_day(8))

    results = body_of(listing(MANAGER, day=a_day()))["results"]

    assert [booking["id"] for booking in results] == [theirs["id"], mine["id"]]


def test_customer_listing_a_date_sees_only_their_own(table: Table) -> None:
    mine = body_of(book(CUSTOMER))
    book(CUSTOMER, day=a_day(8))
    book(OTHER_CUSTOMER)

    results = body_of(listing(CUSTOMER, day=a_day()))["results"]

    assert [booking["id"] for booking in results] == [mine["id"]]


def test_delivery_crew_is_no_manager(table: Table) -> None:
    book(CUSTOMER)

    assert body_of(listing(CREW, day=a_day()))["results"] == []


def test_list_with_a_bad_date_is_400(table: Table) -> None:
    response = call("list", http_event("GET", "/bookings", query={"date": "soon"}))

    assert response["statusCode"] == 400
    assert body_of(response)["date"] == [DATE_FORMAT_MESSAGE]


def test_someone_elses_booking_is_404_and_a_managers_200(table: Table) -> None:
    booking = body_of(book(CUSTOMER))

    assert get(booking["id"], OTHER_CUSTOMER)["statusCode"] == 404
    assert body_of(get(booking["id"], OTHER_CUSTOMER))["detail"] == errors.NOT_FOUND
    assert get(booking["id"], CREW)["statusCode"] == 404
    assert body_of(get(booking["id"], MANAGER)) == booking


@pytest.mark.parametrize("booking_id", ["00000000-0000-4000-8000-000000000000", "nope", "1"])
def test_unknown_booking_is_404(table: Table, booking_id: str) -> None:
    assert get(booking_id)["statusCode"] == 404
    assert cancel(booking_id)["statusCode"] == 404


# --- cancel ---------------------------------------------------------------------------------


def test_cancel_frees_the_seats_and_is_idempotent(table: Table) -> None:
    booking = body_of(book(guests=5))

    first = cancel(booking["id"])
    again = cancel(booking["id"])

    assert first["statusCode"] == again["statusCode"] == 200
    assert body_of(first) == {**booking, "status": "cancelled"}
    assert body_of(again) == body_of(first)
    assert slot_of(a_day(), "18:00")["booked"] == 0
    assert body_of(get(booking["id"]))["status"] == "cancelled"


def test_a_repeated_cancel_counts_one_cancellation(
    table: Table, capsys: pytest.CaptureFixture[str]
) -> None:
    booking = body_of(book())
    capsys.readouterr()

    cancel(booking["id"])
    cancel(booking["id"])

    assert metrics_emitted(capsys.readouterr().out) == {"BookingsCancelled": 1}


def test_cancel_then_rebook_uses_the_freed_seats(table: Table) -> None:
    first = body_of(book(guests=12))
    assert book(OTHER_CUSTOMER, guests=8)["statusCode"] == 201
    assert book(guests=12)["statusCode"] == 409

    assert cancel(first["id"])["statusCode"] == 200
    rebooked = book(guests=12)

    assert rebooked["statusCode"] == 201
    assert slot_of(a_day(), "18:00") == {
        "slot": "18:00",
        "capacity": 20,
        "booked": 20,
        "available": 0,
    }


def test_customer_cannot_cancel_someone_elses_booking(table: Table) -> None:
    booking = body_of(book(CUSTOMER, guests=3))

    response = cancel(booking["id"], OTHER_CUSTOMER)

    assert response["statusCode"] == 404
    assert body_of(get(booking["id"]))["status"] == "confirmed"
    assert slot_of(a_day(), "18:00")["booked"] == 3


def test_manager_can_cancel_any_booking(table: Table) -> None:
    booking = body_of(book(CUSTOMER, guests=3))

    response = cancel(booking["id"], MANAGER)

    assert response["statusCode"] == 200
    assert body_of(response)["status"] == "cancelled"
    assert slot_of(a_day(), "18:00")["booked"] == 0


def test_a_refresh_token_neither_books_nor_lists_and_writes_nothing(table: Table) -> None:
    refresh = {**CUSTOMER, "token_type": "refresh"}
    refused = book(refresh)
    assert refused["statusCode"] == 401
    assert body_of(refused)["detail"] == errors.NOT_AUTHENTICATED
    assert listing(refresh)["statusCode"] == 401
    assert body_of(listing(CUSTOMER))["results"] == []
    assert book(CUSTOMER)["statusCode"] == 201  # the access token of the same user books


# --- references -----------------------------------------------------------------------------


def test_every_booking_gets_its_own_reference_and_can_be_found_by_it(table: Table) -> None:
    made = [body_of(book(guests=1, slot=slot)) for slot in ("12:00", "13:00", "14:00")]

    assert len({booking["reference"] for booking in made}) == 3
    for booking in made:
        assert body_of(get(booking["reference"], MANAGER)) == booking
        assert body_of(get(booking["reference"].lower())) == booking  # the owner, typed
    assert [b["reference"] for b in body_of(listing())["results"]] == [b["reference"] for b in made]


def test_someone_elses_reference_is_404_like_an_unknown_one(table: Table) -> None:
    booking = body_of(book(CUSTOMER))

    assert get(booking["reference"], OTHER_CUSTOMER)["statusCode"] == 404
    assert body_of(get("ACD347", MANAGER)) == {"detail": errors.NOT_FOUND, "code": "not_found"}


def test_a_taken_reference_is_drawn_again_and_both_bookings_keep_their_own(
    table: Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = iter(["ACD347", "ACD347", "ACD349"])
    monkeypatch.setattr("littlelemon.bookings.repository.new_reference", lambda: next(draws))

    first = body_of(book(guests=2))
    second = body_of(book(OTHER_CUSTOMER, guests=3))

    assert (first["reference"], second["reference"]) == ("ACD347", "ACD349")
    assert body_of(get("ACD347", MANAGER))["id"] == first["id"]
    assert body_of(get("ACD349", MANAGER))["id"] == second["id"]
    # the attempt that collided wrote nothing: the seats were counted once per booking
    assert slot_of(a_day(), "18:00")["booked"] == 5


def test_a_full_slot_is_409_even_when_the_reference_is_taken_too(
    table: Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("littlelemon.bookings.repository.new_reference", lambda: "ACD347")
    assert book(guests=12)["statusCode"] == 201

    response = book(OTHER_CUSTOMER, guests=9)

    assert response["statusCode"] == 409
    assert body_of(response)["available"] == 8


def test_a_generator_that_only_repeats_itself_stops_and_stores_nothing(
    table: Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("littlelemon.bookings.repository.new_reference", lambda: "ACD347")
    assert book(guests=2)["statusCode"] == 201
    draws = 0

    def same() -> str:
        nonlocal draws
        draws += 1
        return "ACD347"

    with pytest.raises(RepositoryError, match="no free reference"):
        wiring.repository().booking_add(
            Booking.model_validate({**body_of(get("ACD347")), "id": str(uuid.uuid4())}),
            capacity=20,
            draw_reference=same,
        )
    assert draws == REFERENCE_ATTEMPTS
    assert slot_of(a_day(), "18:00")["booked"] == 2
    assert len(body_of(listing())["results"]) == 1


# --- manager marks: PATCH /bookings/{id} ----------------------------------------------------


def restaurant_time(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BookingSettings().zone)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Move the functions' clock: `clock(day, hour, minute)` on the restaurant's time."""

    def move(day: dt.date, hour: int, minute: int = 0) -> None:
        at = restaurant_time(day, hour, minute)
        monkeypatch.setattr("littlelemon.bookings.services.utc_now", lambda: at)

    return move


def test_a_manager_seats_guests_once_their_slot_has_come(table: Table, clock: Any) -> None:
    booking = body_of(book(day=a_day(1), slot="18:00", guests=4))
    clock(a_day(1), 18, 10)

    response = mark(booking["id"], "seated")

    assert response["statusCode"] == 200
    assert body_of(response) == {**booking, "status": "seated"}
    assert body_of(get(booking["id"]))["status"] == "seated"
    assert body_of(listing(MANAGER, a_day(1)))["slots"][6] == {
        "slot": "18:00",
        "capacity": 20,
        "booked": 4,  # seated guests keep their seats
        "available": 16,
        "seated": 4,
        "bookings": 1,
    }


def test_an_admin_is_a_manager_by_the_role_claim(table: Table) -> None:
    booking = body_of(book(day=a_day(2)))

    response = mark(booking["id"], "cancelled", ADMIN)

    assert response["statusCode"] == 200
    assert body_of(response)["status"] == "cancelled"


@pytest.mark.parametrize("identity", [CUSTOMER, OTHER_CUSTOMER, CREW])
def test_only_managers_may_mark_a_booking(table: Table, identity: dict[str, str]) -> None:
    booking = body_of(book(day=a_day(2), guests=3))

    response = mark(booking["id"], "cancelled", identity)

    assert response["statusCode"] == 403
    assert body_of(response) == {"detail": errors.MANAGERS_ONLY, "code": "permission_denied"}
    assert body_of(get(booking["id"]))["status"] == "confirmed"
    assert slot_of(a_day(2), "18:00")["booked"] == 3


def test_seating_before_the_day_is_409_and_changes_nothing(table: Table) -> None:
    booking = body_of(book(day=a_day(3)))

    response = mark(booking["id"], "seated")

    assert response["statusCode"] == 409
    assert body_of(response) == {
        "detail": rules.SEATED_BEFORE_THE_DAY,
        "code": "status_conflict",
        "current_status": "confirmed",
    }
    assert body_of(get(booking["id"]))["status"] == "confirmed"


def test_a_no_show_before_the_slot_started_is_409(table: Table, clock: Any) -> None:
    booking = body_of(book(day=a_day(1), slot="20:00"))
    clock(a_day(1), 19, 59)

    assert body_of(mark(booking["id"], "no_show"))["detail"] == rules.NO_SHOW_BEFORE_THE_SLOT
    clock(a_day(1), 20, 0)
    assert body_of(mark(booking["id"], "no_show"))["status"] == "no_show"


def test_a_slip_is_corrected_on_the_day_but_final_the_day_after(table: Table, clock: Any) -> None:
    booking = body_of(book(day=a_day(1), slot="19:00"))
    clock(a_day(1), 19, 30)
    assert body_of(mark(booking["id"], "seated"))["status"] == "seated"
    assert body_of(mark(booking["id"], "no_show"))["status"] == "no_show"
    assert body_of(mark(booking["id"], "seated"))["status"] == "seated"

    clock(a_day(2), 0, 5)  # just past midnight in Chicago (06:05 UTC, or 05:05 in summer)
    response = mark(booking["id"], "no_show")

    assert response["statusCode"] == 409
    assert body_of(response)["detail"] == rules.OUTCOME_IS_FINAL
    assert body_of(get(booking["id"]))["status"] == "seated"


def test_a_manager_cancel_frees_the_seats_and_then_nothing_changes_it(
    table: Table, capsys: pytest.CaptureFixture[str]
) -> None:
    booking = body_of(book(day=a_day(2), guests=6))
    capsys.readouterr()

    first = mark(booking["id"], "cancelled")
    again = mark(booking["id"], "cancelled")
    seated = mark(booking["id"], "seated")

    assert first["statusCode"] == again["statusCode"] == 200
    assert body_of(first) == body_of(again) == {**booking, "status": "cancelled"}
    assert seated["statusCode"] == 409
    assert body_of(seated)["detail"] == rules.STATUS_OF_CANCELLED
    assert slot_of(a_day(2), "18:00")["booked"] == 0
    assert metrics_emitted(capsys.readouterr().out) == {"BookingsCancelled": 1}


def test_seated_guests_cannot_be_cancelled_by_anyone(table: Table, clock: Any) -> None:
    booking = body_of(book(day=a_day(1), slot="18:00", guests=2))
    clock(a_day(1), 18, 5)
    assert mark(booking["id"], "seated")["statusCode"] == 200

    by_owner = cancel(booking["id"])
    by_manager = mark(booking["id"], "cancelled")

    assert by_owner["statusCode"] == by_manager["statusCode"] == 409
    assert (
        body_of(by_owner)["detail"] == body_of(by_manager)["detail"] == (rules.CANCEL_AFTER_OUTCOME)
    )
    assert body_of(get(booking["id"]))["status"] == "seated"
    assert body_of(listing(MANAGER, a_day(1)))["slots"][6]["booked"] == 2


def test_a_booking_can_be_marked_by_its_reference(table: Table) -> None:
    booking = body_of(book(day=a_day(2)))

    response = mark(booking["reference"].lower(), "cancelled")

    assert response["statusCode"] == 200
    assert body_of(response)["id"] == booking["id"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({}, "status", REQUIRED),
        ({"status": "gone"}, "status", None),
        ({"status": "confirmed"}, "status", None),  # a booking is never un-cancelled
        ({"status": None}, "status", None),
        ({"status": "seated", "guests": 9}, "guests", None),
        ("not json", "non_field_errors", INVALID_JSON),
        ("[]", "non_field_errors", INVALID_JSON),
    ],
)
def test_marking_with_an_invalid_body_is_400_by_field_and_changes_nothing(
    table: Table, body: Any, field: str, message: str | None
) -> None:
    booking = body_of(book(day=a_day(2)))
    event = http_event(
        "PATCH",
        "/bookings/{id}",
        path=f"/bookings/{booking['id']}",
        identity=MANAGER,
        path_parameters={"id": booking["id"]},
        body=body,
    )

    response = call("status", event)

    assert response["statusCode"] == 400
    assert field in body_of(response)
    if message:
        assert body_of(response)[field] == [message]
    assert body_of(get(booking["id"])) == booking


@pytest.mark.parametrize("booking_id", ["00000000-0000-4000-8000-000000000000", "nope", "ACD347"])
def test_marking_an_unknown_booking_is_404(table: Table, booking_id: str) -> None:
    assert mark(booking_id, "seated")["statusCode"] == 404


# --- a manager's day ------------------------------------------------------------------------


def test_a_managers_day_has_seats_per_slot_beside_the_bookings(table: Table) -> None:
    book(CUSTOMER, day=a_day(4), slot="18:00", guests=3)
    book(OTHER_CUSTOMER, day=a_day(4), slot="18:00", guests=5)
    gone = body_of(book(OTHER_CUSTOMER, day=a_day(4), slot="19:00", guests=2))
    cancel(gone["id"], OTHER_CUSTOMER)

    body = body_of(listing(MANAGER, a_day(4)))

    assert body["date"] == a_day(4).isoformat()
    assert [entry["slot"] for entry in body["slots"]] == list(rules.slot_times(BookingSettings()))
    by_slot = {entry["slot"]: entry for entry in body["slots"]}
    assert by_slot["18:00"] == {
        "slot": "18:00",
        "capacity": 20,
        "booked": 8,
        "available": 12,
        "seated": 0,
        "bookings": 2,
    }
    assert by_slot["19:00"]["booked"] == 0  # the cancelled booking holds no seats
    assert len(body["results"]) == 3
    # the totals agree with the seat counters that guard new bookings
    assert slot_of(a_day(4), "18:00")["booked"] == by_slot["18:00"]["booked"]


def test_a_manager_steps_back_to_a_past_day_with_every_slot(table: Table, clock: Any) -> None:
    booking = body_of(book(day=a_day(1), slot="12:00", guests=2))
    clock(a_day(3), 9, 0)  # two days later: that day is in the past now

    body = body_of(listing(MANAGER, a_day(1)))

    assert [entry["id"] for entry in body["results"]] == [booking["id"]]
    assert body["slots"][0]["booked"] == 2
    assert len(body["slots"]) == len(rules.slot_times(BookingSettings()))


def test_customers_get_no_day_totals(table: Table) -> None:
    book(CUSTOMER, day=a_day(4))

    assert set(body_of(listing(CUSTOMER, a_day(4)))) == {"results"}
    assert set(body_of(listing(MANAGER))) == {"results"}

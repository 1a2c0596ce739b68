"""Table bookings: availability, booking, cancelling, and honesty when the service is down."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import respx
from django.test import Client
from django.utils import timezone
from web_fakes import booking

from littlelemon.web.views.bookings import (
    BOOKING_NOT_STORED_MESSAGE,
    BOOKINGS_UNAVAILABLE_MESSAGE,
)

DAY = (timezone.localdate() + timedelta(days=7)).isoformat()
SLOTS = {
    "date": DAY,
    "slots": [
        {"slot": "18:00", "capacity": 20, "booked": 20, "available": 0},
        {"slot": "19:00", "capacity": 20, "booked": 4, "available": 16},
    ],
}


def _booking_form(key: str = "0b7d3d0e-3a51-4d8e-9a55-1f2f0c1a9c11") -> dict[str, str]:
    return {
        "date": DAY,
        "slot": "19:00",
        "guests": "4",
        "name": "Ada",
        "note": "window seat",
        "idempotency_key": key,
    }


def test_availability_offers_only_slots_with_seats(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    availability = api.get("/bookings/availability").respond(200, json=SLOTS)

    response = client.get("/bookings/new", {"date": DAY})

    assert response.status_code == 200
    assert availability.calls.last.request.url.params["date"] == DAY
    html = response.content.decode()
    assert '<option value="19:00">19:00 — 16 seats left</option>' in html
    assert 'value="18:00"' not in html
    assert 'name="idempotency_key"' in html


def test_booking_is_shown_as_made_only_after_the_service_stored_it(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").respond(200, json=SLOTS)
    create = api.post("/bookings").respond(201, json=booking("bk-9", date=DAY, guests=4))
    api.get("/bookings/bk-9").respond(200, json=booking("bk-9", date=DAY, guests=4))

    response = client.post("/bookings/new", _booking_form(), follow=True)

    request = create.calls.last.request
    assert json.loads(request.read()) == {
        "date": DAY,
        "slot": "19:00",
        "guests": 4,
        "name": "Ada",
        "note": "window seat",
    }
    assert request.headers["Idempotency-Key"] == "0b7d3d0e-3a51-4d8e-9a55-1f2f0c1a9c11"
    assert response.redirect_chain == [("/bookings/bk-9", 302)]
    html = response.content.decode()
    assert "Your table is booked" in html
    assert "Confirmed" in html


def test_booking_when_the_service_times_out_says_it_was_not_made_and_keeps_the_form(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").respond(200, json=SLOTS)
    api.post("/bookings").mock(side_effect=httpx.ReadTimeout("slow"))

    response = client.post("/bookings/new", _booking_form("11111111-2222-3333-4444-555555555555"))

    assert response.status_code == 503
    html = response.content.decode()
    assert BOOKING_NOT_STORED_MESSAGE in html
    assert "Your table is booked" not in html
    assert 'value="window seat"' not in html  # a textarea keeps its text as content
    assert "window seat</textarea>" in html
    # Sending again reuses the same key, so the service can never store two bookings.
    assert 'value="11111111-2222-3333-4444-555555555555"' in html


def test_a_full_slot_shows_the_service_message(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").respond(200, json=SLOTS)
    api.post("/bookings").respond(
        409,
        json={"detail": "That slot has only 3 seats left.", "code": "slot_full", "available": 3},
    )

    response = client.post("/bookings/new", _booking_form())

    assert response.status_code == 400
    assert "That slot has only 3 seats left." in response.content.decode()


def test_bookings_page_says_unavailable_when_the_service_does_not_answer(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings").mock(side_effect=httpx.ConnectError("refused"))

    response = client.get("/bookings")

    assert response.status_code == 503
    assert BOOKINGS_UNAVAILABLE_MESSAGE in response.content.decode()


def test_availability_says_unavailable_when_the_gateway_answers_502(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").respond(502, json={"message": "Internal Server Error"})

    response = client.get("/bookings/new", {"date": DAY})

    assert response.status_code == 503
    html = response.content.decode()
    assert BOOKINGS_UNAVAILABLE_MESSAGE in html
    assert "Book this table" not in html


def test_my_bookings_lists_upcoming_and_cancelled(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings").respond(
        200,
        json={"results": [booking("a", date=DAY), booking("b", date=DAY, status="cancelled")]},
    )

    html = client.get("/bookings").content.decode()

    assert "Upcoming bookings" in html
    assert "Past and cancelled" in html
    assert html.count("/bookings/a") == 1


def test_cancel_deletes_at_the_service(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    cancel = api.delete("/bookings/bk-1").respond(200, json=booking("bk-1", status="cancelled"))

    response = client.post("/bookings/bk-1/cancel")

    assert cancel.called
    assert response["Location"] == "/bookings"


def test_manager_sees_the_bookings_of_a_day(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    listing = api.get("/bookings").respond(
        200, json={"results": [booking("a", date=DAY, guests=3), booking("b", date=DAY, guests=5)]}
    )

    html = client.get("/manage/bookings", {"date": DAY}).content.decode()

    assert listing.calls.last.request.url.params["date"] == DAY
    assert "8 guests expected" in html


def test_manager_day_view_says_unavailable_when_the_gateway_has_no_bookings_route(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/bookings").respond(404, json={"message": "Not Found"})

    response = client.get("/manage/bookings")

    assert response.status_code == 503
    assert BOOKINGS_UNAVAILABLE_MESSAGE in response.content.decode()

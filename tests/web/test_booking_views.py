"""Table bookings: availability, booking, cancelling, and honesty when the service is down."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import respx
from django.test import Client
from django.utils import timezone
from pytest_django.fixtures import Settings
from web_fakes import booking

from littlelemon.web.forms import DATE_IN_PAST_MESSAGE, DATE_TOO_FAR_MESSAGE
from littlelemon.web.views.bookings import (
    BOOKING_MARKED_MESSAGE,
    BOOKING_NOT_STORED_MESSAGE,
    BOOKING_UNCONFIRMED_MESSAGE,
    BOOKINGS_UNAVAILABLE_MESSAGE,
    DUPLICATE_BOOKING_MESSAGE,
    LIMITS_MESSAGE,
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
    api.get("/bookings").respond(200, json={"results": []})
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


KEY = "11111111-2222-3333-4444-555555555555"


def test_a_create_that_timed_out_but_was_stored_is_shown_as_made(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    """DynamoDB paused 9.5 s: the first answer is lost, the booking is stored all the same."""
    api.get("/bookings/availability").respond(200, json=SLOTS)
    api.get("/bookings").respond(200, json={"results": []})  # no booking at that time
    stored = booking("bk-7", date=DAY, guests=4)
    create = api.post("/bookings").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(201, json=stored)]
    )
    api.get("/bookings/bk-7").respond(200, json=stored)

    response = client.post("/bookings/new", _booking_form(KEY), follow=True)

    assert [call.request.headers["Idempotency-Key"] for call in create.calls] == [KEY, KEY]
    assert response.redirect_chain == [("/bookings/bk-7", 302)]
    html = response.content.decode()
    assert "Your table is booked" in html
    assert BOOKING_NOT_STORED_MESSAGE not in html


def test_a_create_that_cannot_be_confirmed_never_says_not_made_and_keeps_the_form(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").respond(200, json=SLOTS)
    api.get("/bookings").respond(200, json={"results": []})
    create = api.post("/bookings").mock(side_effect=httpx.ReadTimeout("slow"))

    response = client.post("/bookings/new", _booking_form(KEY))

    assert response.status_code == 503
    assert [call.request.headers["Idempotency-Key"] for call in create.calls] == [KEY, KEY]
    html = response.content.decode()
    assert BOOKING_UNCONFIRMED_MESSAGE in html
    assert BOOKING_NOT_STORED_MESSAGE not in html
    assert "Your table is booked" not in html
    assert "window seat</textarea>" in html  # a textarea keeps its text as content
    # Sending again reuses the same key, so the service can never store two bookings.
    assert f'value="{KEY}"' in html


def test_a_create_still_in_progress_at_the_service_is_unconfirmed_not_refused(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").respond(200, json=SLOTS)
    api.get("/bookings").respond(200, json={"results": []})  # no booking at that time
    in_progress = {
        "detail": "A request with this Idempotency-Key is still being processed.",
        "code": "request_in_progress",
    }
    api.post("/bookings").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(409, json=in_progress)]
    )

    response = client.post("/bookings/new", _booking_form(KEY))

    assert response.status_code == 503
    assert BOOKING_UNCONFIRMED_MESSAGE in response.content.decode()


def test_a_create_that_never_reached_the_service_says_not_made(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").respond(200, json=SLOTS)
    api.get("/bookings").respond(200, json={"results": []})  # no booking at that time
    api.post("/bookings").mock(side_effect=httpx.ConnectError("refused"))

    response = client.post("/bookings/new", _booking_form(KEY))

    assert response.status_code == 503
    html = response.content.decode()
    assert BOOKING_NOT_STORED_MESSAGE in html
    assert "window seat</textarea>" in html


def test_a_booking_posted_while_availability_is_down_comes_back_filled_in(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").mock(side_effect=httpx.ConnectError("refused"))
    create = api.post("/bookings")

    response = client.post("/bookings/new", _booking_form(KEY))

    assert response.status_code == 503
    html = response.content.decode()
    assert BOOKINGS_UNAVAILABLE_MESSAGE in html
    assert "window seat</textarea>" in html
    assert 'value="Ada"' in html
    assert f'value="{KEY}"' in html
    assert '<option value="19:00" selected>19:00</option>' in html
    assert not create.called


def test_the_booking_page_shows_the_users_limits_before_they_are_reached(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    limits = {
        "max_active_bookings": 10,
        "active_bookings": 3,
        "max_guests_per_day": 24,
        "guests_on_date": 8,
    }
    api.get("/bookings/availability").respond(200, json={**SLOTS, "limits": limits})

    html = client.get("/bookings/new", {"date": DAY}).content.decode()

    assert LIMITS_MESSAGE.format(active=3, max_active=10, guests=8, max_guests=24) in html


def test_a_full_slot_shows_the_service_message(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").respond(200, json=SLOTS)
    api.get("/bookings").respond(200, json={"results": []})
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


def test_a_past_date_says_only_that_and_asks_the_service_nothing(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    availability = api.get("/bookings/availability").respond(200, json=SLOTS)

    response = client.get("/bookings/new", {"date": yesterday})

    assert response.status_code == 400
    html = response.content.decode()
    assert DATE_IN_PAST_MESSAGE in html
    assert "Tables on" not in html
    assert "every table is taken" not in html
    assert not availability.called


def test_a_date_too_far_ahead_says_how_far_one_can_book(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    far = (timezone.localdate() + timedelta(days=61)).isoformat()
    availability = api.get("/bookings/availability").respond(200, json=SLOTS)

    response = client.get("/bookings/new", {"date": far})

    assert response.status_code == 400
    assert DATE_TOO_FAR_MESSAGE.format(days=60) in response.content.decode()
    assert not availability.called


def test_the_date_picker_offers_only_bookable_days_in_the_restaurant_time_zone(
    client: Client, api: respx.MockRouter, customer: dict[str, str], settings: Settings
) -> None:
    api.get("/bookings").respond(200, json={"results": []})

    html = client.get("/bookings").content.decode()

    today = timezone.localdate()
    assert settings.TIME_ZONE == "America/Chicago"
    assert f'min="{today.isoformat()}"' in html
    assert f'max="{(today + timedelta(days=60)).isoformat()}"' in html
    assert "up to 60 days ahead" in html


def test_one_guest_is_singular_and_the_reference_is_shown(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").respond(200, json=SLOTS)
    api.get("/bookings").respond(200, json={"results": []})
    stored = booking("bk-9", date=DAY, guests=1, reference="LL-7Q4K")
    api.post("/bookings").respond(201, json=stored)
    api.get("/bookings/bk-9").respond(200, json=stored)

    response = client.post("/bookings/new", {**_booking_form(), "guests": "1"}, follow=True)

    html = response.content.decode()
    assert f"Your table is booked: 1 guest on {DAY} at 19:00. Your reference is LL-7Q4K." in html
    assert "<code>LL-7Q4K</code>" in html


def test_a_second_booking_for_the_same_slot_asks_first_then_books(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/availability").respond(200, json=SLOTS)
    mine = api.get("/bookings").respond(200, json={"results": [booking("bk-1", date=DAY)]})
    create = api.post("/bookings").respond(201, json=booking("bk-2", date=DAY, guests=4))
    api.get("/bookings/bk-2").respond(200, json=booking("bk-2", date=DAY, guests=4))

    warned = client.post("/bookings/new", _booking_form())
    assert not create.called
    looked_up = mine.call_count
    booked = client.post("/bookings/new", {**_booking_form(), "second_booking": "1"})
    # once confirmed, the user's bookings are not listed again to find the same slot
    assert mine.call_count == looked_up

    assert warned.status_code == 409
    assert DUPLICATE_BOOKING_MESSAGE.format(date=DAY, slot="19:00") in warned.content.decode()
    assert "Book a second table" in warned.content.decode()
    assert booked.status_code == 302
    assert create.call_count == 1


def test_cancelling_a_booking_asks_for_confirmation_first(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    api.get("/bookings/bk-1").respond(200, json=booking("bk-1", date=DAY, guests=1))
    cancel = api.delete("/bookings/bk-1").respond(
        200, json=booking("bk-1", date=DAY, status="cancelled")
    )

    page = client.get("/bookings/bk-1/cancel")
    assert not cancel.called
    done = client.post("/bookings/bk-1/cancel")

    assert "Your table for 1 guest on" in page.content.decode()
    assert cancel.call_count == 1
    assert done["Location"] == "/bookings"


def _day_listing(*bookings: dict[str, object]) -> dict[str, object]:
    """A manager's day as the bookings service answers it: bookings and seats per slot."""
    return {
        "results": list(bookings),
        "date": DAY,
        "slots": [
            {"slot": "18:00", "capacity": 20, "booked": 0, "available": 20, "seated": 0,
             "bookings": 0},
            {"slot": "19:00", "capacity": 20, "booked": 5, "available": 15, "seated": 2,
             "bookings": 2},
        ],
    }  # fmt: skip


def test_manager_day_shows_seats_per_slot_and_each_bookings_status(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/bookings").respond(
        200,
        json=_day_listing(
            booking("a", date=DAY, guests=2, status="seated", name="Ada"),
            booking("b", date=DAY, guests=3, name="Bob", reference="KQ7XRT"),
        ),
    )

    html = client.get("/manage/bookings", {"date": DAY}).content.decode()

    assert "5 of 20" in html  # the 19:00 slot; the empty 18:00 slot is left out
    assert "18:00</th>" not in html
    assert ">Seated</span>" in html
    assert ">Confirmed</span>" in html
    assert "KQ7XRT" in html
    assert "/manage/bookings/b/status?status=cancelled" in html


def test_manager_marks_a_booking_seated_at_the_service(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    mark = api.patch("/bookings/b").respond(
        200, json=booking("b", date=DAY, status="seated", name="Bob")
    )
    api.get("/bookings").respond(200, json=_day_listing())

    response = client.post("/manage/bookings/b/status", {"status": "seated"}, follow=True)

    assert json.loads(mark.calls.last.request.content) == {"status": "seated"}
    assert response.redirect_chain[0][0] == f"/manage/bookings?date={DAY}"
    expected = BOOKING_MARKED_MESSAGE.format(name="Bob", slot="19:00", label="seated")
    assert expected.replace("'", "&#x27;") in response.content.decode()


def test_manager_cancelling_a_booking_confirms_first(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    api.get("/bookings/b").respond(200, json=booking("b", date=DAY, guests=1, name="Bob"))
    mark = api.patch("/bookings/b").respond(
        200, json=booking("b", date=DAY, status="cancelled", name="Bob")
    )

    page = client.get("/manage/bookings/b/status", {"status": "cancelled"})
    assert not mark.called
    done = client.post("/manage/bookings/b/status", {"status": "cancelled"})

    assert "Bob&#x27;s table for 1 guest" in page.content.decode()
    assert json.loads(mark.calls.last.request.content) == {"status": "cancelled"}
    assert done.status_code == 302


def test_a_refused_status_change_shows_the_services_reason(
    client: Client, api: respx.MockRouter, manager: dict[str, str]
) -> None:
    reason = "This booking is cancelled: it cannot change any more."
    api.patch("/bookings/b").respond(409, json={"detail": reason, "code": "status_conflict"})
    api.get("/bookings").respond(200, json=_day_listing())

    response = client.post("/manage/bookings/b/status", {"status": "seated"}, follow=True)

    assert reason in response.content.decode()


def test_customers_cannot_mark_bookings(
    client: Client, api: respx.MockRouter, customer: dict[str, str]
) -> None:
    mark = api.patch("/bookings/b").respond(200, json=booking("b", status="seated"))

    response = client.post("/manage/bookings/b/status", {"status": "seated"})

    assert response.status_code == 403
    assert not mark.called

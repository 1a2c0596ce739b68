"""No interleaving of requests can overbook: parallel calls against DynamoDB Local.

The handlers run in threads of this process, as a Lambda function's concurrent instances
would, all racing for the same slot's seat counter in AWS's own DynamoDB emulator.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import pytest

from littlelemon.bookings import rules, wiring
from littlelemon.bookings import settings as bookings_settings
from tests.bookings.helpers import MANAGER, OTHER_CUSTOMER, Table, a_day, body_of
from tests.bookings.test_handlers import book, cancel, listing, mark, slot_of

PARALLEL = 20


def race(calls: list[Callable[[], dict[str, Any]]]) -> list[dict[str, Any]]:
    """Run the calls in parallel threads released together by a barrier."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        barrier.wait(timeout=30)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def ten_seats(local_table: Table, monkeypatch: pytest.MonkeyPatch) -> Table:
    monkeypatch.setenv("BOOKINGS_SEATS_PER_SLOT", "10")
    bookings_settings.get_settings.cache_clear()
    return local_table


def test_twenty_parallel_bookings_for_ten_seats_store_exactly_ten(ten_seats: Table) -> None:
    identities = [{"sub": str(100 + n), "username": f"guest{n}", "groups": "[]"} for n in range(20)]

    responses = race([partial(book, who, guests=1) for who in identities])

    statuses = Counter(response["statusCode"] for response in responses)
    assert statuses == {201: 10, 409: 10}
    for refused in (r for r in responses if r["statusCode"] == 409):
        assert body_of(refused) == {
            "detail": "That slot has only 0 seats left.",
            "code": "slot_full",
            "available": 0,
        }
    stored = body_of(listing(MANAGER, day=a_day()))["results"]
    created = {body_of(r)["id"] for r in responses if r["statusCode"] == 201}
    assert {booking["id"] for booking in stored} == created
    assert slot_of(a_day(), "18:00") == {
        "slot": "18:00",
        "capacity": 10,
        "booked": 10,
        "available": 0,
    }


def test_parallel_parties_of_mixed_sizes_never_exceed_capacity(ten_seats: Table) -> None:
    sizes = [random.Random(seed).randint(1, 4) for seed in range(PARALLEL)]

    responses = race([partial(book, guests=size) for size in sizes])

    booked = sum(size for size, r in zip(sizes, responses, strict=True) if r["statusCode"] == 201)
    assert {r["statusCode"] for r in responses} <= {201, 409}
    assert 7 <= booked <= 10  # full up to less than the smallest refused party
    for size, response in zip(sizes, responses, strict=True):
        if response["statusCode"] == 409:
            assert body_of(response)["available"] < size
    assert slot_of(a_day(), "18:00")["booked"] == booked
    stored = body_of(listing(MANAGER, day=a_day()))["results"]
    assert sum(booking["guests"] for booking in stored) == booked


def test_parallel_retries_with_one_idempotency_key_book_once(ten_seats: Table) -> None:
    responses = race([lambda: book(guests=2, headers={"Idempotency-Key": "double-click"})] * 10)

    created = [body_of(r) for r in responses if r["statusCode"] == 201]
    in_progress = [body_of(r) for r in responses if r["statusCode"] == 409]
    assert len(created) + len(in_progress) == 10
    assert created, "the first request must succeed"
    assert len({booking["id"] for booking in created}) == 1
    assert all(body["code"] == "request_in_progress" for body in in_progress)
    assert len(body_of(listing())["results"]) == 1
    assert slot_of(a_day(), "18:00")["booked"] == 2


def test_parallel_cancellations_free_the_seats_once(ten_seats: Table) -> None:
    booking = body_of(book(guests=4))
    assert book(OTHER_CUSTOMER, guests=3)["statusCode"] == 201

    responses = race([lambda: cancel(booking["id"])] * 10)

    assert {r["statusCode"] for r in responses} == {200}
    assert {body_of(r)["status"] for r in responses} == {"cancelled"}
    assert slot_of(a_day(), "18:00")["booked"] == 3


def test_a_manager_seating_while_the_owner_cancels_ends_one_way_with_the_seats_right(
    ten_seats: Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    booking = body_of(book(day=a_day(1), slot="18:00", guests=4))
    at = dt.datetime.combine(a_day(1), dt.time(18, 5), tzinfo=bookings_settings.get_settings().zone)
    monkeypatch.setattr("littlelemon.bookings.services.utc_now", lambda: at)

    responses = race(
        [lambda: cancel(booking["id"])] * 5 + [lambda: mark(booking["id"], "seated")] * 5
    )

    final = body_of(listing(MANAGER, day=a_day(1)))
    status = final["results"][0]["status"]
    assert status in {"seated", "cancelled"}
    assert {r["statusCode"] for r in responses} <= {200, 409}
    for response in responses:
        if response["statusCode"] == 200:
            assert body_of(response)["status"] == status
        else:
            assert body_of(response)["detail"] in {
                rules.CANCEL_AFTER_OUTCOME,
                rules.STATUS_OF_CANCELLED,
                rules.STATUS_CHANGED_MEANWHILE,
            }
    seats = 0 if status == "cancelled" else 4
    assert final["slots"][6]["booked"] == seats
    counter = wiring.repository().slot_bookings(a_day(1)).get("18:00")
    assert counter == seats

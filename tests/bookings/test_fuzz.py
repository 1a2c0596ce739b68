"""Whatever a client sends, the bookings functions answer a clear 4xx (or success), never a 500."""

from __future__ import annotations

import itertools
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bookings.helpers import MANAGER, Table, a_day, http_event
from tests.bookings.test_handlers import call

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
FIELD_VALUES = JSON_VALUES | st.sampled_from(
    [a_day().isoformat(), "2020-01-01", "18:00", "25:61", 0, 2, 13, -1, 10**20, "", " " * 3]
)
BODIES = st.fixed_dictionaries(
    {},
    optional={
        "date": FIELD_VALUES,
        "slot": FIELD_VALUES,
        "guests": FIELD_VALUES,
        "name": FIELD_VALUES,
        "note": FIELD_VALUES,
    },
)
NAME = {"name": "Ada"}
DAYS = itertools.count(1)  # each example books on a day of its own: no slot fills up
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(body=BODIES | JSON_VALUES)
def test_any_json_body_gets_201_400_or_409(moto_table: Table, body: Any) -> None:
    response = call("create", http_event("POST", "/bookings", body=json.dumps(body)))

    assert response["statusCode"] in {201, 400, 409}
    answer = json.loads(response["body"])
    if response["statusCode"] == 400:
        assert answer["detail"] == "Invalid input."
        assert set(answer) - {"detail", "code"}, "a 400 names the fields at fault"


@FUZZ
@given(date=st.text(max_size=30), booking_id=st.text(max_size=40))
def test_any_query_or_path_gets_a_clear_answer(
    moto_table: Table, date: str, booking_id: str
) -> None:
    availability = call(
        "availability", http_event("GET", "/bookings/availability", query={"date": date})
    )
    listing = call("list", http_event("GET", "/bookings", query={"date": date}))
    one = call(
        "get",
        http_event("GET", "/bookings/{id}", path="/bookings/x", path_parameters={"id": booking_id}),
    )

    assert availability["statusCode"] in {200, 400}
    assert listing["statusCode"] in {200, 400}
    assert one["statusCode"] == 404


STATUS_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "status": FIELD_VALUES | st.sampled_from(["seated", "no_show", "cancelled", "confirmed"]),
        "guests": FIELD_VALUES,
    },
)


@FUZZ
@given(body=STATUS_BODIES | JSON_VALUES, booking_id=st.text(max_size=40) | st.just("known"))
def test_a_manager_marking_with_any_body_gets_a_clear_answer(
    moto_table: Table, body: Any, booking_id: str
) -> None:
    if booking_id == "known":
        booking = {"date": a_day(1 + next(DAYS) % 59).isoformat(), "slot": "21:00", "guests": 1}
        created = call("create", http_event("POST", "/bookings", body=json.dumps(booking | NAME)))
        booking_id = json.loads(created["body"])["id"]
    event = http_event(
        "PATCH",
        "/bookings/{id}",
        path="/bookings/x",
        identity=MANAGER,
        path_parameters={"id": booking_id},
        body=json.dumps(body),
    )

    response = call("status", event)

    assert response["statusCode"] in {200, 400, 404, 409}
    answer = json.loads(response["body"])
    if response["statusCode"] == 400:
        assert set(answer) - {"detail", "code"}, "a 400 names the fields at fault"

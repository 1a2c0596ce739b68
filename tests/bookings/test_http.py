"""The HTTP edge reads the event's fields itself: headers, path parameters, query, body, claims."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from littlelemon.bookings.errors import InvalidInput
from littlelemon.bookings.http import INVALID_JSON, NON_FIELD_ERRORS, Request, jwt_claims
from littlelemon.bookings.models import AvailabilityQuery, BookingStatusChange, Caller
from tests.bookings.helpers import CUSTOMER, http_event

CALLER = Caller(user_id="3", username="customer")


def request_of(*, base64_encoded: bool = False, **kwargs: Any) -> Request:
    event = http_event("POST", "/bookings", **kwargs)
    if base64_encoded:
        event["isBase64Encoded"] = True
    return Request(event=event, caller=CALLER)


def test_a_header_is_found_by_any_case_of_its_name() -> None:
    request = request_of(headers={"Idempotency-Key": "k-1"})
    assert request.header("Idempotency-Key") == request.header("idempotency-key") == "k-1"
    assert request.header("X-Missing") is None


def test_a_missing_path_parameter_reads_as_empty_and_a_given_one_as_sent() -> None:
    assert request_of().path_parameter("id") == ""
    assert request_of(path_parameters={"id": "ACD347"}).path_parameter("id") == "ACD347"


def test_without_a_query_string_a_query_model_sees_no_parameters() -> None:
    with pytest.raises(InvalidInput) as refused:
        request_of().query(AvailabilityQuery)
    assert list(refused.value.field_errors) == ["date"]


def test_a_base64_body_is_decoded_before_validation() -> None:
    request = request_of(
        body=base64.b64encode(b'{"status": "seated"}').decode(), base64_encoded=True
    )
    assert request.body(BookingStatusChange).status == "seated"


@pytest.mark.parametrize("encoded", ["//79", "not base64!", "é"])
def test_a_body_that_is_not_base64_is_invalid_json(encoded: str) -> None:
    request = request_of(body=encoded, base64_encoded=True)
    with pytest.raises(InvalidInput) as refused:
        request.body(BookingStatusChange)
    assert refused.value.field_errors == {NON_FIELD_ERRORS: [INVALID_JSON]}


def test_claims_come_from_the_jwt_authorizer_and_are_empty_without_it() -> None:
    assert jwt_claims(http_event("GET", "/bookings"))["username"] == CUSTOMER["username"]
    assert jwt_claims(http_event("GET", "/bookings", identity=None)) == {}
    assert jwt_claims({"requestContext": {"authorizer": {"jwt": None}}}) == {}

"""The API client: pooling, timeouts, retries, token refresh and error mapping."""

from __future__ import annotations

import httpx
import pytest
import respx
from web_fakes import API, booking, make_jwt, menu_item

from littlelemon.contract.roles import CUSTOMER, MANAGER
from littlelemon.web.client import (
    ApiClient,
    ApiConflictError,
    ApiUnavailableError,
    ApiValidationError,
    AuthenticationRequiredError,
    MemoryTokenStore,
    Tokens,
    close_shared_http_clients,
    identity_from_access_token,
    shared_http_client,
)
from littlelemon.web.client.errors import UNREADABLE_ANSWER_MESSAGE


def _client(tokens: Tokens | None = None) -> tuple[ApiClient, MemoryTokenStore]:
    store = MemoryTokenStore(tokens)
    return ApiClient(shared_http_client(API, 1.5, 4.0), store), store


def _tokens() -> Tokens:
    return Tokens(
        access=make_jwt("customer", [], 3), refresh=make_jwt("customer", [], 3, "refresh")
    )


def test_one_pooled_client_per_process_with_connect_and_read_timeouts() -> None:
    first = shared_http_client(API, 1.5, 4.0)

    assert shared_http_client(API, 1.5, 4.0) is first
    assert (first.timeout.connect, first.timeout.read) == (1.5, 4.0)
    close_shared_http_clients()
    assert shared_http_client(API, 1.5, 4.0) is not first


def test_get_is_retried_once_after_a_connection_error(api: respx.MockRouter) -> None:
    route = api.get("/api/menu-items/1").mock(
        side_effect=[
            httpx.ConnectError("refused"),
            httpx.Response(200, json=menu_item(1, title="Soup")),
        ]
    )
    client, _ = _client()

    item = client.menu.item(1)

    assert item.title == "Soup"
    assert route.call_count == 2


def test_get_gives_up_after_the_second_connection_error(api: respx.MockRouter) -> None:
    route = api.get("/api/menu-items/1").mock(side_effect=httpx.ConnectError("refused"))
    client, _ = _client()

    with pytest.raises(ApiUnavailableError):
        client.menu.item(1)
    assert route.call_count == 2


def test_post_is_not_retried_after_a_connection_error(api: respx.MockRouter) -> None:
    route = api.post("/api/orders").mock(side_effect=httpx.ConnectError("refused"))
    client, _ = _client(_tokens())

    with pytest.raises(ApiUnavailableError):
        client.orders.place()
    assert route.call_count == 1


def test_a_read_timeout_is_unavailable_and_not_retried(api: respx.MockRouter) -> None:
    route = api.get("/api/cart").mock(side_effect=httpx.ReadTimeout("slow"))
    client, _ = _client(_tokens())

    with pytest.raises(ApiUnavailableError) as raised:
        client.cart.lines()
    assert raised.value.status == 504
    assert route.call_count == 1


def test_401_refreshes_the_tokens_once_and_retries(api: respx.MockRouter) -> None:
    old, new = _tokens(), _tokens()
    cart = api.get("/api/cart").mock(
        side_effect=[httpx.Response(401, json={"detail": "expired"}), httpx.Response(200, json=[])]
    )
    refresh = api.post("/auth/jwt/refresh/").respond(
        200, json={"access": new.access, "refresh": new.refresh}
    )
    client, store = _client(old)

    assert client.cart.lines() == []

    assert refresh.calls.last.request.read() == f'{{"refresh":"{old.refresh}"}}'.encode()
    assert cart.calls[1].request.headers["Authorization"] == f"Bearer {new.access}"
    assert store.tokens == new


def test_an_access_token_about_to_expire_is_refreshed_before_the_call(
    api: respx.MockRouter,
) -> None:
    expiring = Tokens(access=make_jwt("customer", [], 3, lifetime_seconds=10), refresh="r-old")
    new = _tokens()
    refresh = api.post("/auth/jwt/refresh/").respond(
        200, json={"access": new.access, "refresh": new.refresh}
    )
    cart = api.get("/api/cart").respond(200, json=[])
    client, store = _client(expiring)

    client.cart.lines()

    assert refresh.call_count == 1
    assert cart.call_count == 1
    assert cart.calls.last.request.headers["Authorization"] == f"Bearer {new.access}"
    assert store.tokens == new


def test_a_failed_refresh_logs_the_user_out(api: respx.MockRouter) -> None:
    api.get("/api/cart").respond(401, json={"detail": "expired"})
    api.post("/auth/jwt/refresh/").respond(401, json={"detail": "Token is blacklisted"})
    client, store = _client(_tokens())

    with pytest.raises(AuthenticationRequiredError):
        client.cart.lines()
    assert store.tokens is None


def test_validation_errors_keep_field_errors_by_name(api: respx.MockRouter) -> None:
    api.post("/auth/users/").respond(
        400,
        json={
            "detail": "Invalid input.",
            "username": ["A user with that username already exists."],
        },
    )
    client, _ = _client()

    with pytest.raises(ApiValidationError) as raised:
        client.accounts.sign_up(username="taken", email="a@example.com", password="long-enough-1")
    assert raised.value.field_errors == {"username": ["A user with that username already exists."]}


def test_gateway_errors_with_message_are_unavailable(api: respx.MockRouter) -> None:
    api.get("/api/menu-items/1").respond(503, json={"message": "Service Unavailable"})
    client, _ = _client()

    with pytest.raises(ApiUnavailableError) as raised:
        client.menu.item(1)
    assert raised.value.detail == "Service Unavailable"


def test_booking_create_sends_the_idempotency_key_and_retries_a_lost_connection(
    api: respx.MockRouter,
) -> None:
    route = api.post("/bookings").mock(
        side_effect=[httpx.ConnectError("reset"), httpx.Response(201, json=booking())]
    )
    client, _ = _client(_tokens())

    created = client.bookings.create(
        date="2030-01-02", slot="19:00", guests=2, name="Ada", note="", idempotency_key="k-1"
    )

    assert created.confirmed
    keys = {call.request.headers["Idempotency-Key"] for call in route.calls}
    assert keys == {"k-1"}


def test_slot_full_is_a_conflict_with_the_service_detail(api: respx.MockRouter) -> None:
    api.post("/bookings").respond(
        409,
        json={"detail": "That slot has only 3 seats left.", "code": "slot_full", "available": 3},
    )
    client, _ = _client(_tokens())

    with pytest.raises(ApiConflictError) as raised:
        client.bookings.create(
            date="2030-01-02", slot="19:00", guests=8, name="Ada", note="", idempotency_key="k"
        )
    assert raised.value.detail == "That slot has only 3 seats left."
    assert raised.value.field_errors == {}


def test_calls_that_need_a_user_fail_before_sending_without_tokens(api: respx.MockRouter) -> None:
    client, _ = _client(None)

    with pytest.raises(AuthenticationRequiredError):
        client.cart.lines()
    assert not api.calls


def test_an_answer_of_another_shape_is_a_broken_contract_not_a_half_read_object() -> None:
    # Its own router: the `api` fixture would (rightly) refuse to fake a broken answer.
    with respx.mock(base_url=API) as broken_api:
        broken_api.get("/api/menu-items/1").respond(200, json={"id": 1, "title": "Soup"})
        client, _ = _client()

        with pytest.raises(ApiUnavailableError) as raised:
            client.menu.item(1)
    assert raised.value.status == 502
    assert raised.value.detail == UNREADABLE_ANSWER_MESSAGE


def test_the_role_comes_from_the_role_claim_of_the_access_token() -> None:
    token = make_jwt("ada", [], 7)
    claims_role = make_jwt("boss", ["manager"], 1)

    assert identity_from_access_token(token).role == CUSTOMER
    assert identity_from_access_token(claims_role).role == MANAGER

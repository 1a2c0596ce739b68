"""The typed HTTP client the web tier uses to reach the API and the bookings service.

One pooled `httpx.Client` per process keeps connections alive between requests. Every call
has connect/read timeouts; an idempotent GET is retried once when the connection fails.
A 401 on an authenticated call triggers one token refresh and one retry; when the refresh
fails the tokens are dropped (the user is logged out). API errors become typed exceptions
that carry `detail` and field errors, so views can put them next to form fields.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, Protocol, TypeVar

import httpx

logger = logging.getLogger(__name__)

MANAGER_GROUP = "manager"
CREW_GROUP = "delivery-crew"
STAFF_GROUPS = (MANAGER_GROUP, CREW_GROUP)
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_PAGE_SIZE = 100
# Refresh an access token this close to its expiry before using it: saves the 401 round trip.
REFRESH_MARGIN_SECONDS = 30


# --- errors ---------------------------------------------------------------------------------


class ApiError(Exception):
    """The API answered with an error (or did not answer: see `ApiUnavailableError`)."""

    def __init__(
        self,
        status: int,
        detail: str,
        field_errors: Mapping[str, list[str]] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.field_errors: dict[str, list[str]] = dict(field_errors or {})
        self.body: dict[str, Any] = dict(body or {})


class ApiUnavailableError(ApiError):
    """No usable answer: connection refused, timeout, or a 5xx from the API or its gateway."""


class AuthenticationRequiredError(ApiError):
    """The user's tokens are missing, expired beyond refresh or revoked."""


class ApiPermissionError(ApiError):
    """403: the signed-in user may not do this."""


class ApiNotFoundError(ApiError):
    """404: no such object (or not the caller's)."""


class ApiValidationError(ApiError):
    """400: the API rejected the input; `field_errors` says why, by field name."""


class ApiConflictError(ApiError):
    """409: the request conflicts with the current state (a full slot, a duplicate)."""


class ApiThrottledError(ApiError):
    """429: too many requests; `retry_after` says how many seconds to wait (when known)."""

    @property
    def retry_after(self) -> int:
        wait = self.body.get("retry_after")
        return int(wait) if isinstance(wait, int | float) else 30


_ERRORS_BY_STATUS: dict[int, type[ApiError]] = {
    400: ApiValidationError,
    401: AuthenticationRequiredError,
    403: ApiPermissionError,
    404: ApiNotFoundError,
    409: ApiConflictError,
    429: ApiThrottledError,
}


def _error_from_response(response: httpx.Response) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        # DRF answers a validation error on a list serializer with a bare list of messages.
        body = {"detail": " ".join(str(item) for item in body) if isinstance(body, list) else ""}
    # API Gateway's own errors say {"message": ...}; the API and bookings say {"detail": ...}.
    detail = str(body.get("detail") or body.get("message") or response.reason_phrase)
    field_errors = {
        name: [str(message) for message in (value if isinstance(value, list) else [value])]
        for name, value in body.items()
        if name not in {"detail", "message", "code"} and isinstance(value, list | str)
    }
    if response.status_code >= 500:
        return ApiUnavailableError(response.status_code, detail, body=body)
    if response.status_code == 404 and "message" in body and "detail" not in body:
        # The gateway itself knows no such route: the service behind it is not deployed.
        return ApiUnavailableError(response.status_code, detail, body=body)
    error_class = _ERRORS_BY_STATUS.get(response.status_code, ApiError)
    if error_class is ApiThrottledError and "retry_after" not in body:
        retry_after = response.headers.get("Retry-After", "")
        if retry_after.isdigit():
            body["retry_after"] = int(retry_after)
    return error_class(response.status_code, detail, field_errors, body)


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    id: int
    slug: str
    title: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Category:
        return cls(id=int(data["id"]), slug=str(data["slug"]), title=str(data["title"]))


@dataclass(frozen=True)
class MenuItem:
    id: int
    title: str
    price: Decimal
    featured: bool
    available: bool
    category_id: int | None
    category_title: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MenuItem:
        category = data.get("category")
        # The API names the category by id and adds its title; a nested object is read too.
        if isinstance(category, dict):
            category_id, category_title = category.get("id"), category.get("title")
        else:
            category_id, category_title = category, data.get("category_title")
        return cls(
            id=int(data["id"]),
            title=str(data["title"]),
            price=Decimal(str(data["price"])),
            featured=bool(data.get("featured", False)),
            available=bool(data.get("available", True)),
            category_id=int(category_id) if category_id is not None else None,
            category_title=str(category_title or ""),
        )


@dataclass(frozen=True)
class Line:
    """A dish and its quantity: a cart line, or an order item as priced at checkout.

    `menuitem` is None for an order item whose dish was deleted later: the order keeps
    the name and prices it was placed with, so the line still renders (without a link).
    """

    id: int
    menuitem: int | None
    menuitem_name: str
    quantity: int
    unit_price: Decimal
    price: Decimal

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Line:
        return cls(
            id=int(data["id"]),
            menuitem=_optional_id(data.get("menuitem")),
            menuitem_name=str(data.get("menuitem_name") or ""),
            quantity=int(data["quantity"]),
            unit_price=Decimal(str(data["unit_price"])),
            price=Decimal(str(data["price"])),
        )


def _optional_id(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def _user_id(value: Any) -> int | None:
    if isinstance(value, dict):
        value = value.get("id")
    return _optional_id(value)


def _username(value: Any, fallback: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("username") or "")
    return str(fallback or "")


@dataclass(frozen=True)
class Order:
    id: int
    user_id: int | None
    username: str
    delivery_crew_id: int | None
    delivery_crew_username: str
    delivered: bool
    total: Decimal
    date: str
    items: tuple[Line, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Order:
        return cls(
            id=int(data["id"]),
            user_id=_user_id(data.get("user")),
            username=_username(data.get("user"), data.get("username")),
            delivery_crew_id=_user_id(data.get("delivery_crew")),
            delivery_crew_username=_username(
                data.get("delivery_crew"), data.get("delivery_crew_username")
            ),
            delivered=bool(data.get("status", False)),
            total=Decimal(str(data.get("total", "0"))),
            date=str(data.get("date") or data.get("created_at") or ""),
            items=tuple(Line.from_json(item) for item in data.get("items") or ()),
        )


@dataclass(frozen=True)
class User:
    id: int
    username: str
    email: str
    groups: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> User:
        return cls(
            id=int(data["id"]),
            username=str(data["username"]),
            email=str(data.get("email") or ""),
            groups=tuple(str(group) for group in data.get("groups") or ()),
        )


@dataclass(frozen=True)
class Slot:
    slot: str
    capacity: int
    booked: int
    available: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Slot:
        return cls(
            slot=str(data["slot"]),
            capacity=int(data["capacity"]),
            booked=int(data["booked"]),
            available=int(data["available"]),
        )


@dataclass(frozen=True)
class Booking:
    id: str
    date: str
    slot: str
    guests: int
    name: str
    note: str
    status: str
    username: str
    created_at: str

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Booking:
        return cls(
            id=str(data["id"]),
            date=str(data["date"]),
            slot=str(data["slot"]),
            guests=int(data["guests"]),
            name=str(data.get("name") or ""),
            note=str(data.get("note") or ""),
            status=str(data["status"]),
            username=str(data.get("username") or ""),
            created_at=str(data.get("created_at") or ""),
        )


T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    count: int
    results: list[T]
    page: int
    page_size: int
    has_next: bool
    has_previous: bool

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


# --- tokens ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str


@dataclass(frozen=True)
class Identity:
    """Who the access token says the user is (read from the API's own answer, not verified)."""

    user_id: str
    username: str
    groups: tuple[str, ...] = field(default_factory=tuple)


def parse_groups(value: Any) -> tuple[str, ...]:
    """Groups as a tuple, from a JSON list or API Gateway's flattened "[a b]" string."""
    if isinstance(value, list | tuple):
        return tuple(str(item) for item in value)
    if isinstance(value, str):
        return tuple(value.strip("[]").split())
    return ()


def token_claims(token: str) -> dict[str, Any]:
    """The claims of a token this process received directly from the API over TLS.

    The signature is not checked here: the API checks it on every call, and the claims
    only decide which navigation to show and when to refresh.
    """
    try:
        payload_part = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload_part + "=" * (-len(payload_part) % 4)))
    except (IndexError, ValueError) as error:
        raise AuthenticationRequiredError(401, "The API returned an unreadable token.") from error
    if not isinstance(claims, dict):
        raise AuthenticationRequiredError(401, "The API returned an unreadable token.")
    return claims


def expires_soon(token: str, *, margin_seconds: float = REFRESH_MARGIN_SECONDS) -> bool:
    """True when the token's `exp` is less than `margin_seconds` away (or already past)."""
    expires_at = token_claims(token).get("exp")
    return isinstance(expires_at, int | float) and expires_at - time.time() < margin_seconds


def identity_from_access_token(access: str) -> Identity:
    """Who the access token names (user id, username, groups)."""
    claims = token_claims(access)
    return Identity(
        user_id=str(claims.get("sub") or claims.get("user_id") or ""),
        username=str(claims.get("username") or ""),
        groups=parse_groups(claims.get("groups")),
    )


class TokenStore(Protocol):
    """Where a client finds and keeps the user's tokens (the web session)."""

    def get_tokens(self) -> Tokens | None: ...

    def set_tokens(self, tokens: Tokens) -> None: ...

    def clear_tokens(self) -> None: ...


class MemoryTokenStore:
    """Tokens held in memory: benchmarks and scripts."""

    def __init__(self, tokens: Tokens | None = None) -> None:
        self.tokens = tokens

    def get_tokens(self) -> Tokens | None:
        return self.tokens

    def set_tokens(self, tokens: Tokens) -> None:
        self.tokens = tokens

    def clear_tokens(self) -> None:
        self.tokens = None


# --- the pooled transport -------------------------------------------------------------------

_pool_lock = threading.Lock()
_pools: dict[tuple[int, str, float, float], httpx.Client] = {}


def shared_http_client(base_url: str, connect_timeout: float, read_timeout: float) -> httpx.Client:
    """The process's pooled client for `base_url` (a new one after a fork: sockets don't travel)."""
    key = (os.getpid(), base_url, connect_timeout, read_timeout)
    with _pool_lock:
        client = _pools.get(key)
        if client is None:
            client = httpx.Client(
                base_url=base_url,
                timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
                limits=httpx.Limits(
                    max_connections=50, max_keepalive_connections=20, keepalive_expiry=30.0
                ),
                headers={"Accept": "application/json", "User-Agent": "littlelemon-web"},
            )
            _pools[key] = client
        return client


def close_shared_http_clients() -> None:
    """Close every pooled client (tests, worker exit)."""
    with _pool_lock:
        for client in _pools.values():
            client.close()
        _pools.clear()


# --- the client -----------------------------------------------------------------------------


def _page_params(page: int, page_size: int) -> dict[str, Any]:
    return {"page": page, "page_size": min(max(page_size, 1), MAX_PAGE_SIZE)}


def _page(data: Mapping[str, Any], parse: Any, page: int, page_size: int) -> Page[Any]:
    return Page(
        count=int(data.get("count", 0)),
        results=[parse(item) for item in data.get("results") or ()],
        page=page,
        page_size=page_size,
        has_next=bool(data.get("next")),
        has_previous=bool(data.get("previous")),
    )


class ApiClient:
    """Typed calls to the API and the bookings service, on behalf of one user (or nobody)."""

    def __init__(self, http: httpx.Client, tokens: TokenStore | None = None) -> None:
        self.http = http
        self.tokens = tokens

    # -- plumbing --

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        access: str | None = None,
        retry_on_connection_error: bool = False,
    ) -> httpx.Response:
        all_headers = dict(headers or {})
        if access:
            all_headers["Authorization"] = f"Bearer {access}"
        attempts = 2 if (method in IDEMPOTENT_METHODS or retry_on_connection_error) else 1
        for attempt in range(attempts):
            try:
                return self.http.request(
                    method, path, params=params, json=json_body, headers=all_headers
                )
            except (httpx.ConnectError, httpx.RemoteProtocolError) as error:
                # A refused connection or a keep-alive socket the server already closed:
                # nothing reached the API, so one more try is safe for idempotent requests.
                if attempt + 1 < attempts:
                    logger.info("retrying %s %s after %s", method, path, type(error).__name__)
                    continue
                raise ApiUnavailableError(503, "The service could not be reached.") from error
            except httpx.TimeoutException as error:
                raise ApiUnavailableError(504, "The service took too long to answer.") from error
            except httpx.TransportError as error:
                raise ApiUnavailableError(503, "The service could not be reached.") from error
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        retry_on_connection_error: bool = False,
    ) -> httpx.Response:
        tokens = self.tokens.get_tokens() if (auth and self.tokens) else None
        if auth and tokens is None:
            raise AuthenticationRequiredError(401, "Please log in.")
        if tokens is not None and expires_soon(tokens.access):
            tokens = self._refresh(tokens)
        kwargs: dict[str, Any] = {
            "params": params,
            "json_body": json_body,
            "headers": headers,
            "retry_on_connection_error": retry_on_connection_error,
        }
        response = self._send(method, path, access=tokens.access if tokens else None, **kwargs)
        if response.status_code == 401 and tokens is not None:
            refreshed = self._refresh(tokens)
            response = self._send(method, path, access=refreshed.access, **kwargs)
            if response.status_code == 401:
                self._drop_tokens()
        if response.is_error:
            raise _error_from_response(response)
        return response

    def _refresh(self, tokens: Tokens) -> Tokens:
        response = self._send("POST", "/auth/jwt/refresh/", json_body={"refresh": tokens.refresh})
        if response.status_code >= 500:
            raise _error_from_response(response)
        if response.is_error:
            self._drop_tokens()
            raise AuthenticationRequiredError(401, "Your session has expired. Please log in again.")
        data = response.json()
        # With rotation the API returns a new refresh token and blacklists the old one.
        fresh = Tokens(access=data["access"], refresh=data.get("refresh") or tokens.refresh)
        if self.tokens is not None:
            self.tokens.set_tokens(fresh)
        return fresh

    def _drop_tokens(self) -> None:
        if self.tokens is not None:
            self.tokens.clear_tokens()

    def _get(self, path: str, *, params: Mapping[str, Any] | None = None, auth: bool) -> Any:
        return self._request("GET", path, params=params, auth=auth).json()

    # -- health and accounts --

    def health(self, *, deep: bool = False) -> dict[str, Any]:
        params = {"deep": "1"} if deep else None
        data: dict[str, Any] = self._get("/health", params=params, auth=False)
        return data

    def sign_up(self, *, username: str, email: str, password: str) -> User:
        body = {"username": username, "email": email, "password": password}
        response = self._request("POST", "/auth/users/", json_body=body, auth=False)
        data = response.json()
        return User.from_json({"groups": [], **data})

    def log_in(self, *, username: str, password: str) -> Tokens:
        """Tokens for the credentials (not stored: the caller decides where they go)."""
        body = {"username": username, "password": password}
        try:
            response = self._request("POST", "/auth/jwt/create/", json_body=body, auth=False)
        except AuthenticationRequiredError as error:
            # simplejwt answers bad credentials with 401: for a login form that is a 400.
            raise ApiValidationError(400, error.detail) from error
        data = response.json()
        return Tokens(access=data["access"], refresh=data["refresh"])

    def log_out(self) -> None:
        """Blacklist the refresh token at the API; the caller forgets the tokens."""
        tokens = self.tokens.get_tokens() if self.tokens else None
        if tokens is None:
            return
        self._request("POST", "/auth/jwt/logout/", json_body={"refresh": tokens.refresh})

    def me(self) -> User:
        return User.from_json(self._get("/auth/users/me/", auth=True))

    # -- menu --

    def categories(self) -> list[Category]:
        data = self._get("/api/categories", params={"page_size": MAX_PAGE_SIZE}, auth=False)
        results = data["results"] if isinstance(data, dict) else data
        return [Category.from_json(item) for item in results]

    def category(self, category_id: int) -> Category:
        return Category.from_json(self._get(f"/api/categories/{category_id}", auth=False))

    def menu_items(
        self,
        *,
        category: str = "",
        search: str = "",
        ordering: str = "",
        featured: bool = False,
        page: int = 1,
        page_size: int = 12,
    ) -> Page[MenuItem]:
        params = _page_params(page, page_size)
        optional = {"category": category, "search": search, "ordering": ordering}
        params.update({name: value for name, value in optional.items() if value})
        if featured:
            params["featured"] = "true"
        data = self._get("/api/menu-items", params=params, auth=False)
        return _page(data, MenuItem.from_json, page, params["page_size"])

    def menu_item(self, item_id: int) -> MenuItem:
        return MenuItem.from_json(self._get(f"/api/menu-items/{item_id}", auth=False))

    def menu_item_create(self, **fields: Any) -> MenuItem:
        response = self._request("POST", "/api/menu-items", json_body=fields)
        return MenuItem.from_json(response.json())

    def menu_item_update(self, item_id: int, **fields: Any) -> MenuItem:
        response = self._request("PATCH", f"/api/menu-items/{item_id}", json_body=fields)
        return MenuItem.from_json(response.json())

    def menu_item_delete(self, item_id: int) -> None:
        self._request("DELETE", f"/api/menu-items/{item_id}")

    def category_create(self, *, title: str, slug: str) -> Category:
        response = self._request(
            "POST", "/api/categories", json_body={"title": title, "slug": slug}
        )
        return Category.from_json(response.json())

    def category_update(self, category_id: int, *, title: str, slug: str) -> Category:
        body = {"title": title, "slug": slug}
        response = self._request("PATCH", f"/api/categories/{category_id}", json_body=body)
        return Category.from_json(response.json())

    def category_delete(self, category_id: int) -> None:
        self._request("DELETE", f"/api/categories/{category_id}")

    # -- staff --

    def group_users(self, group: str) -> list[User]:
        data = self._get(f"/api/groups/{group}/users", auth=True)
        results = data["results"] if isinstance(data, dict) else data
        return [User.from_json({"groups": [group], **item}) for item in results]

    def group_add(self, group: str, *, username: str) -> None:
        self._request("POST", f"/api/groups/{group}/users", json_body={"username": username})

    def group_remove(self, group: str, user_id: int) -> None:
        self._request("DELETE", f"/api/groups/{group}/users/{user_id}")

    # -- cart and orders --

    def cart(self) -> list[Line]:
        return [Line.from_json(line) for line in self._get("/api/cart", auth=True)]

    def cart_add(self, *, menuitem: int, quantity: int) -> None:
        body = {"menuitem": menuitem, "quantity": quantity}
        self._request("POST", "/api/cart", json_body=body)

    def cart_set_quantity(self, line_id: int, *, quantity: int) -> None:
        self._request("PATCH", f"/api/cart/{line_id}", json_body={"quantity": quantity})

    def cart_remove(self, line_id: int) -> None:
        self._request("DELETE", f"/api/cart/{line_id}")

    def cart_clear(self) -> None:
        self._request("DELETE", "/api/cart")

    def orders(
        self, *, delivered: bool | None = None, page: int = 1, page_size: int = 20
    ) -> Page[Order]:
        params = _page_params(page, page_size)
        params["ordering"] = "-id"
        if delivered is not None:
            params["status"] = "true" if delivered else "false"
        data = self._get("/api/orders", params=params, auth=True)
        return _page(data, Order.from_json, page, params["page_size"])

    def order(self, order_id: int) -> Order:
        return Order.from_json(self._get(f"/api/orders/{order_id}", auth=True))

    def order_place(self) -> Order:
        return Order.from_json(self._request("POST", "/api/orders").json())

    def order_update(self, order_id: int, **fields: Any) -> Order:
        response = self._request("PATCH", f"/api/orders/{order_id}", json_body=fields)
        return Order.from_json(response.json())

    # -- bookings --

    def availability(self, date: str) -> list[Slot]:
        data = self._get("/bookings/availability", params={"date": date}, auth=True)
        return [Slot.from_json(slot) for slot in data.get("slots") or ()]

    def booking_create(
        self, *, date: str, slot: str, guests: int, name: str, note: str, idempotency_key: str
    ) -> Booking:
        body = {"date": date, "slot": slot, "guests": guests, "name": name, "note": note}
        response = self._request(
            "POST",
            "/bookings",
            json_body=body,
            headers={"Idempotency-Key": idempotency_key},
            # The idempotency key makes a repeat harmless: the service stores one booking.
            retry_on_connection_error=True,
        )
        return Booking.from_json(response.json())

    def bookings(self, *, date: str = "") -> list[Booking]:
        params = {"date": date} if date else None
        data = self._get("/bookings", params=params, auth=True)
        return [Booking.from_json(item) for item in data.get("results") or ()]

    def booking(self, booking_id: str) -> Booking:
        return Booking.from_json(self._get(f"/bookings/{booking_id}", auth=True))

    def booking_cancel(self, booking_id: str) -> Booking:
        # DELETE is idempotent in the bookings contract: cancelling twice changes nothing.
        response = self._request(
            "DELETE", f"/bookings/{booking_id}", retry_on_connection_error=True
        )
        return Booking.from_json(response.json())


def parse_timestamp(value: str) -> datetime | None:
    """An ISO 8601 timestamp from the API, or None when it is empty or unreadable."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None

"""The API's objects as the web tier reads them: one pydantic model per shape the API sends.

Each model mirrors one serializer of the API (or one model of the bookings service):
the field names are the API's, a missing required field or a wrong type is an error
(`UNREADABLE_ANSWER_MESSAGE`), and unknown extra fields are ignored so the API can grow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from littlelemon.contract.roles import Role


class ApiModel(BaseModel):
    """Read-only, ignores fields it does not know (the API may add some), rejects bad types."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Category(ApiModel):
    """`{id, slug, title}`."""

    id: int
    slug: str
    title: str


class MenuItem(ApiModel):
    """`{id, title, price, featured, available, category, category_title}`."""

    id: int
    title: str
    price: Decimal
    featured: bool
    available: bool
    category: int
    category_title: str


class CartLine(ApiModel):
    """A cart line: `{id, menuitem, menuitem_name, quantity, unit_price, price}`.

    Cart lines follow the menu: `unit_price` is the dish's current price.
    """

    id: int
    menuitem: int
    menuitem_name: str
    quantity: int
    unit_price: Decimal
    price: Decimal


class OrderLine(ApiModel):
    """An order item as priced at checkout; `menuitem` is null once the dish is deleted."""

    id: int
    menuitem: int | None
    menuitem_name: str
    quantity: int
    unit_price: Decimal
    price: Decimal


class Order(ApiModel):
    """An order with its items; `status` false = pending, true = delivered (the seed's)."""

    id: int
    user: int
    username: str
    delivery_crew: int | None
    delivery_crew_username: str | None
    status: bool
    total: Decimal
    date: str
    created_at: dt.datetime
    items: tuple[OrderLine, ...]

    @property
    def delivered(self) -> bool:
        return self.status


class User(ApiModel):
    """`/auth/users/me/` and the group member lists: a user with their group names."""

    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    is_staff: bool
    groups: tuple[str, ...]


class NewUser(ApiModel):
    """The answer to a sign-up (djoser's create serializer)."""

    id: int
    username: str
    email: str


class Tokens(ApiModel):
    """An access/refresh pair from `/auth/jwt/create/` or `/auth/jwt/refresh/`."""

    access: str
    refresh: str


class Slot(ApiModel):
    """One bookable time of a date: capacity, seats booked, seats left."""

    slot: str
    capacity: int
    booked: int
    available: int


class Availability(ApiModel):
    """`GET /bookings/availability`."""

    date: str
    slots: tuple[Slot, ...]


class Booking(ApiModel):
    """A table booking as the bookings service stores it."""

    id: str
    date: str
    slot: str
    guests: int
    name: str
    note: str
    status: str
    user_id: str
    username: str
    created_at: dt.datetime

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"


class BookingList(ApiModel):
    """`GET /bookings`."""

    results: tuple[Booking, ...]


class Identity(ApiModel):
    """Who the access token says the user is (read from the API's own answer, not verified)."""

    user_id: str
    username: str
    role: Role


T = TypeVar("T", bound=ApiModel)


class ApiPage(BaseModel, Generic[T]):
    """The API's pagination envelope `{count, next, previous, results}`."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    count: int
    next: str | None
    previous: str | None
    results: tuple[T, ...]


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, with what the pagination links need."""

    count: int
    results: list[T]
    page: int
    page_size: int
    has_next: bool
    has_previous: bool

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))

    @classmethod
    def of(cls, envelope: ApiPage[T], *, page: int, page_size: int) -> Page[T]:
        return cls(
            count=envelope.count,
            results=list(envelope.results),
            page=page,
            page_size=page_size,
            has_next=envelope.next is not None,
            has_previous=envelope.previous is not None,
        )

"""The API's objects as the web tier reads them: one pydantic model per shape the API sends.

Each model mirrors one serializer of the API (or one model of the bookings service):
the field names are the API's, a missing required field or a wrong type is an error
(`UNREADABLE_ANSWER_MESSAGE`), and unknown extra fields are ignored so the API can grow.
The fields issue 11 added (photos, tags, order states, delivery details, profile) have
defaults so the site keeps working during a rolling deploy, while one tier runs the old
version: an API without them simply shows no photo, no address, no progress line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from littlelemon.contract.restaurant import (
    CANCELLED,
    DELIVERED,
    ORDER_PROGRESS,
    ORDER_STATE_LABELS,
    OUT_FOR_DELIVERY,
    RECEIVED,
    OrderState,
)
from littlelemon.contract.roles import ROLE_LABELS, Role

Tag = Literal["vegetarian", "vegan", "gluten-free", "spicy", "contains-nuts"]
TAGS: tuple[Tag, ...] = ("vegetarian", "vegan", "gluten-free", "spicy", "contains-nuts")
TAG_LABELS: dict[str, str] = {
    "vegetarian": "Vegetarian",
    "vegan": "Vegan",
    "gluten-free": "Gluten-free",
    "spicy": "Spicy",
    "contains-nuts": "Contains nuts",
}
# Customers may cancel until the order leaves the kitchen (the API enforces it too).
CANCELLABLE_STATES = frozenset(ORDER_PROGRESS[: ORDER_PROGRESS.index(OUT_FOR_DELIVERY)])


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
    description: str = ""
    tags: tuple[Tag, ...] = ()
    image: str | None = None
    image_thumbnail: str | None = None

    @property
    def tag_labels(self) -> list[str]:
        return [TAG_LABELS[tag] for tag in self.tags]


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
    placed_at: dt.datetime | None = None
    state: OrderState | None = None
    eta: dt.datetime | None = None
    delivery_address: str = ""
    delivery_phone: str = ""
    delivery_notes: str = ""

    @property
    def delivered(self) -> bool:
        return self.status

    @property
    def current_state(self) -> OrderState:
        """The order's state; an API without states has only pending and delivered."""
        if self.state is not None:
            return self.state
        return DELIVERED if self.status else RECEIVED

    @property
    def state_label(self) -> str:
        return ORDER_STATE_LABELS[self.current_state]

    @property
    def cancelled(self) -> bool:
        return self.current_state == CANCELLED

    @property
    def open(self) -> bool:
        return self.current_state not in (DELIVERED, CANCELLED)

    @property
    def cancellable(self) -> bool:
        return self.state is not None and self.state in CANCELLABLE_STATES

    @property
    def when(self) -> dt.datetime:
        return self.placed_at or self.created_at

    @property
    def progress(self) -> list[dict[str, object]]:
        """The steps of the progress line: label, done, current."""
        if self.cancelled:
            return []
        reached = ORDER_PROGRESS.index(self.current_state)
        return [
            {
                "label": ORDER_STATE_LABELS[step],
                "done": index <= reached,
                "current": index == reached,
            }
            for index, step in enumerate(ORDER_PROGRESS)
        ]


class User(ApiModel):
    """`/auth/users/me/` and the group member lists: a user with their group names."""

    id: int
    username: str
    email: str
    first_name: str
    last_name: str
    is_staff: bool
    groups: tuple[str, ...]
    phone: str = ""
    address: str = ""
    role: Role | None = None


class UserMatch(ApiModel):
    """One hit of the staff search `GET /api/users?search=`."""

    id: int
    username: str
    first_name: str
    last_name: str
    role: Role

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


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


class UserLimits(ApiModel):
    """The caller's own booking limits and what they use of them (shown before a refusal)."""

    max_active_bookings: int
    active_bookings: int
    max_guests_per_day: int
    guests_on_date: int


class Availability(ApiModel):
    """`GET /bookings/availability`: the slots, and the caller's limits."""

    date: str
    slots: tuple[Slot, ...]
    limits: UserLimits | None = None


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
    # A short human reference (null on bookings made before references existed).
    reference: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"

    @property
    def status_label(self) -> str:
        return BOOKING_STATUS_LABELS.get(self.status, self.status)


# What the bookings service's statuses read as on the restaurant floor.
BOOKING_STATUS_LABELS = {
    "confirmed": "Confirmed",
    "seated": "Seated",
    "no_show": "No-show",
    "cancelled": "Cancelled",
}


class SlotTotals(ApiModel):
    """Seats of one slot of a day as a manager sees them (`GET /bookings?date=`)."""

    slot: str
    capacity: int
    booked: int
    available: int
    seated: int
    bookings: int


class BookingList(ApiModel):
    """`GET /bookings`; a manager's `?date=` also carries the day's seats per slot."""

    results: tuple[Booking, ...]
    slots: tuple[SlotTotals, ...] | None = None


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


# The pages the client reads, parametrized once at import: each `ApiPage[X]` builds a new
# pydantic class (about 3 ms), which a worker's first page would otherwise pay for.
CategoryPage = ApiPage[Category]
MenuItemPage = ApiPage[MenuItem]
OrderPage = ApiPage[Order]
UserMatchPage = ApiPage[UserMatch]


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

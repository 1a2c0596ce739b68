"""Pydantic models of what the bookings functions take in and give back."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)

from littlelemon.contract.roles import CUSTOMER, MANAGER, Role

MANAGER_GROUP = MANAGER
DATE_FORMAT_MESSAGE = "Use the format YYYY-MM-DD."
DATE_INVALID_MESSAGE = "That day does not exist."
INVISIBLE_CHARACTER_MESSAGE = (
    "Remove the control or invisible characters (such as zero-width spaces or direction overrides)."
)
# Line breaks and tabs are text in a note; everything else of these categories is not:
# Cc control characters (NUL...), Cf format characters (zero-width spaces and joiners,
# bidi embeddings/overrides/isolates, BOM), Cs lone surrogates (not storable as UTF-8).
_NOTE_WHITESPACE = frozenset("\n\r\t")
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: object) -> object:
    # pydantic alone would also read "1733011200" as a date (seconds since 1970)
    if not isinstance(value, str):
        return value
    if not _ISO_DATE.fullmatch(value):
        raise ValueError(DATE_FORMAT_MESSAGE)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(DATE_INVALID_MESSAGE) from None


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def refuse_invisible(value: str, *, allowed: frozenset[str] = frozenset()) -> str:
    """`value` unchanged, or ValueError when it holds a control or invisible character."""
    if any(
        unicodedata.category(char) in _REFUSED_CATEGORIES and char not in allowed for char in value
    ):
        raise ValueError(INVISIBLE_CHARACTER_MESSAGE)
    return value


class Model(BaseModel):
    """Base of the models here: each builds its validator when first used, not at import.

    A function uses two to five of these models; building all of them at every cold start
    cost about 25 ms of CPU (pydantic's `defer_build`, inherited by every subclass's config).
    """

    model_config = ConfigDict(defer_build=True)


BookingStatus = Literal["confirmed", "seated", "no_show", "cancelled"]
# What a manager may set with `PATCH /bookings/{id}` (rules.status_change_error decides when).
StaffStatus = Literal["seated", "no_show", "cancelled"]
SlotText = Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}$")]


class Caller(Model):
    """Who is calling, as the JWT authorizer vouched for it."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    username: str
    groups: tuple[str, ...] = ()
    role: Role = CUSTOMER  # the api's effective role: admins are managers too
    email: str = ""  # the access token's `email` claim: where confirmations go

    @property
    def is_manager(self) -> bool:
        """Managers see, cancel and mark every booking."""
        return self.role == MANAGER


class BookingCreate(Model):
    """The body of `POST /bookings`; the caller's identity never comes from here."""

    # strict: "4" is not a number of guests and 1733011200 is not a date
    model_config = ConfigDict(strict=True, str_strip_whitespace=True, extra="ignore")

    date: IsoDate
    slot: SlotText
    guests: int
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    note: Annotated[str, StringConstraints(max_length=500)] = ""

    @field_validator("note", mode="before")
    @classmethod
    def _null_note_is_empty(cls, value: object) -> object:
        return "" if value is None else value

    @field_validator("name")
    @classmethod
    def _name_is_visible_text(cls, value: str) -> str:
        return refuse_invisible(value)

    @field_validator("note")
    @classmethod
    def _note_is_visible_text(cls, value: str) -> str:
        return refuse_invisible(value, allowed=_NOTE_WHITESPACE)


class BookingStatusChange(Model):
    """The body of `PATCH /bookings/{id}` (managers): the booking's new status."""

    # forbid: a PATCH that silently dropped `guests` would look like it had changed them
    model_config = ConfigDict(strict=True, extra="forbid")

    status: StaffStatus


class AvailabilityQuery(Model):
    """The query of `GET /bookings/availability`."""

    date: IsoDate


class BookingListQuery(Model):
    """The query of `GET /bookings`."""

    date: IsoDate | None = None


class Booking(Model):
    """A booking as stored and as answered."""

    id: str
    # the short code people read out on the phone; None only on bookings stored before it
    reference: str | None = None
    date: dt.date
    slot: str
    guests: int
    name: str
    note: str = ""
    status: BookingStatus = "confirmed"
    user_id: str
    username: str
    created_at: dt.datetime

    @property
    def is_confirmed(self) -> bool:
        """Only confirmed bookings hold seats."""
        return self.status == "confirmed"


class SlotAvailability(Model):
    """Seats of one slot on one date."""

    slot: str
    capacity: int
    booked: int
    available: int


class UserLimits(Model):
    """The caller's own limits and how much of them is used, so a form can show them first."""

    max_active_bookings: int
    active_bookings: int
    max_guests_per_day: int
    guests_on_date: int


class Availability(Model):
    """`GET /bookings/availability`: the bookable slots of a date (and the caller's limits)."""

    date: dt.date
    slots: list[SlotAvailability]
    limits: UserLimits | None = None


class SlotTotals(Model):
    """Seats of one slot of a day as a manager sees them (started and past slots too)."""

    slot: str
    capacity: int
    booked: int  # seats held: confirmed, seated and no-show bookings
    available: int
    seated: int  # guests of seated bookings
    bookings: int  # bookings holding seats


class BookingList(Model):
    """`GET /bookings`; a manager's `?date=` also gets the day's `date` and `slots`."""

    results: list[Booking] = Field(default_factory=list)
    date: dt.date | None = None
    slots: list[SlotTotals] | None = None

    def answer(self) -> dict[str, object]:
        """The JSON body: `date` and `slots` only when there are day totals."""
        if self.slots is None:
            return self.model_dump(mode="json", exclude={"date", "slots"})
        return self.model_dump(mode="json")

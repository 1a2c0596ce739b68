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

MANAGER_GROUP = "manager"
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


BookingStatus = Literal["confirmed", "cancelled"]
SlotText = Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}$")]


class Caller(BaseModel):
    """Who is calling, as the JWT authorizer vouched for it."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    username: str
    groups: tuple[str, ...] = ()

    @property
    def is_manager(self) -> bool:
        """Managers see and cancel every booking."""
        return MANAGER_GROUP in self.groups


class BookingCreate(BaseModel):
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


class AvailabilityQuery(BaseModel):
    """The query of `GET /bookings/availability`."""

    date: IsoDate


class BookingListQuery(BaseModel):
    """The query of `GET /bookings`."""

    date: IsoDate | None = None


class Booking(BaseModel):
    """A booking as stored and as answered."""

    id: str
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


class SlotAvailability(BaseModel):
    """Seats of one slot on one date."""

    slot: str
    capacity: int
    booked: int
    available: int


class UserLimits(BaseModel):
    """The caller's own limits and how much of them is used, so a form can show them first."""

    max_active_bookings: int
    active_bookings: int
    max_guests_per_day: int
    guests_on_date: int


class Availability(BaseModel):
    """`GET /bookings/availability`: the bookable slots of a date (and the caller's limits)."""

    date: dt.date
    slots: list[SlotAvailability]
    limits: UserLimits | None = None


class BookingList(BaseModel):
    """`GET /bookings`."""

    results: list[Booking] = Field(default_factory=list)

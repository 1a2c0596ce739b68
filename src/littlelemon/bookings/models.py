"""Pydantic models of what the bookings functions take in and give back."""

from __future__ import annotations

import datetime as dt
import re
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

BookingStatus = Literal["confirmed", "cancelled"]
SlotText = Annotated[str, StringConstraints(pattern=r"^\d{2}:\d{2}$")]


class Caller(BaseModel):
    """Who is calling, as the JWT authorizer vouched for it."""

    model_config = ConfigDict(frozen=True)

    user_id: str
    username: str
    groups: tuple[str, ...] = ()
    email: str = ""  # the access token's `email` claim: where confirmations go

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


class Availability(BaseModel):
    """`GET /bookings/availability`: the bookable slots of a date."""

    date: dt.date
    slots: list[SlotAvailability]


class BookingList(BaseModel):
    """`GET /bookings`."""

    results: list[Booking] = Field(default_factory=list)

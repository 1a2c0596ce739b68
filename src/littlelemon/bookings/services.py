"""Bookings business logic: plain functions over the repository, named `<entity>_<action>`.

Authorization lives here too: a booking is visible to its owner and to managers only;
to everyone else it does not exist (404, so ids cannot be probed).
"""

from __future__ import annotations

import datetime as dt
import uuid

from littlelemon.bookings import rules
from littlelemon.bookings.errors import BookingNotFound, InvalidInput
from littlelemon.bookings.models import (
    Availability,
    Booking,
    BookingCreate,
    Caller,
    SlotAvailability,
    UserLimits,
)
from littlelemon.bookings.repository import BookingRepository, PerUserLimits
from littlelemon.bookings.settings import BookingSettings


def utc_now() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


def per_user_limits(settings: BookingSettings) -> PerUserLimits:
    """The limits every user books under."""
    return PerUserLimits(
        max_active=settings.max_active_per_user,
        max_guests_per_day=settings.max_guests_per_user_per_day,
    )


def availability_get(
    *,
    repository: BookingRepository,
    settings: BookingSettings,
    day: dt.date,
    now: dt.datetime,
    caller: Caller | None = None,
) -> Availability:
    """Capacity, booked and free seats of each slot of `day` that can still be booked.

    With a `caller`, also their own limits and what they use of them, so the booking form
    can say so before a booking is refused.
    """
    if errors := rules.date_errors(day, settings, now):
        raise InvalidInput({"date": errors})
    booked = repository.slot_bookings(day)
    capacity = settings.seats_per_slot
    limits = None
    if caller is not None:
        usage = repository.user_usage(caller.user_id)
        limits = UserLimits(
            max_active_bookings=settings.max_active_per_user,
            active_bookings=len(usage.upcoming(rules.restaurant_now(settings, now).date())),
            max_guests_per_day=settings.max_guests_per_user_per_day,
            guests_on_date=usage.guests_on(day),
        )
    return Availability(
        date=day,
        limits=limits,
        slots=[
            SlotAvailability(
                slot=slot,
                capacity=capacity,
                booked=booked.get(slot, 0),
                available=max(capacity - booked.get(slot, 0), 0),
            )
            for slot in rules.open_slots(day, settings, now)
        ],
    )


def booking_create(
    *,
    repository: BookingRepository,
    settings: BookingSettings,
    caller: Caller,
    request: BookingCreate,
    now: dt.datetime,
) -> Booking:
    """Book a table for the caller; InvalidInput if the rules say no, SlotFull if no room."""
    if errors := rules.booking_errors(request, settings, now):
        raise InvalidInput(errors)
    booking = Booking(
        id=str(uuid.uuid4()),
        date=request.date,
        slot=request.slot,
        guests=request.guests,
        name=request.name,
        note=request.note,
        status="confirmed",
        user_id=caller.user_id,
        username=caller.username,
        created_at=now.astimezone(dt.UTC),
    )
    return repository.booking_add(
        booking,
        capacity=settings.seats_per_slot,
        limits=per_user_limits(settings),
        today=rules.restaurant_now(settings, now).date(),
    )


def booking_list(
    *, repository: BookingRepository, caller: Caller, day: dt.date | None
) -> list[Booking]:
    """The caller's bookings (of `day` if given); a manager asking for a `day` gets all of it."""
    if day is not None and caller.is_manager:
        return repository.bookings_of_date(day)
    return repository.bookings_of_user(caller.user_id, day=day)


def booking_get(*, repository: BookingRepository, caller: Caller, booking_id: str) -> Booking:
    """One booking the caller may see, else BookingNotFound."""
    try:
        uuid.UUID(booking_id)
    except ValueError:
        raise BookingNotFound() from None  # not an id we ever issued
    booking = repository.booking_get(booking_id)
    if booking is None or not (booking.user_id == caller.user_id or caller.is_manager):
        raise BookingNotFound()
    return booking


def booking_cancel(
    *, repository: BookingRepository, caller: Caller, booking_id: str, now: dt.datetime
) -> tuple[Booking, bool]:
    """Cancel a booking of the caller's (any, for a manager) and free its seats.

    Idempotent: cancelling a cancelled booking answers it unchanged. The flag says whether
    this call did the cancelling.
    """
    booking = booking_get(repository=repository, caller=caller, booking_id=booking_id)
    if not booking.is_confirmed:
        return booking, False
    return repository.booking_cancel(booking, at=now)

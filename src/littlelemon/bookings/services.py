"""Bookings business logic: plain functions over the repository, named `<entity>_<action>`.

Authorization lives here too: a booking is visible to its owner and to managers only;
to everyone else it does not exist (404, so ids cannot be probed).
"""

from __future__ import annotations

import datetime as dt
import uuid

from littlelemon.bookings import rules
from littlelemon.bookings.errors import BookingNotFound, InvalidInput, ManagersOnly, StatusConflict
from littlelemon.bookings.models import (
    Availability,
    Booking,
    BookingCreate,
    Caller,
    SlotAvailability,
    SlotTotals,
    StaffStatus,
)
from littlelemon.bookings.references import normalized_reference
from littlelemon.bookings.repository import BookingRepository
from littlelemon.bookings.settings import BookingSettings


def utc_now() -> dt.datetime:
    """The current time, timezone-aware UTC."""
    return dt.datetime.now(dt.UTC)


def availability_get(
    *, repository: BookingRepository, settings: BookingSettings, day: dt.date, now: dt.datetime
) -> Availability:
    """Capacity, booked and free seats of each slot of `day` that can still be booked."""
    if errors := rules.date_errors(day, settings, now):
        raise InvalidInput({"date": errors})
    booked = repository.slot_bookings(day)
    capacity = settings.seats_per_slot
    return Availability(
        date=day,
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
    return repository.booking_add(booking, capacity=settings.seats_per_slot)


def booking_list(
    *, repository: BookingRepository, caller: Caller, day: dt.date | None
) -> list[Booking]:
    """The caller's bookings (of `day` if given); a manager asking for a `day` gets all of it."""
    if day is not None and caller.is_manager:
        return repository.bookings_of_date(day)
    return repository.bookings_of_user(caller.user_id, day=day)


def slot_totals(*, bookings: list[Booking], settings: BookingSettings) -> list[SlotTotals]:
    """Seats per slot of a day from its bookings: every slot, started and past ones too.

    Counted from the day's bookings (the managers' index), so it needs no second read and
    also tells who was seated; the seat counters stay the authority for new bookings.
    """
    capacity = settings.seats_per_slot
    totals: list[SlotTotals] = []
    for slot in rules.slot_times(settings):
        holding = [b for b in bookings if b.slot == slot and b.status != "cancelled"]
        booked = sum(b.guests for b in holding)
        totals.append(
            SlotTotals(
                slot=slot,
                capacity=capacity,
                booked=booked,
                available=max(capacity - booked, 0),
                seated=sum(b.guests for b in holding if b.status == "seated"),
                bookings=len(holding),
            )
        )
    return totals


def booking_get(*, repository: BookingRepository, caller: Caller, booking_id: str) -> Booking:
    """One booking the caller may see, by its id or its reference, else BookingNotFound."""
    reference = normalized_reference(booking_id)
    if reference is not None:
        booking = repository.booking_by_reference(reference)
    else:
        try:
            uuid.UUID(booking_id)
        except ValueError:
            raise BookingNotFound() from None  # not an id or reference we ever issued
        booking = repository.booking_get(booking_id)
    if booking is None or not (booking.user_id == caller.user_id or caller.is_manager):
        raise BookingNotFound()
    return booking


def booking_cancel(
    *, repository: BookingRepository, caller: Caller, booking_id: str, now: dt.datetime
) -> tuple[Booking, bool]:
    """Cancel a booking of the caller's (any, for a manager) and free its seats.

    Idempotent: cancelling a cancelled booking answers it unchanged. The flag says whether
    this call did the cancelling. StatusConflict once the guests were seated or did not come.
    """
    booking = booking_get(repository=repository, caller=caller, booking_id=booking_id)
    if booking.status == "cancelled":
        return booking, False
    if booking.is_confirmed:
        booking, cancelled_now = repository.booking_cancel(booking, at=now)
        if booking.status == "cancelled":
            return booking, cancelled_now
    # seated or no-show (also when a manager marked it a moment ago): nothing to cancel
    raise StatusConflict(rules.CANCEL_AFTER_OUTCOME, current=booking.status)


# A concurrent change (a cancel by the owner, another manager) makes the conditional write
# fail; the booking is read again and the rules decide on what it is now.
_STATUS_ATTEMPTS = 3


def booking_status_set(
    *,
    repository: BookingRepository,
    settings: BookingSettings,
    caller: Caller,
    booking_id: str,
    status: StaffStatus,
    now: dt.datetime,
) -> tuple[Booking, bool]:
    """A manager marks a booking seated, no-show or cancelled (which frees its seats).

    ManagersOnly for anyone else, BookingNotFound, StatusConflict when the rules say no.
    The flag says whether this call changed the booking.
    """
    if not caller.is_manager:
        raise ManagersOnly()
    for _ in range(_STATUS_ATTEMPTS):
        booking = booking_get(repository=repository, caller=caller, booking_id=booking_id)
        if error := rules.status_change_error(booking, status, settings, now):
            raise StatusConflict(error, current=booking.status)
        if status == booking.status:
            return booking, False
        if status == "cancelled":
            cancelled, changed = repository.booking_cancel(booking, at=now)
            if changed:
                return cancelled, True
            continue
        updated = repository.booking_set_status(booking, status=status, at=now)
        if updated is not None:
            return updated, True
    raise StatusConflict(rules.STATUS_CHANGED_MEANWHILE, current=booking.status)

"""Booking rules: opening hours, slots, how far ahead, party size. Pure functions of the settings.

"Today", "too far ahead" and "already started" are judged on the restaurant's clock
(`RESTAURANT_TIME_ZONE`, America/Chicago by default), never on UTC.
"""

from __future__ import annotations

import datetime as dt

from littlelemon.bookings.models import Booking, BookingCreate, StaffStatus
from littlelemon.bookings.settings import BookingSettings

DATE_IN_PAST = "That date is in the past."
DATE_TOO_FAR = "Bookings open at most {days} days ahead."
SLOT_UNKNOWN = "Choose one of the slots {slots}."
SLOT_STARTED = "That slot has already started."
GUESTS_OUT_OF_RANGE = "Must be {minimum} to {maximum}."
# `PATCH /bookings/{id}`: why a manager cannot set that status now (409)
STATUS_OF_CANCELLED = "This booking was cancelled; it cannot be changed."
SEATED_BEFORE_THE_DAY = "Guests can be seated from the day of their booking on."
NO_SHOW_BEFORE_THE_SLOT = "A booking becomes a no-show only once its slot has started."
OUTCOME_IS_FINAL = "Seated and no-show are final once the day of the booking is over."
STATUS_CHANGED_MEANWHILE = "This booking is being changed by someone else; try again."
CANCEL_AFTER_OUTCOME = "A booking whose guests were seated or did not come cannot be cancelled."


def slot_times(settings: BookingSettings) -> tuple[str, ...]:
    """Start times ("HH:MM") of the slots of a day: from opening, each ending by closing."""
    day = dt.date(2000, 1, 1)  # any date: only the time of day matters
    start = dt.datetime.combine(day, settings.opens)
    closes = dt.datetime.combine(day, settings.closes)
    step = dt.timedelta(minutes=settings.slot_minutes)
    slots: list[str] = []
    while start + step <= closes:
        slots.append(start.strftime("%H:%M"))
        start += step
    return tuple(slots)


def restaurant_now(settings: BookingSettings, now: dt.datetime) -> dt.datetime:
    """`now` (timezone-aware) on the restaurant's clock."""
    return now.astimezone(settings.zone)


def date_errors(day: dt.date, settings: BookingSettings, now: dt.datetime) -> list[str]:
    """Why `day` cannot be booked (empty when it can)."""
    today = restaurant_now(settings, now).date()
    if day < today:
        return [DATE_IN_PAST]
    if day > today + dt.timedelta(days=settings.max_days_ahead):
        return [DATE_TOO_FAR.format(days=settings.max_days_ahead)]
    return []


def slot_started(day: dt.date, slot: str, settings: BookingSettings, now: dt.datetime) -> bool:
    """Whether the slot starting at `slot` on `day` has begun on the restaurant's clock."""
    starts = dt.datetime.combine(day, dt.time.fromisoformat(slot), tzinfo=settings.zone)
    return starts <= now


def open_slots(day: dt.date, settings: BookingSettings, now: dt.datetime) -> tuple[str, ...]:
    """The slots of `day` that can still be booked (today's started slots are gone)."""
    if date_errors(day, settings, now):
        return ()
    return tuple(
        slot for slot in slot_times(settings) if not slot_started(day, slot, settings, now)
    )


def booking_errors(
    request: BookingCreate, settings: BookingSettings, now: dt.datetime
) -> dict[str, list[str]]:
    """Field errors of a booking request against the rules (empty when it may be booked)."""
    errors: dict[str, list[str]] = {}
    if day_errors := date_errors(request.date, settings, now):
        errors["date"] = day_errors
    slots = slot_times(settings)
    if request.slot not in slots:
        errors["slot"] = [SLOT_UNKNOWN.format(slots=", ".join(slots))]
    elif not day_errors and slot_started(request.date, request.slot, settings, now):
        errors["slot"] = [SLOT_STARTED]
    if not settings.min_guests <= request.guests <= settings.max_guests:
        errors["guests"] = [
            GUESTS_OUT_OF_RANGE.format(minimum=settings.min_guests, maximum=settings.max_guests)
        ]
    return errors


def status_change_error(
    booking: Booking, status: StaffStatus, settings: BookingSettings, now: dt.datetime
) -> str | None:
    """Why a manager may not set `status` on `booking` now (None when they may).

    confirmed -> seated (from the booking's day on), -> no_show (once its slot started),
    -> cancelled (any time, as its owner may); seated <-> no_show only during the booking's
    day, to correct a slip; cancelled is the end. Setting the status a booking already has
    changes nothing and is allowed, so a retried request answers as the first did.
    """
    if status == booking.status:
        return None
    if booking.status == "cancelled":
        return STATUS_OF_CANCELLED
    today = restaurant_now(settings, now).date()
    if status == "cancelled":
        return None if booking.status == "confirmed" else CANCEL_AFTER_OUTCOME
    if booking.status != "confirmed" and booking.date < today:
        return OUTCOME_IS_FINAL
    if status == "seated" and booking.date > today:
        return SEATED_BEFORE_THE_DAY
    if status == "no_show" and not slot_started(booking.date, booking.slot, settings, now):
        return NO_SHOW_BEFORE_THE_SLOT
    return None

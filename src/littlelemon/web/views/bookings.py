"""Table bookings against the bookings service: availability, book, my bookings, cancel.

The service may be down while the rest of the site works, so its failures render an honest
"bookings unavailable" message on the bookings pages instead of the site-wide 503 page. A
booking is only ever shown as made after the service answered with the stored booking.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

import httpx
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from littlelemon.web.auth import api_client, current_identity, login_required, manager_required
from littlelemon.web.client import (
    ApiClient,
    ApiConflictError,
    ApiUnavailableError,
    ApiValidationError,
    Booking,
    Slot,
    UserLimits,
)
from littlelemon.web.forms import (
    AvailabilityForm,
    BookingForm,
    BookingMarkForm,
    DayForm,
    apply_api_errors,
    posted,
)
from littlelemon.web.views.confirm import confirm_page

logger = logging.getLogger(__name__)

BOOKINGS_UNAVAILABLE_MESSAGE = (
    "Table bookings are unavailable right now. Please try again in a few minutes."
)
BOOKING_NOT_STORED_MESSAGE = (
    "Your booking was NOT made: the bookings service could not be reached. Please try again."
)
# Said when the service may have stored the booking but could not confirm it: never "not made".
BOOKING_UNCONFIRMED_MESSAGE = (
    "We could not confirm your booking yet: the bookings service is slow to answer. "
    "It may already be made: check My bookings. Sending this form again never books twice."
)
LIMITS_MESSAGE = (
    "You have {active} of {max_active} upcoming bookings, and {guests} of {max_guests} "
    "guests booked on this day."
)
BOOKING_CONFIRMED_MESSAGE = "Your table is booked: {guests} on {date} at {slot}."
BOOKING_REFERENCE_MESSAGE = " Your reference is {reference}."
DUPLICATE_BOOKING_MESSAGE = (
    "You already have a table on {date} at {slot}. Book a second one only if you mean to."
)
BOOKING_CANCELLED_MESSAGE = "Your booking for {date} at {slot} is cancelled."
CANCEL_FAILED_MESSAGE = "The booking could not be cancelled right now. Please try again."
BOOKING_MARKED_MESSAGE = "{name}'s table at {slot}: {label}."
MARK_FAILED_MESSAGE = "The booking could not be changed right now. Please try again."


def guests_text(guests: int) -> str:
    """ "1 guest", "3 guests"."""
    return f"{guests} guest" if guests == 1 else f"{guests} guests"


def _unavailable(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    context = {**context, "bookings_unavailable": BOOKINGS_UNAVAILABLE_MESSAGE}
    return render(request, template, context, status=503)


def _slot_choices(slots: list[Slot]) -> list[tuple[str, str]]:
    return [
        (slot.slot, f"{slot.slot} — {slot.available} seats left")
        for slot in slots
        if slot.available > 0
    ]


@login_required
def bookings(request: HttpRequest) -> HttpResponse:
    """My bookings and the date picker that leads to a new one."""
    form = AvailabilityForm(initial={"date": timezone.localdate()})
    try:
        mine: list[Booking] = api_client(request).bookings.find()
    except ApiUnavailableError as error:
        logger.warning("bookings service unavailable: %s", error)
        return _unavailable(request, "web/bookings/list.html", {"form": form})
    today = timezone.localdate().isoformat()
    upcoming = [b for b in mine if b.date >= today and b.confirmed]
    past = [b for b in mine if b not in upcoming]
    context = {"form": form, "upcoming": upcoming, "past": past}
    return render(request, "web/bookings/list.html", context)


def _chosen_day(request: HttpRequest) -> tuple[date | None, AvailabilityForm]:
    """The date asked for (query string or the booking form), today when none is given;
    None when the date cannot be booked (the form then says only why)."""
    source = request.POST if request.method == "POST" else request.GET
    today = timezone.localdate()
    form = AvailabilityForm(source if "date" in source else None, initial={"date": today})
    if not form.is_bound:
        return today, form
    return (form.cleaned_data["date"] if form.is_valid() else None), form


@login_required
def booking_new(request: HttpRequest) -> HttpResponse:
    """Availability for the chosen date (GET) and the booking itself (POST)."""
    client = api_client(request)
    day, date_form = _chosen_day(request)
    context: dict[str, object] = {"date_form": date_form, "day": day}
    if day is None:
        return render(request, "web/bookings/new.html", context, status=400)
    identity = current_identity(request)
    initial = {"date": day, "name": identity.username if identity else ""}
    try:
        answer = client.bookings.availability(day.isoformat())
    except ApiUnavailableError as error:
        logger.warning("bookings service unavailable: %s", error)
        # A posted form comes back filled in, with its key: sending it later books once.
        chosen = str(request.POST.get("slot") or "")
        kept = BookingForm(posted(request), initial=initial, slots=[(chosen, chosen)])
        return _unavailable(request, "web/bookings/new.html", {**context, "form": kept})
    except ApiValidationError as error:
        apply_api_errors(date_form, error)
        slots: list[Slot] = []
        limits = None
    else:
        slots, limits = list(answer.slots), answer.limits
    form = BookingForm(posted(request), initial=initial, slots=_slot_choices(slots))
    context.update({"slots": slots, "form": form, "limits": _limits_text(limits)})
    if request.method == "POST" and form.is_valid():
        # Once the user has confirmed a second booking for the slot, no need to look again.
        confirmed_second = bool(request.POST.get("second_booking"))
        duplicate = None if confirmed_second else _same_slot_booking(client, form)
        if duplicate is not None:
            context["duplicate_warning"] = DUPLICATE_BOOKING_MESSAGE.format(
                date=duplicate.date, slot=duplicate.slot
            )
            return render(request, "web/bookings/new.html", context, status=409)
        return _book(request, client, form, context)
    return render(request, "web/bookings/new.html", context, status=400 if form.errors else 200)


def _limits_text(limits: UserLimits | None) -> str:
    if limits is None:
        return ""
    return LIMITS_MESSAGE.format(
        active=limits.active_bookings,
        max_active=limits.max_active_bookings,
        guests=limits.guests_on_date,
        max_guests=limits.max_guests_per_day,
    )


def _never_reached(error: ApiUnavailableError) -> bool:
    """True when the request surely never reached the service (the connection was refused)."""
    return isinstance(error.__cause__, httpx.ConnectError)


def _create_or_find(client: ApiClient, form: BookingForm) -> Booking:
    """Create the booking; after a lost answer, ask again with the same idempotency key.

    A create can time out here and still be stored (DynamoDB paused for 9.5 s in the
    review): the service answers a repeat of the same key with the booking it stored, so
    the second answer tells whether the first one was made.
    """
    data = form.cleaned_data
    fields = {
        "date": data["date"].isoformat(),
        "slot": data["slot"],
        "guests": data["guests"],
        "name": data["name"],
        "note": data["note"],
        "idempotency_key": str(data["idempotency_key"]),
    }
    try:
        return client.bookings.create(**fields)
    except ApiUnavailableError as error:
        if _never_reached(error):
            raise
        logger.warning("booking create got no answer, asking again with its key: %s", error)
    return client.bookings.create(**fields)


def _same_slot_booking(client: ApiClient, form: BookingForm) -> Booking | None:
    """The user's confirmed booking at the same date and time, if any."""
    wanted = (form.cleaned_data["date"].isoformat(), form.cleaned_data["slot"])
    try:
        mine = client.bookings.find()
    except ApiUnavailableError as error:
        # The booking itself will say whether the service is back; the warning is a nicety.
        logger.info("could not check for a second booking: %s", error)
        return None
    return next((b for b in mine if b.confirmed and (b.date, b.slot) == wanted), None)


def _book(
    request: HttpRequest, client: ApiClient, form: BookingForm, context: dict[str, object]
) -> HttpResponse:
    """Store the booking; claim success only with the stored booking in hand."""
    try:
        booking = _create_or_find(client, form)
    except ApiUnavailableError as error:
        logger.warning("booking not confirmed by the service: %s", error)
        message = (
            BOOKING_NOT_STORED_MESSAGE if _never_reached(error) else BOOKING_UNCONFIRMED_MESSAGE
        )
        form.add_error(None, message)
        return render(request, "web/bookings/new.html", context, status=503)
    except ApiConflictError as error:
        if error.code == "request_in_progress":
            # The first request is still being stored: it may well succeed.
            form.add_error(None, BOOKING_UNCONFIRMED_MESSAGE)
            return render(request, "web/bookings/new.html", context, status=503)
        apply_api_errors(form, error)
        return render(request, "web/bookings/new.html", context, status=400)
    except ApiValidationError as error:
        apply_api_errors(form, error)
        return render(request, "web/bookings/new.html", context, status=400)
    message = BOOKING_CONFIRMED_MESSAGE.format(
        guests=guests_text(booking.guests), date=booking.date, slot=booking.slot
    )
    if booking.reference:
        message += BOOKING_REFERENCE_MESSAGE.format(reference=booking.reference)
    messages.success(request, message)
    return HttpResponseRedirect(reverse("booking", args=[booking.id]))


@login_required
def booking(request: HttpRequest, booking_id: str) -> HttpResponse:
    try:
        the_booking = api_client(request).bookings.get(booking_id)
    except ApiUnavailableError as error:
        logger.warning("bookings service unavailable: %s", error)
        return _unavailable(request, "web/bookings/detail.html", {})
    return render(request, "web/bookings/detail.html", {"booking": the_booking})


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, booking_id: str) -> HttpResponse:
    """GET asks to confirm; POST cancels."""
    if request.method == "GET":
        try:
            the_booking = api_client(request).bookings.get(booking_id)
        except ApiUnavailableError:
            return _unavailable(request, "web/bookings/detail.html", {})
        return confirm_page(
            request,
            title="Cancel this booking?",
            question=f"Your table for {guests_text(the_booking.guests)} on "
            f"{the_booking.date} at {the_booking.slot} will be given to someone else.",
            confirm_label="Cancel the booking",
            back_url=reverse("booking", args=[booking_id]),
            back_label="Keep the booking",
        )
    try:
        cancelled = api_client(request).bookings.cancel(booking_id)
    except ApiUnavailableError as error:
        logger.warning("booking cancel not confirmed: %s", error)
        messages.error(request, CANCEL_FAILED_MESSAGE)
        return HttpResponseRedirect(reverse("booking", args=[booking_id]))
    message = BOOKING_CANCELLED_MESSAGE.format(date=cancelled.date, slot=cancelled.slot)
    messages.success(request, message)
    return HttpResponseRedirect(reverse("bookings"))


@manager_required
def bookings_of_day(request: HttpRequest) -> HttpResponse:
    """Every booking of one date (today by default) and its seats per slot, for the floor."""
    form = DayForm(request.GET or None, initial={"date": timezone.localdate()})
    day: date = form.cleaned_data["date"] if form.is_valid() else timezone.localdate()
    context: dict[str, object] = {
        "form": form,
        "day": day,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
    }
    try:
        listing = api_client(request).bookings.day(day.isoformat())
    except ApiUnavailableError as error:
        logger.warning("bookings service unavailable: %s", error)
        return _unavailable(request, "web/manage/bookings.html", context)
    confirmed = [b for b in listing.results if b.confirmed]
    context.update(
        {
            "bookings": sorted(listing.results, key=lambda b: (b.slot, b.name)),
            "guests": sum(b.guests for b in confirmed),
            "slots": [slot for slot in listing.slots or () if slot.bookings],
        }
    )
    return render(request, "web/manage/bookings.html", context)


@manager_required
@require_http_methods(["GET", "POST"])
def booking_mark(request: HttpRequest, booking_id: str) -> HttpResponse:
    """POST marks a booking seated, no-show or cancelled; GET confirms a cancellation first."""
    form = BookingMarkForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        return HttpResponseRedirect(reverse("manage-bookings"))
    status = form.cleaned_data["status"]
    client = api_client(request)
    if request.method == "GET":
        try:
            the_booking = client.bookings.get(booking_id)
        except ApiUnavailableError:
            return _unavailable(request, "web/bookings/detail.html", {})
        return confirm_page(
            request,
            title="Cancel this booking?",
            question=f"{the_booking.name}'s table for {guests_text(the_booking.guests)} "
            f"on {the_booking.date} at {the_booking.slot} will be given to someone else.",
            confirm_label="Cancel the booking",
            back_url=f"{reverse('manage-bookings')}?date={the_booking.date}",
            back_label="Keep the booking",
            hidden={"status": status},
        )
    try:
        marked = client.bookings.mark(booking_id, status)
    except ApiUnavailableError as error:
        logger.warning("booking status change not confirmed: %s", error)
        messages.error(request, MARK_FAILED_MESSAGE)
        return HttpResponseRedirect(reverse("manage-bookings"))
    except ApiConflictError as error:
        messages.error(request, error.detail)
        return HttpResponseRedirect(reverse("manage-bookings"))
    label = marked.status_label.lower()
    messages.success(
        request, BOOKING_MARKED_MESSAGE.format(name=marked.name, slot=marked.slot, label=label)
    )
    return HttpResponseRedirect(f"{reverse('manage-bookings')}?date={marked.date}")

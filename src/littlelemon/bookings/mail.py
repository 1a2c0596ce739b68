"""The booking confirmation e-mail, written into the shared outbox (littlelemon.mailer).

The bookings functions run outside the VPC but send no mail themselves: like the API they
put the message into the outbox table, and the mailer function sends it through SES. The
address comes from the access token's `email` claim (the API mints it); without one, or
without MAIL_OUTBOX_TABLE, nothing is sent.
"""

from __future__ import annotations

import os
from email.message import EmailMessage

from littlelemon.bookings.models import Booking, Caller
from littlelemon.bookings.observability import logger
from littlelemon.bookings.wiring import dynamodb_client
from littlelemon.mailer import outbox

SENDER_VARIABLE = "MAIL_FROM"
DEFAULT_SENDER = "Little Lemon <no-reply@littlelemon.example>"
SUBJECT = "Little Lemon: your table on {date} at {slot}"


def booking_confirmation(*, booking: Booking, to: str, sender: str) -> EmailMessage:
    """The confirmation of one booking, as plain text."""
    guests = "1 guest" if booking.guests == 1 else f"{booking.guests} guests"
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = SUBJECT.format(date=booking.date.isoformat(), slot=booking.slot)
    lines = [
        f"Hello {booking.name},",
        "",
        f"your table for {guests} on {booking.date:%A %d %B %Y} at {booking.slot} is booked.",
        f"Booking: {booking.id}",
    ]
    if booking.note:
        lines += [f"Your note: {booking.note}"]
    lines += ["", "See you soon,", "Little Lemon"]
    message.set_content("\n".join(lines))
    return message


def booking_confirmation_send(*, booking: Booking, caller: Caller) -> bool:
    """Put the confirmation into the outbox; False when there is no address or no outbox.

    A failing outbox never fails the booking: the guest has their table, the error is logged.
    """
    table = os.environ.get(outbox.TABLE_VARIABLE, "")
    if not table or not caller.email:
        return False
    sender = os.environ.get(SENDER_VARIABLE) or DEFAULT_SENDER
    message = booking_confirmation(booking=booking, to=caller.email, sender=sender)
    try:
        outbox.outbox_put(
            dynamodb_client(),
            table=table,
            raw=message.as_bytes(),
            recipients=[caller.email],
        )
    except Exception:
        logger.exception("booking confirmation not written to the outbox")
        return False
    return True

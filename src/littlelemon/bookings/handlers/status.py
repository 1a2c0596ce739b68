"""`PATCH /bookings/{id}`: a manager marks a booking seated, no-show or cancelled."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from littlelemon.bookings import services, wiring
from littlelemon.bookings.http import Request, json_response, respond
from littlelemon.bookings.models import BookingStatusChange
from littlelemon.bookings.observability import BOOKINGS_CANCELLED, count, logger, tracer
from littlelemon.bookings.settings import get_settings


def status(request: Request) -> dict[str, Any]:
    """Set the status named in the body; answer the booking as it is now."""
    change = request.body(BookingStatusChange)
    booking, changed = services.booking_status_set(
        repository=wiring.repository(),
        settings=get_settings(),
        caller=request.caller,
        booking_id=request.path_parameter("id"),
        status=change.status,
        now=services.utc_now(),
    )
    if changed:
        if booking.status == "cancelled":
            count(BOOKINGS_CANCELLED)
        logger.info("booking marked", extra={"booking_id": booking.id, "status": booking.status})
    return json_response(200, booking.model_dump(mode="json"))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler(capture_response=False)  # traces keep no guest data
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point."""
    return respond(event, context, status)

"""`DELETE /bookings/{id}`: cancel a booking and free its seats (idempotent; owner or manager)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from littlelemon.bookings import services, wiring
from littlelemon.bookings.http import Request, json_response, respond
from littlelemon.bookings.observability import BOOKINGS_CANCELLED, count, logger, tracer


def cancel(request: Request) -> dict[str, Any]:
    """Cancel the booking named in the path; answer it with status "cancelled"."""
    booking, cancelled_now = services.booking_cancel(
        repository=wiring.repository(),
        caller=request.caller,
        booking_id=request.path_parameter("id"),
        now=services.utc_now(),
    )
    if cancelled_now:
        count(BOOKINGS_CANCELLED)
        logger.info("booking cancelled", extra={"booking_id": booking.id})
    return json_response(200, booking.model_dump(mode="json"))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler(capture_response=False)  # traces keep no guest data
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point."""
    return respond(event, context, cancel)

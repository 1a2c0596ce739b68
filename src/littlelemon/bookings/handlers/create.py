"""`POST /bookings`: book a table (transactional; idempotent under `Idempotency-Key`)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from littlelemon.bookings.errors import BookingsError
from littlelemon.bookings.http import Request, json_response, respond
from littlelemon.bookings.idempotency import IDEMPOTENCY_HEADER, booking_create_once
from littlelemon.bookings.models import BookingCreate
from littlelemon.bookings.observability import BOOKINGS_REJECTED, count, logger, tracer


def create(request: Request) -> dict[str, Any]:
    """Validate, book, answer 201 with the booking (the same one again for a repeated key)."""
    try:
        booking = booking_create_once(
            caller=request.caller,
            request=request.body(BookingCreate),
            key=request.header(IDEMPOTENCY_HEADER),
            context=request.context,
        )
    except BookingsError as error:
        count(BOOKINGS_REJECTED, reason=error.code)
        raise
    return json_response(201, booking, headers={"location": f"/bookings/{booking['id']}"})


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler(capture_response=False)  # traces keep no guest data
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point."""
    return respond(event, context, create)

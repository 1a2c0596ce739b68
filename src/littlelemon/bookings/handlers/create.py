"""`POST /bookings`: book a table (transactional; idempotent under `Idempotency-Key`)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from littlelemon.bookings import services, wiring
from littlelemon.bookings.errors import (
    BookingsError,
    IdempotencyKeyReused,
    InvalidInput,
    RequestInProgress,
)
from littlelemon.bookings.http import Request, json_response, respond
from littlelemon.bookings.idempotency import MAX_KEY_LENGTH, booking_create_once
from littlelemon.bookings.models import BookingCreate
from littlelemon.bookings.observability import (
    BOOKINGS_CREATED,
    BOOKINGS_REJECTED,
    count,
    logger,
    tracer,
)
from littlelemon.bookings.settings import get_settings

IDEMPOTENCY_HEADER = "Idempotency-Key"
KEY_TOO_LONG = f"At most {MAX_KEY_LENGTH} characters."


def create(request: Request) -> dict[str, Any]:
    """Validate, book, answer 201 with the booking (the same one again for a repeated key)."""
    payload = request.body(BookingCreate)
    key = request.header(IDEMPOTENCY_HEADER)
    try:
        if key:
            if len(key) > MAX_KEY_LENGTH:
                raise InvalidInput({IDEMPOTENCY_HEADER: [KEY_TOO_LONG]})
            booking = booking_create_once(
                caller=request.caller, request=payload, key=key, context=request.context
            )
        else:
            booking = services.booking_create(
                repository=wiring.repository(),
                settings=get_settings(),
                caller=request.caller,
                request=payload,
                now=services.utc_now(),
            ).model_dump(mode="json")
    except IdempotencyValidationError:
        raise IdempotencyKeyReused() from None
    except IdempotencyAlreadyInProgressError:
        raise RequestInProgress() from None
    except BookingsError as error:
        count(BOOKINGS_REJECTED, reason=error.code)
        raise
    count(BOOKINGS_CREATED)
    logger.info("booking created", extra={"booking_id": booking["id"], "slot": booking["slot"]})
    return json_response(201, booking, headers={"location": f"/bookings/{booking['id']}"})


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler(capture_response=False)  # traces keep no guest data
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point."""
    return respond(event, context, create)

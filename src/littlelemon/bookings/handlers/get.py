"""`GET /bookings/{id}`: one booking (404 when unknown or someone else's, unless a manager asks)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from littlelemon.bookings import services, wiring
from littlelemon.bookings.http import Request, json_response, respond
from littlelemon.bookings.observability import logger, tracer


def booking(request: Request) -> dict[str, Any]:
    """The booking named in the path."""
    found = services.booking_get(
        repository=wiring.repository(),
        caller=request.caller,
        booking_id=request.path_parameter("id"),
    )
    return json_response(200, found.model_dump(mode="json"))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler(capture_response=False)  # traces keep no guest data
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point."""
    return respond(event, context, booking)

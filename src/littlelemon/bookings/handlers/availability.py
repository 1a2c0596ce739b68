"""`GET /bookings/availability?date=YYYY-MM-DD`: capacity, booked and free seats per slot."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from littlelemon.bookings import services, wiring
from littlelemon.bookings.http import Request, json_response, respond
from littlelemon.bookings.models import AvailabilityQuery
from littlelemon.bookings.observability import logger, tracer
from littlelemon.bookings.settings import get_settings


def availability(request: Request) -> dict[str, Any]:
    """The bookable slots of the requested date, and the caller's own limits."""
    query = request.query(AvailabilityQuery)
    result = services.availability_get(
        repository=wiring.repository(),
        settings=get_settings(),
        day=query.date,
        now=services.utc_now(),
        caller=request.caller,
    )
    return json_response(200, result.model_dump(mode="json"))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler(capture_response=False)  # traces keep no guest data
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point."""
    return respond(event, context, availability)

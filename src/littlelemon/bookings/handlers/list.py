"""`GET /bookings[?date=YYYY-MM-DD]`: the caller's bookings; a manager's `date` gets all of it.

With the seats per slot of that day (`slots`), so the manager's page needs one call per day.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from littlelemon.bookings import services, wiring
from littlelemon.bookings.http import Request, json_response, respond
from littlelemon.bookings.models import BookingList, BookingListQuery
from littlelemon.bookings.observability import logger, tracer
from littlelemon.bookings.settings import get_settings


def bookings(request: Request) -> dict[str, Any]:
    """The bookings the caller may list."""
    query = request.query(BookingListQuery)
    results = services.booking_list(
        repository=wiring.repository(), caller=request.caller, day=query.date
    )
    answer = BookingList(results=results)
    if query.date is not None and request.caller.is_manager:
        # a manager's day: seats per slot beside the bookings, past and started slots too
        answer.date = query.date
        answer.slots = services.slot_totals(bookings=results, settings=get_settings())
    return json_response(200, answer.answer())


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler(capture_response=False)  # traces keep no guest data
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    """Lambda entry point."""
    return respond(event, context, bookings)

"""`POST /bookings` under an `Idempotency-Key` header: the Powertools idempotency utility.

Records live in the bookings table itself (PK `idempotency#<function>`, SK `<function>#<hash>`,
expiring through the table's TTL attribute), so the service keeps a single table. The key is
scoped to the caller (`sub` + header): one user's key can never replay another's booking.
The same key with a different body is refused (422) instead of silently replaying.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.idempotency import (
    DynamoDBPersistenceLayer,
    IdempotencyConfig,
    idempotent_function,
)
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.typing import LambdaContext

from littlelemon.bookings import services
from littlelemon.bookings.errors import IdempotencyKeyReused, InvalidInput, RequestInProgress
from littlelemon.bookings.mail import booking_confirmation_send
from littlelemon.bookings.models import BookingCreate, Caller
from littlelemon.bookings.observability import BOOKINGS_CREATED, count, logger
from littlelemon.bookings.settings import get_settings
from littlelemon.bookings.table import PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE
from littlelemon.bookings.wiring import dynamodb_client, repository

IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEY_TOO_LONG = f"At most {MAX_KEY_LENGTH} characters."

CreateOnce = Callable[..., dict[str, Any]]


@cache
def idempotent_booking_create() -> tuple[CreateOnce, IdempotencyConfig]:
    """The create service wrapped by Powertools, built once per process."""
    settings = get_settings()
    persistence = DynamoDBPersistenceLayer(
        table_name=settings.table_name,
        key_attr=PARTITION_KEY,
        sort_key_attr=SORT_KEY,
        expiry_attr=TTL_ATTRIBUTE,
        boto3_client=dynamodb_client(),
    )
    config = IdempotencyConfig(
        event_key_jmespath="[user_id, key]",
        payload_validation_jmespath="request",
        expires_after_seconds=settings.idempotency_ttl_seconds,
    )

    def create(
        *, attempt: dict[str, Any], caller: Caller, request: BookingCreate
    ) -> dict[str, Any]:
        return _create(caller=caller, request=request)

    once: CreateOnce = idempotent_function(
        data_keyword_argument="attempt", persistence_store=persistence, config=config
    )(create)
    return once, config


def _create(*, caller: Caller, request: BookingCreate) -> dict[str, Any]:
    booking = services.booking_create(
        repository=repository(),
        settings=get_settings(),
        caller=caller,
        request=request,
        now=services.utc_now(),
    )
    count(BOOKINGS_CREATED)  # here, so a replayed answer is not counted again
    booking_confirmation_send(booking=booking, caller=caller)  # nor mailed again
    logger.info("booking created", extra={"booking_id": booking.id, "slot": booking.slot})
    return booking.model_dump(mode="json")


def booking_create_once(
    *, caller: Caller, request: BookingCreate, key: str | None, context: LambdaContext | None
) -> dict[str, Any]:
    """Create the booking; with a `key`, answer the one this caller created with it before.

    Raises the domain errors of `services.booking_create`, plus InvalidInput for an overlong
    key, IdempotencyKeyReused and RequestInProgress.
    """
    if not key:
        return _create(caller=caller, request=request)
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidInput({IDEMPOTENCY_HEADER: [KEY_TOO_LONG]})
    create, config = idempotent_booking_create()
    if context is not None:
        # lets Powertools expire an in-progress record when the function times out
        config.register_lambda_context(context)
    attempt = {"user_id": caller.user_id, "key": key, "request": request.model_dump(mode="json")}
    try:
        return create(attempt=attempt, caller=caller, request=request)
    except IdempotencyValidationError:
        raise IdempotencyKeyReused() from None
    except IdempotencyAlreadyInProgressError:
        raise RequestInProgress() from None

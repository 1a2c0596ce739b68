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
from aws_lambda_powertools.utilities.typing import LambdaContext

from littlelemon.bookings import services
from littlelemon.bookings.models import BookingCreate, Caller
from littlelemon.bookings.settings import get_settings
from littlelemon.bookings.table import PARTITION_KEY, SORT_KEY, TTL_ATTRIBUTE
from littlelemon.bookings.wiring import dynamodb_client, repository

MAX_KEY_LENGTH = 255

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
        booking = services.booking_create(
            repository=repository(),
            settings=settings,
            caller=caller,
            request=request,
            now=services.utc_now(),
        )
        return booking.model_dump(mode="json")

    once: CreateOnce = idempotent_function(
        data_keyword_argument="attempt", persistence_store=persistence, config=config
    )(create)
    return once, config


def booking_create_once(
    *, caller: Caller, request: BookingCreate, key: str, context: LambdaContext | None
) -> dict[str, Any]:
    """Create the booking, or answer the one this caller created with this key before."""
    create, config = idempotent_booking_create()
    if context is not None:
        # lets Powertools expire an in-progress record when the function times out
        config.register_lambda_context(context)
    attempt = {"user_id": caller.user_id, "key": key, "request": request.model_dump(mode="json")}
    return create(attempt=attempt, caller=caller, request=request)

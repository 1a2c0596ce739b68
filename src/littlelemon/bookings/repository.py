"""The one door to DynamoDB: only this module knows the keys, indexes and expressions.

A booking and its slot's seat counter change together in one TransactWriteItems whose
condition refuses to push the counter past the capacity, so no interleaving of requests
can overbook; a cancellation gives the seats back in one transaction too. The booking's
short reference is its own item in the same transaction, written only if it does not exist
yet: DynamoDB has no unique constraint besides the key, so the key is the constraint
(https://aws.amazon.com/blogs/database/simulating-amazon-dynamodb-unique-constraints-using-transactions/).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import ClientError

from littlelemon.bookings.errors import SlotFull
from littlelemon.bookings.models import Booking, BookingStatus
from littlelemon.bookings.references import new_reference
from littlelemon.bookings.table import BY_DATE_INDEX, BY_USER_INDEX, PARTITION_KEY, SORT_KEY

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient
    from mypy_boto3_dynamodb.type_defs import (
        AttributeValueTypeDef,
        QueryInputTypeDef,
        TransactWriteItemTypeDef,
    )

T = TypeVar("T")

# DynamoDB cancels a transaction that touches an item another transaction is writing
# ("TransactionConflict"); boto3 does not retry those, so we do, with full jitter.
_CONFLICT_ATTEMPTS = 12
_CONFLICT_BASE_DELAY_S = 0.02
_CONFLICT_MAX_DELAY_S = 0.5
# Draws of a fresh reference when the one drawn is taken; with 148 million references a
# second draw is already rare, so running out means a broken generator, not bad luck.
REFERENCE_ATTEMPTS = 8


class RepositoryError(RuntimeError):
    """DynamoDB refused a write for a reason that is a bug, not a user error."""


def _booking_key(booking_id: str) -> dict[str, AttributeValueTypeDef]:
    return {PARTITION_KEY: {"S": f"BOOKING#{booking_id}"}, SORT_KEY: {"S": "BOOKING"}}


def _reference_key(reference: str) -> dict[str, AttributeValueTypeDef]:
    return {PARTITION_KEY: {"S": f"REF#{reference}"}, SORT_KEY: {"S": "REF"}}


def _slot_key(day: dt.date, slot: str) -> dict[str, AttributeValueTypeDef]:
    return {PARTITION_KEY: {"S": f"DATE#{day.isoformat()}"}, SORT_KEY: {"S": f"SLOT#{slot}"}}


def _booking_item(booking: Booking) -> dict[str, AttributeValueTypeDef]:
    day = booking.date.isoformat()
    return {
        **_booking_key(booking.id),
        "GSI1PK": {"S": f"USER#{booking.user_id}"},
        "GSI1SK": {"S": f"{day}#{booking.slot}#{booking.id}"},
        "GSI2PK": {"S": f"DATE#{day}"},
        "GSI2SK": {"S": f"{booking.slot}#{booking.id}"},
        "id": {"S": booking.id},
        "date": {"S": day},
        "slot": {"S": booking.slot},
        "guests": {"N": str(booking.guests)},
        "name": {"S": booking.name},
        "note": {"S": booking.note},
        "status": {"S": booking.status},
        "user_id": {"S": booking.user_id},
        "username": {"S": booking.username},
        "created_at": {"S": booking.created_at.isoformat()},
        **({"reference": {"S": booking.reference}} if booking.reference else {}),
    }


def _booking_from_item(item: Mapping[str, Any]) -> Booking:
    return Booking(
        id=item["id"]["S"],
        reference=item["reference"]["S"] if "reference" in item else None,
        date=dt.date.fromisoformat(item["date"]["S"]),
        slot=item["slot"]["S"],
        guests=int(item["guests"]["N"]),
        name=item["name"]["S"],
        note=item["note"]["S"],
        status=item["status"]["S"],
        user_id=item["user_id"]["S"],
        username=item["username"]["S"],
        created_at=dt.datetime.fromisoformat(item["created_at"]["S"]),
    )


def _cancellation_reasons(error: ClientError) -> Sequence[Mapping[str, Any]]:
    # one per item of the transaction, in order: Code "None" for items that passed
    reasons: Sequence[Mapping[str, Any]] = error.response.get("CancellationReasons", [])
    return reasons


def _cancellation_codes(error: ClientError) -> list[str]:
    return [str(reason.get("Code")) for reason in _cancellation_reasons(error)]


def _is_transaction_canceled(error: ClientError) -> bool:
    return error.response.get("Error", {}).get("Code") == "TransactionCanceledException"


class BookingRepository:
    """Bookings and seat counters in one DynamoDB table."""

    def __init__(self, *, client: DynamoDBClient, table_name: str) -> None:
        self.client = client
        self.table_name = table_name

    # --- reads ---------------------------------------------------------------------------

    def slot_bookings(self, day: dt.date) -> dict[str, int]:
        """Booked seats per slot ("HH:MM") on `day`; slots nobody booked are absent."""
        items = self._query(
            {
                "TableName": self.table_name,
                "KeyConditionExpression": "#pk = :pk AND begins_with(#sk, :slot)",
                "ExpressionAttributeNames": {"#pk": PARTITION_KEY, "#sk": SORT_KEY},
                "ExpressionAttributeValues": {
                    ":pk": {"S": f"DATE#{day.isoformat()}"},
                    ":slot": {"S": "SLOT#"},
                },
                "ConsistentRead": True,
            }
        )
        return {
            item[SORT_KEY]["S"].removeprefix("SLOT#"): int(item["booked"]["N"]) for item in items
        }

    def booking_get(self, booking_id: str) -> Booking | None:
        """The booking with this id, or None."""
        response = self.client.get_item(
            TableName=self.table_name, Key=_booking_key(booking_id), ConsistentRead=True
        )
        item = response.get("Item")
        return _booking_from_item(item) if item else None

    def booking_by_reference(self, reference: str) -> Booking | None:
        """The booking with this reference, or None (two GetItems: reference, then booking)."""
        response = self.client.get_item(
            TableName=self.table_name, Key=_reference_key(reference), ConsistentRead=True
        )
        item = response.get("Item")
        return self.booking_get(item["booking_id"]["S"]) if item else None

    def bookings_of_user(self, user_id: str, *, day: dt.date | None = None) -> list[Booking]:
        """A user's bookings by date and slot (only `day`'s when given)."""
        condition = "GSI1PK = :pk"
        values: dict[str, AttributeValueTypeDef] = {":pk": {"S": f"USER#{user_id}"}}
        if day is not None:
            condition += " AND begins_with(GSI1SK, :day)"
            values[":day"] = {"S": f"{day.isoformat()}#"}
        items = self._query(
            {
                "TableName": self.table_name,
                "IndexName": BY_USER_INDEX,
                "KeyConditionExpression": condition,
                "ExpressionAttributeValues": values,
            }
        )
        return [_booking_from_item(item) for item in items]

    def bookings_of_date(self, day: dt.date) -> list[Booking]:
        """Every booking of `day` by slot."""
        items = self._query(
            {
                "TableName": self.table_name,
                "IndexName": BY_DATE_INDEX,
                "KeyConditionExpression": "GSI2PK = :pk",
                "ExpressionAttributeValues": {":pk": {"S": f"DATE#{day.isoformat()}"}},
            }
        )
        return [_booking_from_item(item) for item in items]

    def _query(self, request: QueryInputTypeDef) -> Iterator[dict[str, Any]]:
        while True:
            page = self.client.query(**request)
            yield from page.get("Items", [])
            last = page.get("LastEvaluatedKey")
            if not last:
                return
            request = {**request, "ExclusiveStartKey": last}

    # --- writes --------------------------------------------------------------------------

    def booking_add(
        self,
        booking: Booking,
        *,
        capacity: int,
        draw_reference: Callable[[], str] | None = None,
    ) -> Booking:
        """Store `booking` under a fresh unique reference and take its seats from its slot.

        SlotFull tells the seats left. Answers the booking as stored, with its reference.
        """
        limit = capacity - booking.guests  # the most seats that may be booked before this one
        if limit < 0:
            raise SlotFull(available=self._available(booking.date, booking.slot, capacity))
        draw = draw_reference or new_reference
        for _ in range(REFERENCE_ATTEMPTS):
            reference = draw()
            candidate = booking.model_copy(update={"reference": reference})
            if self._booking_put(candidate, reference, capacity=capacity, limit=limit):
                return candidate
        raise RepositoryError(f"no free reference in {REFERENCE_ATTEMPTS} draws")

    def _booking_put(self, booking: Booking, reference: str, *, capacity: int, limit: int) -> bool:
        """One try of the booking transaction; False when `reference` is taken."""
        items: list[TransactWriteItemTypeDef] = [
            {
                "Put": {
                    "TableName": self.table_name,
                    "Item": _booking_item(booking),
                    "ConditionExpression": "attribute_not_exists(#pk)",
                    "ExpressionAttributeNames": {"#pk": PARTITION_KEY},
                }
            },
            {
                "Update": {
                    "TableName": self.table_name,
                    "Key": _slot_key(booking.date, booking.slot),
                    "UpdateExpression": "SET booked = if_not_exists(booked, :zero) + :guests",
                    "ConditionExpression": "attribute_not_exists(booked) OR booked <= :limit",
                    "ExpressionAttributeValues": {
                        ":zero": {"N": "0"},
                        ":guests": {"N": str(booking.guests)},
                        ":limit": {"N": str(limit)},
                    },
                    # the refusal carries the counter, so "seats left" needs no second read
                    "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
                }
            },
        ]
        # the reference's own item: its key is the uniqueness constraint
        items.append(
            {
                "Put": {
                    "TableName": self.table_name,
                    "Item": {**_reference_key(reference), "booking_id": {"S": booking.id}},
                    "ConditionExpression": "attribute_not_exists(#pk)",
                    "ExpressionAttributeNames": {"#pk": PARTITION_KEY},
                }
            }
        )
        reference_at = len(items) - 1  # cancellation reasons come one per item, in order
        try:
            self._transact(items)
        except ClientError as error:
            reasons = _cancellation_reasons(error)
            codes = [str(reason.get("Code")) for reason in reasons]
            if not _is_transaction_canceled(error):
                raise
            if codes[1:2] == ["ConditionalCheckFailed"]:  # a full slot wins over a taken reference
                counter = reasons[1].get("Item")
                available = (
                    max(capacity - int(counter["booked"]["N"]), 0)
                    if counter and "booked" in counter
                    else self._available(booking.date, booking.slot, capacity)
                )
                raise SlotFull(available=available) from None
            if codes[reference_at : reference_at + 1] == ["ConditionalCheckFailed"]:
                return False
            raise
        return True

    def booking_cancel(self, booking: Booking, *, at: dt.datetime) -> tuple[Booking, bool]:
        """Cancel a confirmed booking and give its seats back, in one transaction.

        Returns the booking as stored afterwards and whether this call cancelled it (False
        when it was cancelled already, also by a concurrent call: cancelling is idempotent).
        """
        items: list[TransactWriteItemTypeDef] = [
            {
                "Update": {
                    "TableName": self.table_name,
                    "Key": _booking_key(booking.id),
                    "UpdateExpression": "SET #status = :cancelled, cancelled_at = :at",
                    "ConditionExpression": "#status = :confirmed",
                    "ExpressionAttributeNames": {"#status": "status"},
                    "ExpressionAttributeValues": {
                        ":cancelled": {"S": "cancelled"},
                        ":confirmed": {"S": "confirmed"},
                        ":at": {"S": at.isoformat()},
                    },
                }
            },
            {
                "Update": {
                    "TableName": self.table_name,
                    "Key": _slot_key(booking.date, booking.slot),
                    "UpdateExpression": "SET booked = booked - :guests",
                    "ConditionExpression": "booked >= :guests",
                    "ExpressionAttributeValues": {":guests": {"N": str(booking.guests)}},
                }
            },
        ]
        try:
            self._transact(items)
        except ClientError as error:
            codes = _cancellation_codes(error)
            if _is_transaction_canceled(error) and codes[:1] == ["ConditionalCheckFailed"]:
                current = self.booking_get(booking.id)
                if current is None:
                    raise RepositoryError(f"booking {booking.id} vanished") from error
                return current, False
            raise
        return booking.model_copy(update={"status": "cancelled"}), True

    def booking_set_status(
        self, booking: Booking, *, status: BookingStatus, at: dt.datetime
    ) -> Booking | None:
        """Set the status of a booking that still has `booking.status`; seats stay counted.

        For seated and no-show, which hold their seats (cancelling is `booking_cancel`).
        None when the booking changed meanwhile (the caller reads it again and decides).
        """
        try:
            self.client.update_item(
                TableName=self.table_name,
                Key=_booking_key(booking.id),
                UpdateExpression="SET #status = :new, status_changed_at = :at",
                ConditionExpression="#status = :old",
                ExpressionAttributeNames={"#status": "status"},
                ExpressionAttributeValues={
                    ":new": {"S": status},
                    ":old": {"S": booking.status},
                    ":at": {"S": at.isoformat()},
                },
            )
        except self.client.exceptions.ConditionalCheckFailedException:
            return None
        return booking.model_copy(update={"status": status})

    def _available(self, day: dt.date, slot: str, capacity: int) -> int:
        # one GetItem on the counter: the create function's role needs no Query
        response = self.client.get_item(
            TableName=self.table_name, Key=_slot_key(day, slot), ConsistentRead=True
        )
        booked = int(response["Item"]["booked"]["N"]) if "Item" in response else 0
        return max(capacity - booked, 0)

    def _transact(self, items: list[TransactWriteItemTypeDef]) -> None:
        _retry_conflicts(lambda: self.client.transact_write_items(TransactItems=items))


def _retry_conflicts(call: Callable[[], T]) -> T:
    """Run `call`, running it again while DynamoDB cancels it for a transaction conflict."""
    for attempt in range(_CONFLICT_ATTEMPTS):
        try:
            return call()
        except ClientError as error:
            conflict = "TransactionConflict" in _cancellation_codes(error)
            if not (_is_transaction_canceled(error) and conflict) or (
                attempt == _CONFLICT_ATTEMPTS - 1
            ):
                raise
        delay = min(_CONFLICT_MAX_DELAY_S, _CONFLICT_BASE_DELAY_S * 2**attempt)
        time.sleep(random.uniform(0, delay))  # noqa: S311 - jitter, not security
    raise AssertionError("unreachable")

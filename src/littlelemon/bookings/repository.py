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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from botocore.exceptions import ClientError

from littlelemon.bookings.errors import SlotFull, TooManyBookings, TooManyGuests
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


# Concurrent bookings of one user race on their usage item (optimistic version check):
# each round one of them wins, so this covers a burst of that many at once.
_USAGE_ATTEMPTS = 40


class RepositoryError(RuntimeError):
    """DynamoDB refused a write for a reason that is a bug, not a user error."""


@dataclass(frozen=True, kw_only=True)
class PerUserLimits:
    """How much one user may hold: upcoming bookings, and guests on any one day."""

    max_active: int
    max_guests_per_day: int


@dataclass(frozen=True, kw_only=True)
class UserUsage:
    """A user's upcoming confirmed bookings as their usage item records them.

    One item per user (`USER#<id>` / `USAGE`) maps booking id to "date|guests" and carries
    a version: a booking (or cancellation) rewrites it in the same transaction as the
    booking, on condition that the version is still the one read, so two concurrent
    requests of one user can never both pass the limits.
    """

    version: int = 0
    entries: dict[str, tuple[str, int]] = field(default_factory=dict)

    def upcoming(self, today: dt.date) -> dict[str, tuple[str, int]]:
        """The entries of today and later (past days no longer count)."""
        first = today.isoformat()
        return {key: entry for key, entry in self.entries.items() if entry[0] >= first}

    def guests_on(self, day: dt.date) -> int:
        """Guests the user has booked on `day`."""
        return sum(guests for date, guests in self.entries.values() if date == day.isoformat())


def _booking_key(booking_id: str) -> dict[str, AttributeValueTypeDef]:
    return {PARTITION_KEY: {"S": f"BOOKING#{booking_id}"}, SORT_KEY: {"S": "BOOKING"}}


def _reference_key(reference: str) -> dict[str, AttributeValueTypeDef]:
    return {PARTITION_KEY: {"S": f"REF#{reference}"}, SORT_KEY: {"S": "REF"}}


def _slot_key(day: dt.date, slot: str) -> dict[str, AttributeValueTypeDef]:
    return {PARTITION_KEY: {"S": f"DATE#{day.isoformat()}"}, SORT_KEY: {"S": f"SLOT#{slot}"}}


def _usage_key(user_id: str) -> dict[str, AttributeValueTypeDef]:
    return {PARTITION_KEY: {"S": f"USER#{user_id}"}, SORT_KEY: {"S": "USAGE"}}


def _usage_update(
    user_id: str, usage: UserUsage, entries: Mapping[str, tuple[str, int]]
) -> TransactWriteItemTypeDef:
    """Rewrite the usage item with `entries`, only if nobody changed it since it was read."""
    condition = "attribute_not_exists(version)" if usage.version == 0 else "version = :version"
    values: dict[str, AttributeValueTypeDef] = {
        ":entries": {
            "M": {key: {"S": f"{day}|{guests}"} for key, (day, guests) in entries.items()}
        },
        ":next": {"N": str(usage.version + 1)},
    }
    if usage.version:
        values[":version"] = {"N": str(usage.version)}
    return {
        "Update": {
            "TableName": "",  # set by the caller, which knows the table
            "Key": _usage_key(user_id),
            "UpdateExpression": "SET entries = :entries, version = :next",
            "ConditionExpression": condition,
            "ExpressionAttributeValues": values,
        }
    }


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

    def user_usage(self, user_id: str) -> UserUsage:
        """The user's usage item (empty before their first booking)."""
        response = self.client.get_item(
            TableName=self.table_name, Key=_usage_key(user_id), ConsistentRead=True
        )
        item = response.get("Item")
        if not item:
            return UserUsage()
        entries: dict[str, tuple[str, int]] = {}
        for key, value in item.get("entries", {}).get("M", {}).items():
            day, _, guests = value["S"].partition("|")
            entries[key] = (day, int(guests))
        return UserUsage(version=int(item["version"]["N"]), entries=entries)

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
        limits: PerUserLimits | None = None,
        today: dt.date | None = None,
    ) -> Booking:
        """Store `booking` under a fresh unique reference and take its seats from its slot.

        SlotFull tells the seats left. With `limits`, the user's usage item is checked and
        rewritten in the same transaction: TooManyBookings / TooManyGuests when the booking
        would pass them. Answers the booking as stored, with its reference.
        """
        if limits is None:
            return self._booking_add_once(
                booking, capacity=capacity, usage_update=None, draw_reference=draw_reference
            )
        first_day = today or booking.date
        for _ in range(_USAGE_ATTEMPTS):
            usage = self.user_usage(booking.user_id)
            upcoming = usage.upcoming(first_day)
            if len(upcoming) >= limits.max_active:
                raise TooManyBookings(limits.max_active)
            guests_that_day = usage.guests_on(booking.date)
            if guests_that_day + booking.guests > limits.max_guests_per_day:
                left = max(limits.max_guests_per_day - guests_that_day, 0)
                raise TooManyGuests(limits.max_guests_per_day, left, booking.date.isoformat())
            entries = {**upcoming, booking.id: (booking.date.isoformat(), booking.guests)}
            update = _usage_update(booking.user_id, usage, entries)
            update["Update"]["TableName"] = self.table_name
            try:
                return self._booking_add_once(
                    booking, capacity=capacity, usage_update=update, draw_reference=draw_reference
                )
            except _UsageChanged:
                time.sleep(random.uniform(0, _CONFLICT_BASE_DELAY_S))  # noqa: S311 - jitter
        raise RepositoryError(f"usage of user {booking.user_id} kept changing")

    def _booking_add_once(
        self,
        booking: Booking,
        *,
        capacity: int,
        usage_update: TransactWriteItemTypeDef | None,
        draw_reference: Callable[[], str] | None,
    ) -> Booking:
        """One booking under a fresh reference, drawn again while the one drawn is taken."""
        limit = capacity - booking.guests  # the most seats that may be booked before this one
        if limit < 0:
            raise SlotFull(available=self._available(booking.date, booking.slot, capacity))
        draw = draw_reference or new_reference
        for _ in range(REFERENCE_ATTEMPTS):
            reference = draw()
            candidate = booking.model_copy(update={"reference": reference})
            if self._booking_put(
                candidate, reference, capacity=capacity, limit=limit, usage_update=usage_update
            ):
                return candidate
        raise RepositoryError(f"no free reference in {REFERENCE_ATTEMPTS} draws")

    def _booking_put(
        self,
        booking: Booking,
        reference: str,
        *,
        capacity: int,
        limit: int,
        usage_update: TransactWriteItemTypeDef | None,
    ) -> bool:
        """One try of the booking transaction; False when `reference` is taken.

        _UsageChanged when the user's usage item changed since it was read (limits).
        """
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
        usage_at = None
        if usage_update is not None:
            items.append(usage_update)
            usage_at = len(items) - 1
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
            if not _is_transaction_canceled(error):
                raise
            reasons = _cancellation_reasons(error)
            codes = [str(reason.get("Code")) for reason in reasons]
            failed = "ConditionalCheckFailed"
            if usage_at is not None and codes[usage_at : usage_at + 1] == [failed]:
                raise _UsageChanged() from None
            if codes[1:2] == [failed]:  # a full slot wins over a taken reference
                counter = reasons[1].get("Item")
                available = (
                    max(capacity - int(counter["booked"]["N"]), 0)
                    if counter and "booked" in counter
                    else self._available(booking.date, booking.slot, capacity)
                )
                raise SlotFull(available=available) from None
            if codes[reference_at : reference_at + 1] == [failed]:
                return False
            raise
        return True

    def booking_cancel(self, booking: Booking, *, at: dt.datetime) -> tuple[Booking, bool]:
        """Cancel a confirmed booking and give its seats back, in one transaction.

        Returns the booking as stored afterwards and whether this call cancelled it (False
        when it was cancelled already, also by a concurrent call: cancelling is idempotent).
        The booking leaves its user's usage item in the same transaction.
        """
        for _ in range(_USAGE_ATTEMPTS):
            usage = self.user_usage(booking.user_id)
            update: TransactWriteItemTypeDef | None = None
            if booking.id in usage.entries:
                rest = {key: e for key, e in usage.entries.items() if key != booking.id}
                update = _usage_update(booking.user_id, usage, rest)
                update["Update"]["TableName"] = self.table_name
            try:
                return self._booking_cancel_once(booking, at=at, usage_update=update)
            except _UsageChanged:
                time.sleep(random.uniform(0, _CONFLICT_BASE_DELAY_S))  # noqa: S311 - jitter
        raise RepositoryError(f"usage of user {booking.user_id} kept changing")

    def _booking_cancel_once(
        self, booking: Booking, *, at: dt.datetime, usage_update: TransactWriteItemTypeDef | None
    ) -> tuple[Booking, bool]:
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
        if usage_update is not None:
            items.append(usage_update)
        try:
            self._transact(items)
        except ClientError as error:
            codes = _cancellation_codes(error)
            if _is_transaction_canceled(error) and codes[:1] == ["ConditionalCheckFailed"]:
                current = self.booking_get(booking.id)
                if current is None:
                    raise RepositoryError(f"booking {booking.id} vanished") from error
                return current, False
            if _is_transaction_canceled(error) and codes[2:3] == ["ConditionalCheckFailed"]:
                raise _UsageChanged() from None
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


class _UsageChanged(Exception):
    """The user's usage item changed between reading and writing it: read it again."""


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

"""Facts about the restaurant every tier agrees on: its time zone and its order states."""

from __future__ import annotations

from datetime import date, datetime
from typing import Final, Literal
from zoneinfo import ZoneInfo

# One configurable time zone read by api, bookings and web (the demo is in Chicago).
TIME_ZONE_VARIABLE: Final = "RESTAURANT_TIME_ZONE"
DEFAULT_TIME_ZONE: Final = "America/Chicago"


def restaurant_today(time_zone: str = DEFAULT_TIME_ZONE) -> date:
    """Today where the restaurant is: its day, not the server's (UTC runs hours ahead)."""
    return datetime.now(ZoneInfo(time_zone)).date()


OrderState = Literal["received", "preparing", "ready", "out_for_delivery", "delivered", "cancelled"]
RECEIVED: Final = "received"
PREPARING: Final = "preparing"
READY: Final = "ready"
OUT_FOR_DELIVERY: Final = "out_for_delivery"
DELIVERED: Final = "delivered"
CANCELLED: Final = "cancelled"
# The path an order takes; `cancelled` leaves it (customers may cancel until out for delivery).
ORDER_PROGRESS: Final[tuple[OrderState, ...]] = (
    RECEIVED,
    PREPARING,
    READY,
    OUT_FOR_DELIVERY,
    DELIVERED,
)
ORDER_STATES: Final[tuple[OrderState, ...]] = (*ORDER_PROGRESS, CANCELLED)
ORDER_STATE_LABELS: Final[dict[str, str]] = {
    RECEIVED: "Received",
    PREPARING: "Preparing",
    READY: "Ready",
    OUT_FOR_DELIVERY: "Out for delivery",
    DELIVERED: "Delivered",
    CANCELLED: "Cancelled",
}

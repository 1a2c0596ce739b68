"""Reads of orders: customers see their own, crew their assigned ones, managers all."""

from __future__ import annotations

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet

from littlelemon.api.accounts import roles
from littlelemon.api.orders.errors import OrderNotFoundError
from littlelemon.api.orders.models import Order


def order_list(*, user: Any) -> QuerySet[Order]:
    """The orders `user` may see, newest first, with items prefetched."""
    orders = Order.objects.select_related("user", "delivery_crew").prefetch_related("items")
    if roles.is_manager(user):
        return orders
    if roles.is_crew(user):
        return orders.filter(delivery_crew=user)
    return orders.filter(user=user)


def order_get(*, user: Any, order_id: int) -> Order:
    """One order `user` may see; any other is a 404, whether it exists or not."""
    order = order_list(user=user).filter(pk=order_id).first()
    if order is None:
        raise OrderNotFoundError()
    return order


def restaurant_zone() -> ZoneInfo:
    """The restaurant's time zone (RESTAURANT_TIME_ZONE), which defines "a day" of orders."""
    return ZoneInfo(settings.RESTAURANT_TIME_ZONE)


def restaurant_day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The instants [start, end) of `day` in the restaurant's time zone (DST-aware)."""
    zone = restaurant_zone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def placed_at_local(order: Order) -> datetime.datetime:
    """When the order was placed, on the restaurant's clock."""
    return order.created_at.astimezone(restaurant_zone())

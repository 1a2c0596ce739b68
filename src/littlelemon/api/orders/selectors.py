"""Reads of orders: customers see their own, crew their assigned ones, managers all."""

from __future__ import annotations

from typing import Any

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

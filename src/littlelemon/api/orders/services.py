"""Writes of orders: checkout, assigning crew, delivery status."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from littlelemon.api.accounts import roles
from littlelemon.api.cart.errors import MenuItemUnavailableError
from littlelemon.api.cart.models import CartLine
from littlelemon.api.menu.models import MenuItem
from littlelemon.api.orders.errors import NOT_DELIVERY_CREW, CartEmptyError, CrewStatusOnlyError
from littlelemon.api.orders.models import Order, OrderItem

CENT = Decimal("0.01")
# "Not given" differs from None, which unassigns the crew.
UNSET: Any = object()


@transaction.atomic
def order_place(*, user: Any) -> Order:
    """Turn the user's cart into an order: prices snapshot, total computed, cart emptied.

    The cart lines are locked first (SELECT ... FOR UPDATE), so a second checkout of the same
    cart waits, then finds it empty: one order, never two. Any error rolls everything back.
    """
    lines = list(CartLine.objects.select_for_update().filter(user=user).order_by("id"))
    if not lines:
        raise CartEmptyError()
    dishes = MenuItem.objects.in_bulk([line.menuitem_id for line in lines])
    unavailable = sorted(
        line.menuitem_id for line in lines if not dishes[line.menuitem_id].available
    )
    if unavailable:
        raise MenuItemUnavailableError(
            "Some dishes in your cart are not available at the moment.", menuitems=unavailable
        )
    items = []
    for line in lines:
        dish = dishes[line.menuitem_id]
        unit_price = dish.price.quantize(CENT)
        items.append(
            OrderItem(
                menuitem=dish,
                menuitem_name=dish.title,
                quantity=line.quantity,
                unit_price=unit_price,
                price=(unit_price * line.quantity).quantize(CENT),
            )
        )
    order = Order.objects.create(user=user, total=sum((item.price for item in items), Decimal(0)))
    for item in items:
        item.order = order
    OrderItem.objects.bulk_create(items)
    CartLine.objects.filter(pk__in=[line.pk for line in lines]).delete()
    return order


@transaction.atomic
def order_assign_crew(*, order: Order, crew: Any | None) -> Order:
    """Assign the order to a member of delivery-crew (None unassigns it)."""
    if crew is not None and roles.CREW_GROUP not in roles.group_names(crew):
        raise ValidationError({"delivery_crew": NOT_DELIVERY_CREW})
    order.delivery_crew = crew
    order.save(update_fields=["delivery_crew"])
    return order


@transaction.atomic
def order_update(
    *, actor: Any, order: Order, status: bool | None = None, delivery_crew: Any = UNSET
) -> Order:
    """Managers change `delivery_crew` and `status`; crew changes `status` only."""
    if delivery_crew is not UNSET:
        if not roles.is_manager(actor):
            raise CrewStatusOnlyError()
        order_assign_crew(order=order, crew=delivery_crew)
    if status is not None:
        order.status = status
        order.save(update_fields=["status"])
    return order


@transaction.atomic
def order_delete(*, order: Order) -> None:
    """Delete an order with its items (managers)."""
    order.delete()

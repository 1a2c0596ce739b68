"""Writes of orders: checkout, assigning crew, moving an order through its states."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from littlelemon.api.accounts import roles
from littlelemon.api.accounts.selectors import profile_of
from littlelemon.api.cart.errors import MenuItemUnavailableError
from littlelemon.api.cart.models import CartLine
from littlelemon.api.menu.models import MenuItem
from littlelemon.api.orders import mail
from littlelemon.api.orders.errors import (
    NO_DELIVERY_ADDRESS,
    NO_DELIVERY_PHONE,
    NOT_DELIVERY_CREW,
    UNAVAILABLE_DISHES,
    CartEmptyError,
    CrewStateOnlyError,
    CrewStatusOnlyError,
    CustomerCancelOnlyError,
    TooLateToCancelError,
    illegal_transition,
)
from littlelemon.api.orders.models import Order, OrderItem
from littlelemon.contract import restaurant
from littlelemon.contract import roles as role_names

logger = logging.getLogger(__name__)

CENT = Decimal("0.01")
# "Not given" differs from None, which unassigns the crew.
UNSET: Any = object()
FINAL_STATES = frozenset({restaurant.DELIVERED, restaurant.CANCELLED})
CREW_STATES = frozenset({restaurant.OUT_FOR_DELIVERY, restaurant.DELIVERED})
# A customer may change their mind until the rider has the food.
CUSTOMER_CANCELLABLE = frozenset({restaurant.RECEIVED, restaurant.PREPARING, restaurant.READY})
_PROGRESS: dict[str, int] = {state: step for step, state in enumerate(restaurant.ORDER_PROGRESS)}


@transaction.atomic
def order_place(
    *,
    user: Any,
    delivery_address: str = "",
    delivery_phone: str = "",
    delivery_notes: str = "",
) -> Order:
    """Turn the user's cart into an order: prices snapshot, total computed, cart emptied.

    The address and phone default to the profile's. The cart lines are locked first
    (SELECT ... FOR UPDATE), so a second checkout of the same cart waits, then finds it
    empty: one order, never two. Any error rolls everything back.
    """
    lines = list(CartLine.objects.select_for_update().filter(user=user).order_by("id"))
    if not lines:
        raise CartEmptyError()
    dishes = MenuItem.objects.in_bulk([line.menuitem_id for line in lines])
    unavailable = [dishes[line.menuitem_id] for line in lines]
    unavailable = [dish for dish in unavailable if not dish.available]
    if unavailable:
        raise MenuItemUnavailableError(
            UNAVAILABLE_DISHES.format(names=", ".join(dish.title for dish in unavailable)),
            menuitems=sorted(dish.pk for dish in unavailable),
        )
    profile = profile_of(user=user)
    address = delivery_address.strip() or profile.address
    phone = delivery_phone or profile.phone
    missing = {}
    if not address:
        missing["delivery_address"] = NO_DELIVERY_ADDRESS
    if not phone:
        missing["delivery_phone"] = NO_DELIVERY_PHONE
    if missing:
        raise ValidationError(missing)
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
    order = Order.objects.create(
        user=user,
        total=sum((item.price for item in items), Decimal(0)),
        delivery_address=address,
        delivery_phone=phone,
        delivery_notes=delivery_notes.strip(),
    )
    for item in items:
        item.order = order
    OrderItem.objects.bulk_create(items)
    CartLine.objects.filter(pk__in=[line.pk for line in lines]).delete()
    # Only a committed order is confirmed; a failing outbox must not undo the order.
    transaction.on_commit(lambda: _confirm(order_id=order.pk))
    return order


def _confirm(*, order_id: int) -> None:
    try:
        mail.order_confirmation_send(order_id=order_id)
    except Exception:
        # The order stands; the operator sees the traceback (and the outbox alarm on AWS).
        logger.exception("order confirmation e-mail for order %s failed", order_id)


@transaction.atomic
def order_assign_crew(*, order: Order, crew: Any | None) -> Order:
    """Assign the order to a member of delivery-crew (None unassigns it)."""
    if crew is not None and roles.CREW_GROUP not in roles.group_names(crew):
        raise ValidationError({"delivery_crew": NOT_DELIVERY_CREW})
    order.delivery_crew = crew
    order.save(update_fields=["delivery_crew"])
    return order


def _check_transition(*, actor: Any, current: str, target: str) -> None:
    """Who may move an order from `current` to `target` (see docs/api.md, Orders)."""
    role = roles.role_of(actor)
    if role == role_names.CUSTOMER:
        if target != restaurant.CANCELLED:
            raise CustomerCancelOnlyError()
        if current not in CUSTOMER_CANCELLABLE and current not in FINAL_STATES:
            raise TooLateToCancelError()
    elif role == role_names.DELIVERY_CREW and target not in CREW_STATES:
        raise CrewStateOnlyError()
    if current in FINAL_STATES:
        raise illegal_transition(current=current, target=target)
    if target != restaurant.CANCELLED and _PROGRESS[target] < _PROGRESS[current]:
        raise illegal_transition(current=current, target=target)


@transaction.atomic
def order_change_state(*, actor: Any, order: Order, state: str) -> Order:
    """Move the order to `state` if the actor's role allows it; the same state is a no-op."""
    # Locked, so a customer's cancel and the rider's pick-up cannot both win.
    current = Order.objects.select_for_update().values_list("state", flat=True).get(pk=order.pk)
    if state == current:
        return order
    _check_transition(actor=actor, current=current, target=state)
    order.state = state
    order.status = state == restaurant.DELIVERED
    order.save(update_fields=["state", "status"])
    return order


@transaction.atomic
def order_update(
    *,
    actor: Any,
    order: Order,
    status: bool | None = None,
    state: str | None = None,
    delivery_crew: Any = UNSET,
) -> Order:
    """Managers assign crew and change the state; crew and customers only the state.

    `status: true` (the original API's "delivered") is `state: delivered`; `status: false`
    is accepted while the order is not delivered (nothing to change), else 409.
    """
    if delivery_crew is not UNSET:
        if roles.is_crew(actor):
            raise CrewStatusOnlyError()
        if not roles.is_manager(actor):
            raise CustomerCancelOnlyError()
        order_assign_crew(order=order, crew=delivery_crew)
    if status is not None and state is None:
        if status:
            state = restaurant.DELIVERED
        elif order.state == restaurant.DELIVERED:
            raise illegal_transition(current=order.state, target=restaurant.RECEIVED)
        elif roles.is_customer(actor):
            raise CustomerCancelOnlyError()
    if state is not None:
        order_change_state(actor=actor, order=order, state=state)
    return order


@transaction.atomic
def order_delete(*, order: Order) -> None:
    """Delete an order with its items (managers)."""
    order.delete()

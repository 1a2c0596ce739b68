"""Reads of the cart: always the caller's own lines."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from littlelemon.api.cart.errors import CartLineNotFoundError
from littlelemon.api.cart.models import CartLine


def cart_line_list(*, user: Any) -> QuerySet[CartLine]:
    """The user's lines, oldest first, with the dish joined."""
    return CartLine.objects.filter(user=user).select_related("menuitem").order_by("id")


def cart_line_get(*, user: Any, line_id: int) -> CartLine:
    """One of the user's lines; someone else's line is as unknown as a missing one (404)."""
    line = cart_line_list(user=user).filter(pk=line_id).first()
    if line is None:
        raise CartLineNotFoundError()
    return line

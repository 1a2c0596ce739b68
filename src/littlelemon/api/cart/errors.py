"""Errors of the cart."""

from __future__ import annotations

from littlelemon.api.cart.models import MAX_QUANTITY
from littlelemon.api.core.errors import DomainError, NotFoundError


class MenuItemUnavailableError(DomainError):
    code = "menu_item_unavailable"
    default_detail = "That dish is not available at the moment."


class QuantityLimitError(DomainError):
    code = "quantity_limit"
    default_detail = f"A cart line holds at most {MAX_QUANTITY} of a dish."


class CartLineNotFoundError(NotFoundError):
    default_detail = "No such line in your cart."

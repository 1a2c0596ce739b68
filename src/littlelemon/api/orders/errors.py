"""Errors of orders."""

from __future__ import annotations

from littlelemon.api.core.errors import DomainError, ForbiddenError, NotFoundError


class CartEmptyError(DomainError):
    code = "cart_empty"
    default_detail = "Your cart is empty."


class OrderNotFoundError(NotFoundError):
    default_detail = "No such order."


class CrewStatusOnlyError(ForbiddenError):
    code = "crew_status_only"
    default_detail = "Delivery crew may only change an order's status."


NOT_DELIVERY_CREW = "Only members of the delivery-crew group can be assigned."

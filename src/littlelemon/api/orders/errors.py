"""Errors of orders."""

from __future__ import annotations

from littlelemon.api.core.errors import ConflictError, DomainError, ForbiddenError, NotFoundError
from littlelemon.contract.restaurant import ORDER_STATE_LABELS


class CartEmptyError(DomainError):
    code = "cart_empty"
    default_detail = "Your cart is empty."


class OrderNotFoundError(NotFoundError):
    default_detail = "No such order."


class CrewStatusOnlyError(ForbiddenError):
    code = "crew_status_only"
    default_detail = "Delivery crew may only change an order's status."


class CrewStateOnlyError(ForbiddenError):
    code = "crew_state_only"
    default_detail = "Delivery crew may only mark an order out for delivery or delivered."


class CustomerCancelOnlyError(ForbiddenError):
    code = "customer_cancel_only"
    default_detail = "Customers may only cancel their own orders."


class IllegalTransitionError(ConflictError):
    code = "illegal_transition"
    default_detail = "The order cannot change to that state."


class TooLateToCancelError(ConflictError):
    code = "too_late_to_cancel"
    default_detail = "This order is already out for delivery and can no longer be cancelled."


ILLEGAL_TRANSITION = "An order that is {current} cannot become {target}."
NOT_DELIVERY_CREW = "Only members of the delivery-crew group can be assigned."
NO_DELIVERY_ADDRESS = "Give a delivery address (or save one in your profile)."
NO_DELIVERY_PHONE = "Give a phone number for the rider (or save one in your profile)."
UNAVAILABLE_DISHES = "Not available at the moment: {names}."


def illegal_transition(*, current: str, target: str) -> IllegalTransitionError:
    """The 409 for moving an order from `current` to `target`, in words."""
    return IllegalTransitionError(
        ILLEGAL_TRANSITION.format(
            current=ORDER_STATE_LABELS[current].lower(), target=ORDER_STATE_LABELS[target].lower()
        )
    )

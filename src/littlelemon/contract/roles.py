"""The one notion of a role: the group names, the effective role, and how people read it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final, Literal

Role = Literal["manager", "delivery-crew", "customer"]

# Django group names in the api; also the values of the `role` claim of access tokens.
MANAGER: Final = "manager"
DELIVERY_CREW: Final = "delivery-crew"
CUSTOMER: Final = "customer"
ROLE_GROUPS: Final = (MANAGER, DELIVERY_CREW)
ROLES: Final[tuple[Role, ...]] = (MANAGER, DELIVERY_CREW, CUSTOMER)

ROLE_LABELS: Final[dict[str, str]] = {
    MANAGER: "Manager",
    DELIVERY_CREW: "Delivery rider",
    CUSTOMER: "Customer",
}


def effective_role(*, is_staff: bool, groups: Iterable[str]) -> Role:
    """Admins and managers run the restaurant; crew deliver; everyone else is a customer."""
    names = frozenset(groups)
    if is_staff or MANAGER in names:
        return MANAGER
    if DELIVERY_CREW in names:
        return DELIVERY_CREW
    return CUSTOMER

"""Roles are Django groups named by `littlelemon.contract.roles`; `is_staff` is an admin.

Everyone else who is signed in is a customer. Admins have every power of a manager. The
effective role is the contract's `effective_role`, the same function the web tier and the
bookings service rely on through the token's `role` claim.
"""

from __future__ import annotations

from typing import Any

from littlelemon.contract import roles as contract

# The contract's names, under the names the API's code and tests have always used.
MANAGER_GROUP = contract.MANAGER
CREW_GROUP = contract.DELIVERY_CREW
ROLE_GROUPS = contract.ROLE_GROUPS

GROUP_CACHE_ATTRIBUTE = "_littlelemon_group_names"


def group_names(user: Any) -> frozenset[str]:
    """The user's group names, read once per user object (so once per request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached: frozenset[str] | None = getattr(user, GROUP_CACHE_ATTRIBUTE, None)
    if cached is None:
        # .all() uses a prefetch_related("groups") when the caller made one.
        cached = frozenset(group.name for group in user.groups.all())
        setattr(user, GROUP_CACHE_ATTRIBUTE, cached)
    return cached


def role_of(user: Any) -> contract.Role | None:
    """The effective role of a signed-in user (None for anonymous)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return contract.effective_role(is_staff=bool(user.is_staff), groups=group_names(user))


def is_manager(user: Any) -> bool:
    """Managers and admins run the restaurant: menu, groups, every order."""
    return role_of(user) == contract.MANAGER


def is_crew(user: Any) -> bool:
    """Delivery crew (and not also a manager): sees and delivers assigned orders."""
    return role_of(user) == contract.DELIVERY_CREW


def is_customer(user: Any) -> bool:
    """Signed in, neither manager, admin nor crew: has a cart and places orders."""
    return role_of(user) == contract.CUSTOMER

"""Roles are Django groups: `manager` and `delivery-crew`; `is_staff` is an admin.

Everyone else who is signed in is a customer. Admins have every power of a manager.
"""

from __future__ import annotations

from typing import Any

MANAGER_GROUP = "manager"
CREW_GROUP = "delivery-crew"
ROLE_GROUPS = (MANAGER_GROUP, CREW_GROUP)

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


def is_manager(user: Any) -> bool:
    """Managers and admins run the restaurant: menu, groups, every order."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff) or MANAGER_GROUP in group_names(user)


def is_crew(user: Any) -> bool:
    """Delivery crew (and not also a manager): sees and delivers assigned orders."""
    return not is_manager(user) and CREW_GROUP in group_names(user)


def is_customer(user: Any) -> bool:
    """Signed in, neither manager, admin nor crew: has a cart and places orders."""
    return bool(getattr(user, "is_authenticated", False)) and not (
        is_manager(user) or CREW_GROUP in group_names(user)
    )

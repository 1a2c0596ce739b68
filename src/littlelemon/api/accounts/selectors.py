"""Reads of accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from littlelemon.api.accounts import roles
from littlelemon.api.accounts.services import UNKNOWN_GROUP
from littlelemon.api.core.errors import NotFoundError


def group_member_list(*, group_name: str) -> QuerySet[Any]:
    """Members of a role group, by username, with their groups prefetched."""
    if group_name not in roles.ROLE_GROUPS:
        raise NotFoundError(UNKNOWN_GROUP)
    return (
        get_user_model()
        .objects.filter(groups__name=group_name)
        .prefetch_related("groups")
        .order_by("username")
    )

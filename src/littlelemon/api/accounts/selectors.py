"""Reads of accounts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from littlelemon.api.accounts import roles
from littlelemon.api.accounts.models import Profile
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


def profile_of(*, user: Any) -> Profile:
    """The user's profile, or an unsaved empty one (reading never writes)."""
    try:
        profile: Profile = user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)
    return profile


def user_search(*, text: str) -> QuerySet[Any]:
    """Users whose username, first or last name contains `text` (case-insensitive)."""
    users = get_user_model().objects.prefetch_related("groups").order_by("username")
    text = text.strip()
    if text:
        users = users.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
        )
    return users

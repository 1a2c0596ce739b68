"""Writes of accounts: membership of the role groups."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction

from littlelemon.api.accounts import roles
from littlelemon.api.core.errors import NotFoundError

NO_SUCH_USER = "No user with that username."
NOT_A_MEMBER = "That user is not in this group."
UNKNOWN_GROUP = "No such group."


def role_group(*, name: str) -> Group:
    """The role group `name` (created on first use); only manager and delivery-crew exist."""
    if name not in roles.ROLE_GROUPS:
        raise NotFoundError(UNKNOWN_GROUP)
    group, _ = Group.objects.get_or_create(name=name)
    return group


@transaction.atomic
def group_member_add(*, group_name: str, username: str) -> AbstractUser:
    """Add the user called `username` to the group (adding a member again changes nothing)."""
    group = role_group(name=group_name)
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError({"username": NO_SUCH_USER})
    user.groups.add(group)
    return user


@transaction.atomic
def group_member_remove(*, group_name: str, user_id: int) -> AbstractUser:
    """Remove the user from the group; 404 if they are not in it."""
    group = role_group(name=group_name)
    user = group.user_set.filter(pk=user_id).first()
    if user is None:
        raise NotFoundError(NOT_A_MEMBER)
    user.groups.remove(group)
    return user

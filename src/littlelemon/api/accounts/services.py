"""Writes of accounts: membership of the role groups, the user's own profile."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction

from littlelemon.api.accounts import roles
from littlelemon.api.accounts.models import Profile
from littlelemon.api.core.errors import ConflictError, NotFoundError

NO_SUCH_USER = "No user with that username."
NOT_A_MEMBER = "That user is not in this group."
UNKNOWN_GROUP = "No such group."
USER_FIELDS = ("email", "first_name", "last_name")
PROFILE_FIELDS = ("phone", "address")


class SelfRemovalError(ConflictError):
    code = "self_removal"
    default_detail = "You cannot remove yourself from the managers."


class LastManagerError(ConflictError):
    code = "last_manager"
    default_detail = "The restaurant needs at least one manager."


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
def group_member_remove(*, group_name: str, user_id: int, actor: Any = None) -> AbstractUser:
    """Remove the user from the group; 404 if they are not in it.

    The manager group keeps at least one member, and a manager cannot demote themselves
    (another manager must), so the restaurant is never left without someone to run it.
    """
    group = role_group(name=group_name)
    user = group.user_set.filter(pk=user_id).first()
    if user is None:
        raise NotFoundError(NOT_A_MEMBER)
    if group_name == roles.MANAGER_GROUP:
        if actor is not None and actor.pk == user.pk:
            raise SelfRemovalError()
        # Locked, so two managers removing each other at once cannot both succeed.
        members = list(group.user_set.select_for_update().values_list("pk", flat=True))
        if len(members) <= 1:
            raise LastManagerError()
    user.groups.remove(group)
    return user


@transaction.atomic
def user_profile_update(*, user: AbstractUser, **fields: Any) -> AbstractUser:
    """Change some of `email, first_name, last_name` (the user) and `phone, address` (profile)."""
    user_changes = {name: fields[name] for name in USER_FIELDS if name in fields}
    if user_changes:
        for name, value in user_changes.items():
            setattr(user, name, value)
        user.save(update_fields=list(user_changes))
    profile_changes = {name: fields[name] for name in PROFILE_FIELDS if name in fields}
    if profile_changes:
        profile, _ = Profile.objects.select_for_update().get_or_create(user_id=user.pk)
        for name, value in profile_changes.items():
            setattr(profile, name, value)
        profile.full_clean()
        profile.save()
        user.profile = profile  # type: ignore[attr-defined]
    return user

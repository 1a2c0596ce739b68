"""Serializers of accounts: the user as the API shows it, tokens, group membership input."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError as DjangoValidationError
from djoser import serializers as djoser_serializers
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt.settings import api_settings

from littlelemon.api.accounts import roles, selectors, services
from littlelemon.api.accounts.models import ADDRESS_MAX_LENGTH
from littlelemon.api.accounts.phone import phone_normalize
from littlelemon.api.accounts.tokens import RefreshToken
from littlelemon.contract.roles import ROLES

NO_ACTIVE_ACCOUNT = "No active account found for the given token."
NOT_YOUR_TOKEN = "That refresh token belongs to another user."


class RoleField(serializers.ChoiceField):
    """The user's effective role (read-only; an enum in the schema)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=ROLES, source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]
        return roles.role_of(value)


class ProfileField(serializers.CharField):
    """A field of the user's profile (read from it; written through user_profile_update)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, allow_blank=True, **kwargs)

    def get_attribute(self, instance: Any) -> str:
        value: str = getattr(selectors.profile_of(user=instance), self.field_name or "")
        return value


class UserSerializer(serializers.ModelSerializer[Any]):
    """A user with their delivery details, groups and effective role; the profile is editable."""

    groups = serializers.SerializerMethodField()
    role = RoleField()
    phone = ProfileField(max_length=32)
    address = ProfileField(max_length=ADDRESS_MAX_LENGTH)

    class Meta:
        model = get_user_model()
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "phone",
            "address",
            "is_staff",
            "groups",
            "role",
        ]
        read_only_fields = ["id", "username", "is_staff", "groups", "role"]

    def get_groups(self, user: AbstractBaseUser) -> list[str]:
        return sorted(roles.group_names(user))

    def validate_phone(self, value: str) -> str:
        try:
            return phone_normalize(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        return services.user_profile_update(user=instance, **validated_data)


class UserSearchSerializer(serializers.ModelSerializer[Any]):
    """A user as a manager picks staff: `{id, username, first_name, last_name, role}`."""

    role = RoleField()

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "first_name", "last_name", "role"]
        read_only_fields = fields


class UserCreateSerializer(djoser_serializers.UserCreateSerializer):  # type: ignore[misc]
    """Sign-up. The username is checked after Unicode normalisation, as it will be stored.

    Django normalises usernames (NFKC) after validating them, so "¼" would be stored with a
    fraction slash (U+2044), which breaks the username rule and the documented pattern.
    """

    def validate_username(self, value: str) -> str:
        normalized: str = get_user_model().normalize_username(value)
        UnicodeUsernameValidator()(normalized)
        return normalized


class TokenObtainPairSerializer(jwt_serializers.TokenObtainPairSerializer):
    """Username + password to an access/refresh pair signed with the API's RS256 key."""

    token_class = RefreshToken


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    """Refresh with rotation: the used refresh token is blacklisted, a new one returned."""

    token_class = RefreshToken

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        refresh = self.token_class(attrs["refresh"])
        user_id = refresh.payload.get(api_settings.USER_ID_CLAIM)
        # A deleted user's token is a 401, not a DoesNotExist (simplejwt's own lookup).
        user = get_user_model().objects.filter(pk=str(user_id or "")).first()
        if user is None or not api_settings.USER_AUTHENTICATION_RULE(user):
            raise AuthenticationFailed(NO_ACTIVE_ACCOUNT, "no_active_account")
        data = {"access": str(refresh.access_token)}
        refresh.blacklist()
        refresh.set_jti()
        refresh.set_exp()
        refresh.set_iat()
        refresh.outstand()
        data["refresh"] = str(refresh)
        return data


class TokenBlacklistSerializer(jwt_serializers.TokenBlacklistSerializer):
    """Logout: blacklists the caller's own refresh token."""

    token_class = RefreshToken

    def validate(self, attrs: dict[str, Any]) -> dict[Any, Any]:
        refresh = self.token_class(attrs["refresh"])
        request = self.context.get("request")
        owner = refresh.payload.get(api_settings.USER_ID_CLAIM)
        if request is not None and str(request.user.pk) != str(owner):
            raise serializers.ValidationError({"refresh": [NOT_YOUR_TOKEN]})
        refresh.blacklist()
        return {}


class GroupMemberInputSerializer(serializers.Serializer[Any]):
    """`{"username": ...}`: whom to add to a group."""

    username = serializers.CharField(max_length=150)


class TokenPairSerializer(serializers.Serializer[Any]):
    """Response of login and refresh (for the schema)."""

    access = serializers.CharField()
    refresh = serializers.CharField()

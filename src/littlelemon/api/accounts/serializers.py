"""Serializers of accounts: the user as the API shows it, tokens, group membership input."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.validators import UnicodeUsernameValidator
from djoser import serializers as djoser_serializers
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt import serializers as jwt_serializers
from rest_framework_simplejwt.settings import api_settings

from littlelemon.api.accounts import roles
from littlelemon.api.accounts.tokens import RefreshToken

NO_ACTIVE_ACCOUNT = "No active account found for the given token."
NOT_YOUR_TOKEN = "That refresh token belongs to another user."


class UserSerializer(serializers.ModelSerializer[Any]):
    """A user with the names of their groups (`manager`, `delivery-crew`)."""

    groups = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "first_name", "last_name", "is_staff", "groups"]
        read_only_fields = ["id", "username", "is_staff", "groups"]

    def get_groups(self, user: AbstractBaseUser) -> list[str]:
        return sorted(roles.group_names(user))


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

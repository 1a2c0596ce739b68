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
from rest_framework_simplejwt.exceptions import InvalidToken, TokenBackendError, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.utils import datetime_to_epoch

from littlelemon.api.accounts import roles
from littlelemon.api.accounts.authentication import SESSION_ENDED, user_id_from_claim
from littlelemon.api.accounts.sessions import (
    REVOKED_LOGOUT,
    REVOKED_REUSE,
    SESSION_CLAIM,
    login_session_active,
    login_session_revoke,
)
from littlelemon.api.accounts.tokens import RefreshToken, token_backend
from littlelemon.api.core.validators import validate_plain_text

NO_ACTIVE_ACCOUNT = "No active account found for the given token."
NOT_YOUR_TOKEN = "That refresh token belongs to another user."
PASSWORD_MISMATCH = "The two password fields didn't match."
USERNAME_TAKEN = "A user with that username already exists."
REFRESH_REUSED = "This refresh token was already used; its login session has been ended for safety."


class UserSerializer(serializers.ModelSerializer[Any]):
    """A user with the names of their groups (`manager`, `delivery-crew`)."""

    groups = serializers.SerializerMethodField()

    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "first_name", "last_name", "is_staff", "groups"]
        read_only_fields = ["id", "username", "is_staff", "groups"]
        extra_kwargs = {
            "first_name": {"validators": [validate_plain_text]},
            "last_name": {"validators": [validate_plain_text]},
        }

    def get_groups(self, user: AbstractBaseUser) -> list[str]:
        return sorted(roles.group_names(user))


class UserCreateSerializer(djoser_serializers.UserCreateSerializer):  # type: ignore[misc]
    """Sign-up. The username is checked after Unicode normalisation, as it will be stored.

    Django normalises usernames (NFKC) after validating them, so "¼" would be stored with a
    fraction slash (U+2044), which breaks the username rule and the documented pattern.
    """

    re_password = serializers.CharField(
        write_only=True, required=False, style={"input_type": "password"}, max_length=128
    )

    class Meta(djoser_serializers.UserCreateSerializer.Meta):  # type: ignore[misc]
        fields = [*djoser_serializers.UserCreateSerializer.Meta.fields, "re_password"]

    def validate_username(self, value: str) -> str:
        normalized: str = get_user_model().normalize_username(value)
        validate_plain_text(normalized)
        UnicodeUsernameValidator()(normalized)
        # Unique case-insensitively on every database (a constraint backs this up).
        if get_user_model().objects.filter(username__iexact=normalized).exists():
            raise serializers.ValidationError(USERNAME_TAKEN, code="unique")
        return normalized

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The original API's clients send re_password (djoser's retype check); others don't.
        retyped = attrs.pop("re_password", None)
        if retyped is not None and retyped != attrs.get("password"):
            raise serializers.ValidationError({"re_password": [PASSWORD_MISMATCH]})
        validated: dict[str, Any] = super().validate(attrs)
        return validated


class TokenObtainPairSerializer(jwt_serializers.TokenObtainPairSerializer):
    """Username + password to an access/refresh pair signed with the API's RS256 key."""

    token_class = RefreshToken

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A lone surrogate or control character is a 400 here, not a database error later.
        self.fields[self.username_field] = serializers.CharField(
            write_only=True, max_length=150, validators=[validate_plain_text]
        )


def _refresh_reuse_check(raw: str) -> None:
    """A validly signed refresh token that is blacklisted was used before: end its session.

    Rotation blacklists every refresh token once it is used, so seeing one again means two
    parties hold the family (a stolen token): revoke the whole login session.
    """
    try:
        payload = token_backend().decode(raw, verify=True)  # type: ignore[arg-type]
    except TokenBackendError:
        return
    jti = payload.get(api_settings.JTI_CLAIM)
    session_id = payload.get(SESSION_CLAIM)
    if not isinstance(jti, str) or not isinstance(session_id, str):
        return
    if BlacklistedToken.objects.filter(token__jti=jti).exists():
        login_session_revoke(session_id=session_id, reason=REVOKED_REUSE)
        raise InvalidToken(REFRESH_REUSED)


class TokenRefreshSerializer(jwt_serializers.TokenRefreshSerializer):
    """Refresh with rotation: the used refresh token is blacklisted, a new one returned."""

    token_class = RefreshToken

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        _refresh_reuse_check(attrs["refresh"])
        try:
            refresh = self.token_class(attrs["refresh"])
        except TokenError as error:
            raise InvalidToken(str(error)) from error
        user_id = user_id_from_claim(refresh.payload.get(api_settings.USER_ID_CLAIM))
        session = login_session_active(
            session_id=refresh.payload.get(SESSION_CLAIM), user_id=user_id
        )
        if user_id is None or not get_user_model().objects.filter(pk=user_id).exists():
            raise AuthenticationFailed(NO_ACTIVE_ACCOUNT, "no_active_account")
        if session is None:
            raise AuthenticationFailed(SESSION_ENDED, "session_ended")
        # A deleted user's token is a 401, not a DoesNotExist (simplejwt's own lookup).
        if not api_settings.USER_AUTHENTICATION_RULE(session.user):
            raise AuthenticationFailed(NO_ACTIVE_ACCOUNT, "no_active_account")
        data = {"access": str(refresh.access_token)}
        refresh.blacklist()
        refresh.set_jti()
        refresh.set_exp()
        refresh.set_iat()
        refresh.cap_expiry(datetime_to_epoch(session.expires_at))
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
        # Ending the session stops its access tokens too, not only the refresh token.
        for token in (refresh.payload, getattr(request, "auth", None) or {}):
            if isinstance(session_id := token.get(SESSION_CLAIM), str):
                login_session_revoke(session_id=session_id, reason=REVOKED_LOGOUT)
        return {}


class TokenVerifySerializer(jwt_serializers.TokenVerifySerializer):
    """Verify: signature and expiry (simplejwt), blacklist, and the token's login session."""

    def validate(self, attrs: dict[str, Any]) -> dict[Any, Any]:
        super().validate(attrs)
        payload = token_backend().decode(attrs["token"], verify=True)
        session = login_session_active(
            session_id=payload.get(SESSION_CLAIM),
            user_id=user_id_from_claim(payload.get(api_settings.USER_ID_CLAIM)),
        )
        if session is None:
            raise InvalidToken(SESSION_ENDED)
        return {}


class GroupMemberInputSerializer(serializers.Serializer[Any]):
    """`{"username": ...}`: whom to add to a group."""

    username = serializers.CharField(max_length=150, validators=[validate_plain_text])


class TokenPairSerializer(serializers.Serializer[Any]):
    """Response of login and refresh (for the schema)."""

    access = serializers.CharField()
    refresh = serializers.CharField()

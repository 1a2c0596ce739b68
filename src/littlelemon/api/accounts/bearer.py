"""simplejwt's bearer-token checks plus the login session's; loaded with the first token."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings

from littlelemon.api.accounts.authentication import (
    SESSION_ENDED,
    TOKEN_HAS_NO_USER,
    USER_INACTIVE,
    user_id_from_claim,
)
from littlelemon.api.accounts.sessions import SESSION_CLAIM, login_session_active


class BearerSessionAuthentication(JWTAuthentication):
    """JWTAuthentication that also requires the token's login session to be open."""

    def get_user(self, validated_token: Any) -> Any:
        user_id = user_id_from_claim(validated_token.get(api_settings.USER_ID_CLAIM))
        if user_id is None:
            raise InvalidToken(TOKEN_HAS_NO_USER)
        session = login_session_active(
            session_id=validated_token.get(SESSION_CLAIM), user_id=user_id
        )
        if session is None:
            raise AuthenticationFailed(SESSION_ENDED, code="session_ended")
        if not session.user.is_active:
            raise AuthenticationFailed(USER_INACTIVE, code="user_inactive")
        return session.user

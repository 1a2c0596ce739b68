"""Bearer-token authentication: simplejwt's signature checks, then the login session's state.

simplejwt alone would accept a copied access token until it expires, even after logout. Here
the token's `sid` must name an open login session of the token's user (one indexed query that
also loads the user, replacing simplejwt's own user lookup, so no request pays twice). A
token whose `sub` is not a user id (`""`, `"abc"`, a 20-digit number) is a 401, never a 500.
"""

from __future__ import annotations

import re
from typing import Any, Final

from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken
from rest_framework_simplejwt.settings import api_settings

from littlelemon.api.accounts.sessions import SESSION_CLAIM, login_session_active

TOKEN_HAS_NO_USER: Final = "The token names no user."
SESSION_ENDED: Final = "This login session has ended (logged out or expired). Log in again."
USER_INACTIVE: Final = "User is inactive."
# A positive BIGINT in decimal without leading zeros: what `sub` of our tokens looks like.
_USER_ID = re.compile(r"[1-9][0-9]{0,18}")
MAX_USER_ID: Final = 2**63 - 1


def user_id_from_claim(value: object) -> int | None:
    """The user id in a `sub` claim, or None when it is not one."""
    if not isinstance(value, str) or not _USER_ID.fullmatch(value):
        return None
    user_id = int(value)
    return user_id if user_id <= MAX_USER_ID else None


class SessionJWTAuthentication(JWTAuthentication):
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

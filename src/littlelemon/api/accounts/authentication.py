"""Bearer-token authentication: simplejwt's signature checks, then the login session's state.

simplejwt alone would accept a copied access token until it expires, even after logout. Here
the token's `sid` must name an open login session of the token's user (one indexed query that
also loads the user, replacing simplejwt's own user lookup, so no request pays twice). A
token whose `sub` is not a user id (`""`, `"abc"`, a 20-digit number) is a 401, never a 500.

Requests without an Authorization header (the public menu, most cold starts) are anonymous
without loading simplejwt: its settings import `django.test` and its package reads its own
version from the installed distributions. The checks themselves live in
`littlelemon.api.accounts.bearer`, imported with the first token.
"""

from __future__ import annotations

import re
from typing import Any, Final

from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

TOKEN_HAS_NO_USER: Final = "The token names no user."
SESSION_ENDED: Final = "This login session has ended (logged out or expired). Log in again."
USER_INACTIVE: Final = "User is inactive."
# Where simplejwt reads the token (its AUTH_HEADER_NAME, which the settings leave as is).
AUTHORIZATION_HEADER: Final = "HTTP_AUTHORIZATION"
# A positive BIGINT in decimal without leading zeros: what `sub` of our tokens looks like.
_USER_ID = re.compile(r"[1-9][0-9]{0,18}")
MAX_USER_ID: Final = 2**63 - 1


def user_id_from_claim(value: object) -> int | None:
    """The user id in a `sub` claim, or None when it is not one."""
    if not isinstance(value, str) or not _USER_ID.fullmatch(value):
        return None
    user_id = int(value)
    return user_id if user_id <= MAX_USER_ID else None


def _bearer() -> BaseAuthentication:
    from littlelemon.api.accounts.bearer import BearerSessionAuthentication

    return BearerSessionAuthentication()


class SessionJWTAuthentication(BaseAuthentication):
    """simplejwt's JWTAuthentication that also requires the token's login session to be open."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        # simplejwt answers None too without the header (anonymous): decided here, unloaded.
        if not request.META.get(AUTHORIZATION_HEADER):
            return None
        return _bearer().authenticate(request)

    def authenticate_header(self, request: Request) -> str:
        """The WWW-Authenticate of a 401: simplejwt's (`Bearer realm="api"`)."""
        return str(_bearer().authenticate_header(request))

"""The JWT claims the api mints and the gateway authorizer, bookings and web read."""

from __future__ import annotations

from typing import Final

ROLE_CLAIM: Final = "role"  # one of littlelemon.contract.roles.ROLES, computed by the api
USERNAME_CLAIM: Final = "username"
EMAIL_CLAIM: Final = "email"  # the account's address, if any: bookings mail confirmations to it
TOKEN_TYPE_CLAIM: Final = "token_type"  # simplejwt's: "access" or "refresh"
ACCESS_TOKEN_TYPE: Final = "access"
# API Gateway JWT authorizers match a route's authorization scopes against `scope`
# (space-separated) or `scp`; only access tokens carry this one.
SCOPE_CLAIM: Final = "scope"
ACCESS_SCOPE: Final = "littlelemon/access"

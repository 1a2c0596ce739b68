"""The typed HTTP client the web tier uses to reach the API and the bookings service.

Laid out like httpx itself: `errors` (typed API errors), `models` (one pydantic model per
shape the API sends), `auth` (tokens, identity, an `httpx.Auth` that refreshes and
retries), `transport` (the pooled `httpx.Client`, timeouts, GET retry) and one module per
group of endpoints (`menu`, `cart`, `orders`, `accounts`, `bookings`), joined by
`ApiClient` in `api`.
"""

from __future__ import annotations

import os

# Pydantic looks for plugins in every installed distribution's entry points when the first
# model is built (importlib.metadata: ~14 ms of a worker's start here); the client uses none.
# https://docs.pydantic.dev/latest/concepts/plugins/#how-to-disable-a-plugin
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from littlelemon.web.client.api import ApiClient
from littlelemon.web.client.auth import (
    MemoryTokenStore,
    TokenAuth,
    TokenStore,
    expires_soon,
    identity_from_access_token,
    token_claims,
)
from littlelemon.web.client.errors import (
    ApiConflictError,
    ApiError,
    ApiNotFoundError,
    ApiPermissionError,
    ApiThrottledError,
    ApiUnavailableError,
    ApiValidationError,
    AuthenticationRequiredError,
)
from littlelemon.web.client.models import (
    Booking,
    CartLine,
    Category,
    Identity,
    MenuItem,
    NewUser,
    Order,
    OrderLine,
    Page,
    Slot,
    Tokens,
    User,
    UserLimits,
)
from littlelemon.web.client.transport import (
    Visitor,
    close_shared_http_clients,
    shared_http_client,
)

__all__ = [
    "ApiClient",
    "ApiConflictError",
    "ApiError",
    "ApiNotFoundError",
    "ApiPermissionError",
    "ApiThrottledError",
    "ApiUnavailableError",
    "ApiValidationError",
    "AuthenticationRequiredError",
    "Booking",
    "CartLine",
    "Category",
    "Identity",
    "MemoryTokenStore",
    "MenuItem",
    "NewUser",
    "Order",
    "OrderLine",
    "Page",
    "Slot",
    "TokenAuth",
    "TokenStore",
    "Tokens",
    "User",
    "UserLimits",
    "Visitor",
    "close_shared_http_clients",
    "expires_soon",
    "identity_from_access_token",
    "shared_http_client",
    "token_claims",
]

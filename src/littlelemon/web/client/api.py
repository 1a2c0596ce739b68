"""`ApiClient`: the API and the bookings service, one attribute per group of endpoints."""

from __future__ import annotations

from typing import Any

import httpx

from littlelemon.web.client.accounts import AccountEndpoints
from littlelemon.web.client.auth import TokenStore
from littlelemon.web.client.bookings import BookingEndpoints
from littlelemon.web.client.cart import CartEndpoints
from littlelemon.web.client.menu import MenuEndpoints
from littlelemon.web.client.orders import OrderEndpoints
from littlelemon.web.client.transport import Requester


class ApiClient:
    """Typed calls on behalf of one user (or nobody): `client.menu.items()`, `client.cart.add()`."""

    def __init__(self, http: httpx.Client, tokens: TokenStore | None = None) -> None:
        self.requester = Requester(http, tokens)
        self.accounts = AccountEndpoints(self.requester)
        self.menu = MenuEndpoints(self.requester)
        self.cart = CartEndpoints(self.requester)
        self.orders = OrderEndpoints(self.requester)
        self.bookings = BookingEndpoints(self.requester)

    def health(self, *, deep: bool = False) -> dict[str, Any]:
        params = {"deep": "1"} if deep else None
        response = self.requester.request("GET", "/health", params=params, auth=False)
        data: dict[str, Any] = response.json()
        return data

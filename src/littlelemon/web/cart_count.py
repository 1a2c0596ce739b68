"""The number of dishes in the customer's cart, for the navigation, without an API call.

The count is remembered in the session whenever a page reads the cart from the API and
moved along when the site adds or removes dishes; the cart page always shows the truth.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpRequest

from littlelemon.web.client import CartLine

CART_COUNT_KEY = "cart_count"


def cart_count(request: HttpRequest) -> int:
    value = request.session.get(CART_COUNT_KEY, 0)
    return value if isinstance(value, int) and value > 0 else 0


def remember_cart(request: HttpRequest, lines: Iterable[CartLine]) -> None:
    request.session[CART_COUNT_KEY] = sum(line.quantity for line in lines)


def add_to_cart_count(request: HttpRequest, quantity: int) -> None:
    request.session[CART_COUNT_KEY] = max(0, cart_count(request) + quantity)


def forget_cart(request: HttpRequest) -> None:
    request.session[CART_COUNT_KEY] = 0

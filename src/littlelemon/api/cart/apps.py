"""App configuration of the cart."""

from __future__ import annotations

from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "littlelemon.api.cart"
    label = "cart"
    verbose_name = "Cart"

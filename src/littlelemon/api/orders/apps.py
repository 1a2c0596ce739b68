"""App configuration of orders."""

from __future__ import annotations

from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "littlelemon.api.orders"
    label = "orders"
    verbose_name = "Orders"

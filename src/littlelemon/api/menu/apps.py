"""App configuration of the menu."""

from __future__ import annotations

from django.apps import AppConfig


class MenuConfig(AppConfig):
    name = "littlelemon.api.menu"
    label = "menu"
    verbose_name = "Menu"

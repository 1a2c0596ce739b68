"""App configuration of accounts."""

from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "littlelemon.api.accounts"
    label = "accounts"
    verbose_name = "Accounts"

"""Django's admin, its `admin.py` modules discovered when its URLs are first needed.

`django.contrib.admin` imports every app's `admin.py` at start-up (model admins, the
admin's forms, simplejwt's token admin and through it `django.test`: about 25 ms of a cold
start). Here `littlelemon.api.admin_urls` does, when a request or `reverse()` first
reaches the admin. The admin's system checks discover them first, so they still check
every model admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks


class AdminConfig(SimpleAdminConfig):
    """`django.contrib.admin` without autodiscovery at start-up."""

    def ready(self) -> None:
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_discovered_admin, checks.Tags.admin)


def check_discovered_admin(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """The admin's own checks of every model admin, after discovering them."""
    from django.contrib import admin

    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)

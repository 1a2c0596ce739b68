"""App configuration of the API's cross-cutting pieces."""

from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "littlelemon.api.core"
    label = "core"
    verbose_name = "Little Lemon core"

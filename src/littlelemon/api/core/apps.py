"""App configuration of the API's cross-cutting pieces."""

from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "littlelemon.api.core"
    label = "core"
    verbose_name = "Little Lemon core"

    def ready(self) -> None:
        # Registers the API's own system checks (`manage.py check --deploy`).
        from littlelemon.api.core import checks

        del checks

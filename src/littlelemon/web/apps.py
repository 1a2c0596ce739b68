"""The web tier's Django app: registers its system checks."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "littlelemon.web"
    label = "web"

    def ready(self) -> None:
        # Imported for its @register side effect: `manage.py check` runs the checks.
        from littlelemon.web import checks  # noqa: F401

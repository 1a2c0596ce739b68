"""Typed access to the web tier's own settings.

The type checker reads the API's settings module (one per project), so it does not know the
web tier's names; reading them here keeps that in one place.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def web_setting(name: str) -> Any:
    """The value of the web setting `name` (AttributeError when it is missing)."""
    return getattr(settings, name)

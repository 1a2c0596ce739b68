"""ASGI entry point of the API (for ASGI servers; Lambda uses the WSGI one)."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlelemon.api.settings")

application = get_asgi_application()

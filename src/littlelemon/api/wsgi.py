"""WSGI entry point of the API (gunicorn/cheroot locally, apig-wsgi on Lambda)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlelemon.api.settings")

application = get_wsgi_application()

"""WSGI entry point of the web site (gunicorn `littlelemon.web.wsgi:application`)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

# Set, not defaulted: a process started next to the API (as `littlelemon up` does) may
# inherit the API's settings module, and this application only ever runs the web project.
os.environ["DJANGO_SETTINGS_MODULE"] = "littlelemon.web.settings"

application = get_wsgi_application()

"""WSGI entry point of the web site (gunicorn `littlelemon.web.wsgi:application`)."""

from __future__ import annotations

import os
import sys

from django.core.wsgi import get_wsgi_application

# Set, not defaulted: a process started next to the API (as `littlelemon up` does) may
# inherit the API's settings module, and this application only ever runs the web project.
os.environ["DJANGO_SETTINGS_MODULE"] = "littlelemon.web.settings"

# httpx imports its command-line client (click, rich, pygments) whenever they are installed,
# as in the development environment: about 40 ms of the site's start for a tool it never
# runs. A None entry in sys.modules makes that one import fail (Python's documented way,
# https://docs.python.org/3/reference/import.html#the-module-cache) and httpx keeps a stub
# `main`; the entry goes once httpx is in. Production installs none of the three.
if "httpx" not in sys.modules:
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    import httpx  # noqa: F401

    del sys.modules["httpx._main"]

application = get_wsgi_application()

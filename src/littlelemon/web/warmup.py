"""Warm the web site before it takes requests: do once what a worker's first page would do.

gunicorn loads the site in its master (`preload_app`) and forks every worker from it, so a
new worker, also the one that replaces a recycled worker every `max_requests`, starts with
the work of `warm_up_shared()` done: every view imported and the URL reverse lookup built,
every template of the site and of Django's form renderer compiled, the modules Django only
imports on first use, the API client's pydantic models and TLS context. What must not cross
a fork, the pooled connections to the API, `warm_up_worker()` builds in each worker, and
opens the first one with the menu's categories (kept a minute per process).
benchmarks/web_ssr.py times a fresh and a recycled worker and their first page.
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.template import Engine

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
WARM_UP_CALL_FAILED_MESSAGE = "warm-up: the API did not answer for the menu categories: %s"


def warm_up() -> None:
    """Both halves in this process (a server that does not fork after loading the site)."""
    warm_up_shared()
    warm_up_worker()


def warm_up_shared() -> None:
    """What workers inherit through fork: code, compiled templates, the TLS context."""
    import django.forms
    from django.conf import settings
    from django.core.cache import caches
    from django.forms.renderers import get_default_renderer
    from django.template import engines
    from django.urls import get_resolver
    from django.utils import formats
    from django.utils.module_loading import import_string

    from littlelemon.web.client.transport import tls_context

    get_resolver().reverse_dict  # noqa: B018 (imports every view, builds the reverse lookup)
    site: Engine = engines["django"].engine  # type: ignore[attr-defined]
    # The cached template loader (DEBUG off) keeps each compiled template by name.
    _compile_every_template(site, TEMPLATES)
    site.template_context_processors  # noqa: B018 (imports them)
    # The form renderer has an engine of its own, with Django's form and widget templates.
    forms_engine: Engine = get_default_renderer().engine.engine  # type: ignore[attr-defined]
    _compile_every_template(forms_engine, Path(django.forms.__file__).parent / "templates")
    # Imported by Django on first use: session serializer, message storage, cache backend,
    # the locale's number formats.
    import_string(settings.SESSION_SERIALIZER)
    import_string(settings.MESSAGE_STORAGE)
    caches["default"]
    formats.get_format("DECIMAL_SEPARATOR")
    # httpx imports its connection layer (httpcore, h11) when it builds its first transport.
    import httpcore  # noqa: F401

    tls_context()


def warm_up_worker() -> None:
    """This worker's pooled API client, its first connection open with the menu's categories."""
    from littlelemon.web.client import ApiClient, ApiError, shared_http_client
    from littlelemon.web.conf import web_setting
    from littlelemon.web.views.public import menu_categories

    http = shared_http_client(
        web_setting("API_BASE_URL"),
        web_setting("API_CONNECT_TIMEOUT"),
        web_setting("API_READ_TIMEOUT"),
    )
    try:
        # Every worker keeps them a minute, as for any menu page: a new worker's first menu
        # page then makes the one API call a warm worker's does.
        menu_categories(ApiClient(http))
    except ApiError as error:
        # The worker serves anyway: its pages show the API's state to the visitor themselves.
        logger.warning(WARM_UP_CALL_FAILED_MESSAGE, error)


def _compile_every_template(engine: Engine, directory: Path) -> None:
    for template in sorted(directory.rglob("*.html")):
        engine.get_template(template.relative_to(directory).as_posix())

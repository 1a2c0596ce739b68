"""Warm a fresh gunicorn worker before it takes requests: URLconf, templates, the API client.

Without it the first page a new worker serves (and gunicorn recycles workers every
`max_requests`) pays for importing the views, compiling the templates and building the
pooled API client with its TLS context, several times a warm page (benchmarks/web_ssr.py).
"""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent / "templates"


def warm_up() -> None:
    """Do now, once per worker, what the first request would otherwise do."""
    from django.template.loader import get_template
    from django.urls import get_resolver

    from littlelemon.web.client import shared_http_client
    from littlelemon.web.conf import web_setting

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and every view)
    # The cached template loader (DEBUG off) keeps each compiled template by name.
    for template in sorted(TEMPLATES.rglob("*.html")):
        get_template(template.relative_to(TEMPLATES).as_posix())
    shared_http_client(
        web_setting("API_BASE_URL"),
        web_setting("API_CONNECT_TIMEOUT"),
        web_setting("API_READ_TIMEOUT"),
    )

"""The OpenAPI document and Swagger UI; drf-spectacular's views are imported on first use only.

That keeps the generator out of the import path of ordinary requests (cold starts on Lambda).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse


@cache
def _schema_view() -> Any:
    from drf_spectacular.views import SpectacularAPIView

    return SpectacularAPIView.as_view()


@cache
def _docs_view() -> Any:
    from drf_spectacular.views import SpectacularSwaggerView

    return SpectacularSwaggerView.as_view(url_name="schema")


def schema(request: HttpRequest) -> HttpResponse:
    """GET /api/schema/: the OpenAPI 3 document (YAML; JSON with `?format=json`)."""
    response: HttpResponse = _schema_view()(request)
    return response


def docs(request: HttpRequest) -> HttpResponse:
    """GET /api/docs/: Swagger UI, its assets served by the API itself (no CDN)."""
    response: HttpResponse = _docs_view()(request)
    return response

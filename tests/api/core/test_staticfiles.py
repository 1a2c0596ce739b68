"""WhiteNoise lists the static files on the first static request, then serves as usual."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from littlelemon.api.core.staticfiles import LazyWhiteNoiseMiddleware

ASSET = "/static/admin/img/icon-yes.svg"


def _not_static(request: HttpRequest) -> HttpResponse:
    return HttpResponse("view", status=418)


def test_the_static_files_are_listed_only_when_one_is_asked_for() -> None:
    middleware = LazyWhiteNoiseMiddleware(_not_static)
    assert middleware.files == {}
    assert middleware(RequestFactory().get("/api/menu-items")).status_code == 418
    assert middleware.files == {}

    response = middleware(RequestFactory().get(ASSET))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert ASSET in middleware.files
    # An unknown static file falls through to the view, as with WhiteNoise's own middleware.
    assert middleware(RequestFactory().get("/static/admin/nothing.css")).status_code == 418

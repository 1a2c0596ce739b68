"""Error pages: CSRF failure, 404 and 500, all rendered without touching the API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CSRF_FAILED_MESSAGE = (
    "Your form could not be sent because it expired or came from another site. "
    "Go back, reload the page and try again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    context = {"title": "Form expired", "detail": CSRF_FAILED_MESSAGE}
    return render(request, "web/error.html", context, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"title": "Not found"}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "web/error.html", {"title": "Something went wrong"}, status=500)

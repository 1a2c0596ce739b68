"""The site's one confirmation page: a question, one POST button back to the same URL, a way out."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def confirm_page(
    request: HttpRequest,
    *,
    title: str,
    question: str,
    confirm_label: str,
    back_url: str,
    back_label: str | None = None,
    hidden: dict[str, str] | None = None,
) -> HttpResponse:
    """What a GET of a destructive view answers; its form POSTs to the same view."""
    context = {
        "title": title,
        "question": question,
        "action": request.path,
        "confirm_label": confirm_label,
        "back_url": back_url,
        "back_label": back_label,
        "hidden": hidden or {},
    }
    return render(request, "web/confirm.html", context)

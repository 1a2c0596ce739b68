"""djoser's password reset e-mail, with its link pointing at the web site (WEB_BASE_URL)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from djoser import email


class PasswordResetEmail(email.PasswordResetEmail):  # type: ignore[misc]
    """The API is called by the web tier, so the request's host is the API's: use the site's."""

    def get_context_data(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data()
        site = urlsplit(settings.WEB_BASE_URL)
        context["protocol"] = site.scheme
        context["domain"] = site.netloc
        context["site_name"] = settings.SITE_NAME
        return context

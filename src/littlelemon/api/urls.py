"""URL routes of the API project. Paths under /api have no trailing slash; djoser's keep theirs.

The apps' URLconfs and the admin's are imported when a request's path first reaches them
(`_lazy`), so a cold start that serves the menu never imports the accounts views (djoser,
PyJWT, cryptography: ~40 ms), the cart's and orders', nor the model admins (their
discovery runs with the admin's URLconf). Keep the most requested app first.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path, re_path

from littlelemon.api.core import schema_views
from littlelemon.api.core import views as core_views


def _lazy(module: str, namespace: str | None = None) -> tuple[Any, str | None, str | None]:
    """Like `include(module, namespace)`, but imported on first use instead of now.

    `include()` imports its module at once; a URLResolver given the module's *name* imports
    it when it first resolves a path under its prefix (as Django does with ROOT_URLCONF).
    `reverse()` and the URL checks still see every route: they walk all resolvers.
    """
    # Any: django-stubs types the first member as the patterns, Django takes a name too.
    return (module, namespace, namespace)


# Resolved lazily by Django, so an ordinary request never imports them.
handler400 = "littlelemon.api.core.exceptions.bad_request"
handler403 = "littlelemon.api.core.exceptions.permission_denied"
handler404 = "littlelemon.api.core.exceptions.page_not_found"
handler500 = "littlelemon.api.core.exceptions.server_error"

api_patterns: list[URLPattern | URLResolver] = [
    path("", _lazy("littlelemon.api.menu.urls")),
    path("", _lazy("littlelemon.api.cart.urls")),
    path("", _lazy("littlelemon.api.orders.urls")),
    path("", _lazy("littlelemon.api.accounts.urls")),
    path("schema/", schema_views.schema, name="schema"),
    path("docs/", schema_views.docs, name="docs"),
]

urlpatterns = [
    path("health", core_views.HealthView.as_view(), name="health"),
    path(".well-known/jwks.json", core_views.JwksView.as_view(), name="jwks"),
    path(
        ".well-known/openid-configuration",
        core_views.OpenIdConfigurationView.as_view(),
        name="openid-configuration",
    ),
    path("api/", include(api_patterns)),
    path("auth/", _lazy("littlelemon.api.accounts.auth_urls")),
    path("admin/", _lazy("littlelemon.api.admin_urls", "admin")),
]
if settings.MEDIA_SERVE_LOCALLY:
    # Dish photos on the local filesystem (`make up`); on AWS CloudFront serves the bucket.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", core_views.media, name="media"))

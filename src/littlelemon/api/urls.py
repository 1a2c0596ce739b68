"""URL routes of the API project. Paths under /api have no trailing slash; djoser's keep theirs."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path

from littlelemon.api.accounts import urls as accounts_urls
from littlelemon.api.core import schema_views
from littlelemon.api.core import views as core_views

# Resolved lazily by Django, so an ordinary request never imports them.
handler400 = "littlelemon.api.core.exceptions.bad_request"
handler403 = "littlelemon.api.core.exceptions.permission_denied"
handler404 = "littlelemon.api.core.exceptions.page_not_found"
handler500 = "littlelemon.api.core.exceptions.server_error"

api_patterns: list[URLPattern | URLResolver] = [
    path("", include("littlelemon.api.menu.urls")),
    path("", include("littlelemon.api.cart.urls")),
    path("", include("littlelemon.api.orders.urls")),
    path("", include(accounts_urls.api_urlpatterns)),
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
    path("auth/", include(accounts_urls.auth_urlpatterns)),
    path("admin/", admin.site.urls),
]
if settings.MEDIA_SERVE_LOCALLY:
    # Dish photos on the local filesystem (`make up`); on AWS CloudFront serves the bucket.
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", core_views.media, name="media"))

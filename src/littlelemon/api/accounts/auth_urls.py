"""Routes of accounts under /auth/ (djoser's paths keep their slash): sign-up, me, JWT."""

from __future__ import annotations

from typing import Any

from django.urls import path

from littlelemon.api.accounts import views

_auth_routes: list[tuple[str, Any, str]] = [
    ("users/", views.SignUpViewSet.as_view({"post": "create"}), "user-create"),
    ("users/me/", views.SignUpViewSet.as_view({"get": "me"}), "user-me"),
    ("jwt/create/", views.LoginView.as_view(), "jwt-create"),
    ("jwt/refresh/", views.RefreshView.as_view(), "jwt-refresh"),
    ("jwt/verify/", views.VerifyView.as_view(), "jwt-verify"),
    ("jwt/logout/", views.LogoutView.as_view(), "jwt-logout"),
]
# djoser's paths end in a slash; the original API's clients also call them without one, and
# APPEND_SLASH is off (a redirect would turn a POST into a GET): serve both spellings. The
# unslashed aliases are left out of the OpenAPI document (core.schema).
UNSLASHED_ALIAS_SUFFIX = "-unslashed"
urlpatterns = [path(route, view, name=name) for route, view, name in _auth_routes] + [
    path(route.rstrip("/"), view, name=f"{name}{UNSLASHED_ALIAS_SUFFIX}")
    for route, view, name in _auth_routes
]

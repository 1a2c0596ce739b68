"""Routes of accounts under /auth/ (djoser's paths keep their slash): sign-up, me, JWT."""

from __future__ import annotations

from django.urls import path

from littlelemon.api.accounts import views

urlpatterns = [
    path("users/", views.SignUpViewSet.as_view({"post": "create"}), name="user-create"),
    path("users/me/", views.SignUpViewSet.as_view({"get": "me"}), name="user-me"),
    path("jwt/create/", views.LoginView.as_view(), name="jwt-create"),
    path("jwt/refresh/", views.RefreshView.as_view(), name="jwt-refresh"),
    path("jwt/verify/", views.VerifyView.as_view(), name="jwt-verify"),
    path("jwt/logout/", views.LogoutView.as_view(), name="jwt-logout"),
]

"""Routes of accounts: /api/groups/..., and /auth/... (djoser's paths keep their slash)."""

from __future__ import annotations

from django.urls import path

from littlelemon.api.accounts import views

api_urlpatterns = [
    path("users", views.UserSearchView.as_view(), name="user-search"),
    path("groups/<str:group>/users", views.GroupMembersView.as_view(), name="group-members"),
    path(
        "groups/<str:group>/users/<int:user_id>",
        views.GroupMemberView.as_view(),
        name="group-member",
    ),
]

auth_urlpatterns = [
    path("users/", views.SignUpViewSet.as_view({"post": "create"}), name="user-create"),
    path("users/me/", views.SignUpViewSet.as_view({"get": "me", "patch": "me"}), name="user-me"),
    path(
        "users/reset_password/",
        views.SignUpViewSet.as_view({"post": "reset_password"}),
        name="user-reset-password",
    ),
    path(
        "users/reset_password_confirm/",
        views.SignUpViewSet.as_view({"post": "reset_password_confirm"}),
        name="user-reset-password-confirm",
    ),
    path(
        "users/set_password/",
        views.SignUpViewSet.as_view({"post": "set_password"}),
        name="user-set-password",
    ),
    path("jwt/create/", views.LoginView.as_view(), name="jwt-create"),
    path("jwt/refresh/", views.RefreshView.as_view(), name="jwt-refresh"),
    path("jwt/verify/", views.VerifyView.as_view(), name="jwt-verify"),
    path("jwt/logout/", views.LogoutView.as_view(), name="jwt-logout"),
]

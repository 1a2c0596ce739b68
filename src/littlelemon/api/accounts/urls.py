"""Routes of accounts under /api: /api/groups/... (/auth/... is in `auth_urls`)."""

from __future__ import annotations

from django.urls import path

from littlelemon.api.accounts import views

urlpatterns = [
    path("groups/<str:group>/users", views.GroupMembersView.as_view(), name="group-members"),
    path(
        "groups/<str:group>/users/<int:user_id>",
        views.GroupMemberView.as_view(),
        name="group-member",
    ),
]

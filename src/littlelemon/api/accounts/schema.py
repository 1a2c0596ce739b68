"""OpenAPI details of the accounts endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers

from littlelemon.api.accounts.serializers import (
    GroupMemberInputSerializer,
    TokenPairSerializer,
    UserSearchSerializer,
    UserSerializer,
)
from littlelemon.api.core.openapi import document
from littlelemon.api.core.serializers import ErrorSerializer

VIEWS = "littlelemon.api.accounts.views"


class SessionJWTScheme(SimpleJWTScheme):  # type: ignore[no-untyped-call]
    """Our bearer authentication is simplejwt's plus the login-session check: `jwtAuth`."""

    target_class = "littlelemon.api.accounts.authentication.SessionJWTAuthentication"


TOKEN_PAIR = {200: TokenPairSerializer, 401: ErrorSerializer}

document(
    f"{VIEWS}.GroupMembersView",
    get=extend_schema(responses=UserSerializer(many=True), operation_id="group_members_list"),
    post=extend_schema(
        request=GroupMemberInputSerializer,
        responses={201: UserSerializer},
        operation_id="group_members_add",
    ),
)
document(
    f"{VIEWS}.GroupMemberView",
    delete=extend_schema(responses={200: UserSerializer}, operation_id="group_members_remove"),
)
document(f"{VIEWS}.LoginView", post=extend_schema(responses=TOKEN_PAIR, auth=[]))
document(f"{VIEWS}.RefreshView", post=extend_schema(responses=TOKEN_PAIR, auth=[]))
document(
    f"{VIEWS}.VerifyView",
    post=extend_schema(
        responses={200: OpenApiResponse(description="The token is valid."), 401: ErrorSerializer},
        auth=[],
    ),
)
document(f"{VIEWS}.LogoutView", post=extend_schema(responses={204: None, 401: ErrorSerializer}))

NO_CONTENT = {204: OpenApiResponse(description="Done; nothing to answer.")}
document(
    f"{VIEWS}.UserSearchView",
    get=extend_schema(
        parameters=[
            OpenApiParameter(
                "search",
                OpenApiTypes.STR,
                description="Part of a username, first or last name (case-insensitive).",
            )
        ],
        responses=UserSearchSerializer(many=True),
        operation_id="users_search",
    ),
)
document(
    f"{VIEWS}.SignUpViewSet",
    me=extend_schema(responses={200: UserSerializer}),
    reset_password=extend_schema(
        request=inline_serializer("PasswordReset", {"email": serializers.EmailField()}),
        responses=NO_CONTENT,
        auth=[],
        description=(
            "Always 204 (whether an account has this address or not); an account with it "
            "gets an e-mail with a link to the web site's reset page."
        ),
    ),
    reset_password_confirm=extend_schema(
        request=inline_serializer(
            "PasswordResetConfirm",
            {
                "uid": serializers.CharField(),
                "token": serializers.CharField(),
                "new_password": serializers.CharField(),
            },
        ),
        responses=NO_CONTENT,
        auth=[],
        description="The uid and token of the e-mailed link (single-use, expiring).",
    ),
    set_password=extend_schema(
        request=inline_serializer(
            "PasswordChange",
            {"current_password": serializers.CharField(), "new_password": serializers.CharField()},
        ),
        responses=NO_CONTENT,
    ),
)

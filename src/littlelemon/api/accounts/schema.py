"""OpenAPI details of the accounts endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.utils import OpenApiResponse, extend_schema

from littlelemon.api.accounts.serializers import (
    GroupMemberInputSerializer,
    TokenPairSerializer,
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

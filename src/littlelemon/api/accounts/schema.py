"""OpenAPI details of the accounts endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view

from littlelemon.api.accounts.serializers import (
    GroupMemberInputSerializer,
    TokenPairSerializer,
    UserSerializer,
)
from littlelemon.api.core.serializers import ErrorSerializer

VIEWS = "littlelemon.api.accounts.views"
TOKEN_PAIR = {200: TokenPairSerializer, 401: ErrorSerializer}


class GroupMembersSchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = f"{VIEWS}.GroupMembersView"

    def view_replacement(self) -> Any:
        @extend_schema_view(
            get=extend_schema(
                responses=UserSerializer(many=True), operation_id="group_members_list"
            ),
            post=extend_schema(
                request=GroupMemberInputSerializer,
                responses={201: UserSerializer},
                operation_id="group_members_add",
            ),
        )
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented


class GroupMemberSchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = f"{VIEWS}.GroupMemberView"

    def view_replacement(self) -> Any:
        @extend_schema_view(
            delete=extend_schema(
                responses={200: UserSerializer}, operation_id="group_members_remove"
            )
        )
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented


class LoginSchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = f"{VIEWS}.LoginView"

    def view_replacement(self) -> Any:
        @extend_schema_view(post=extend_schema(responses=TOKEN_PAIR, auth=[]))
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented


class RefreshSchema(LoginSchema):  # type: ignore[no-untyped-call]
    target_class = f"{VIEWS}.RefreshView"


class VerifySchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = f"{VIEWS}.VerifyView"

    def view_replacement(self) -> Any:
        @extend_schema_view(
            post=extend_schema(
                responses={
                    200: OpenApiResponse(description="The token is valid."),
                    401: ErrorSerializer,
                },
                auth=[],
            )
        )
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented


class LogoutSchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = f"{VIEWS}.LogoutView"

    def view_replacement(self) -> Any:
        @extend_schema_view(post=extend_schema(responses={204: None, 401: ErrorSerializer}))
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented

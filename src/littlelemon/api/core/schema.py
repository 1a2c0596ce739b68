"""OpenAPI generation: drf-spectacular's AutoSchema plus the error responses every view has.

Imported only when the schema is generated (DEFAULT_SCHEMA_CLASS is resolved lazily), and so
are the per-app `schema.py` modules it loads: the views themselves never import drf-spectacular,
which keeps its generator (about 30 modules) out of the Lambda cold start.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.permissions import BasePermission

from littlelemon.api.accounts import roles
from littlelemon.api.core.openapi import document
from littlelemon.api.core.serializers import ErrorSerializer, ValidationErrorSerializer

WRITE_METHODS = {"POST", "PUT", "PATCH"}


class _ProbeUser:
    """A stand-in user with preset groups, so probing permissions needs no database."""

    is_authenticated = True
    is_active = True
    pk = 0

    def __init__(self, *, is_staff: bool = False, groups: frozenset[str] = frozenset()) -> None:
        self.is_staff = is_staff
        setattr(self, roles.GROUP_CACHE_ATTRIBUTE, groups)


class _ProbeRequest:
    def __init__(self, method: str, user: Any) -> None:
        self.method = method
        self.user = user
        self.auth = None


def _role_probes() -> list[Any]:
    return [
        _ProbeUser(),
        _ProbeUser(groups=frozenset({roles.CREW_GROUP})),
        _ProbeUser(groups=frozenset({roles.MANAGER_GROUP})),
        _ProbeUser(is_staff=True),
    ]


class AutoSchema(SpectacularAutoSchema):
    """Adds 400/401/403/404/409/429 responses where the view can answer with them."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code, serializer in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    serializer, code, None, direction
                )
        return responses

    def _error_responses(self) -> dict[str, serializers.Serializer[Any]]:
        errors: dict[str, serializers.Serializer[Any]] = {}
        view = self.view
        method = self.method.upper()
        filters_query = any(
            getattr(view, name, None)
            for name in ("filterset_class", "search_fields", "ordering_fields")
        )
        if method in WRITE_METHODS or (method == "GET" and filters_query):
            errors["400"] = ValidationErrorSerializer()
        # A missing token where one is needed, or a bad one anywhere a token is read.
        if view.get_authenticators():
            errors["401"] = ErrorSerializer()
        if not all(self._allows(user) for user in _role_probes()) or self._checks_objects():
            errors["403"] = ErrorSerializer()
        if "{" in self.path or (method == "GET" and self._is_list_view()):
            errors["404"] = ErrorSerializer()
        if method in WRITE_METHODS or method == "DELETE":
            errors["409"] = ErrorSerializer()
        if view.get_throttles():
            errors["429"] = ErrorSerializer()
        return errors

    def get_auth(self) -> list[dict[str, Any]]:
        """A token is optional where anonymous callers are allowed (public GETs, sign-up)."""
        auths: list[dict[str, Any]] = super().get_auth()
        if auths and {} not in auths and self._allows(AnonymousUser()):
            auths.append({})
        return auths

    def _checks_objects(self) -> bool:
        """Whether a permission also judges the object (a visible one can still be a 403)."""
        return any(
            type(permission).has_object_permission is not BasePermission.has_object_permission
            for permission in self.view.get_permissions()
        ) and self.method.upper() in WRITE_METHODS | {"DELETE"}

    def _allows(self, user: Any) -> bool:
        request = _ProbeRequest(self.method.upper(), user)
        return all(
            permission.has_permission(request, self.view)  # type: ignore[arg-type]
            for permission in self.view.get_permissions()
        )


document(
    "littlelemon.api.core.views.HealthView",
    get=extend_schema(
        parameters=[OpenApiParameter("deep", OpenApiTypes.STR, enum=["0", "1"])],
        responses={
            400: ValidationErrorSerializer,
            200: inline_serializer(
                "Health",
                {
                    "status": serializers.CharField(),
                    "database": serializers.CharField(required=False),
                },
            ),
            503: inline_serializer(
                "HealthFailed",
                {"status": serializers.CharField(), "database": serializers.CharField()},
            ),
        },
    ),
)
document(
    "littlelemon.api.core.views.JwksView",
    get=extend_schema(
        responses=inline_serializer(
            "Jwks", {"keys": serializers.ListField(child=serializers.DictField())}
        )
    ),
)
_STRINGS = serializers.ListField(child=serializers.CharField())
document(
    "littlelemon.api.core.views.OpenIdConfigurationView",
    get=extend_schema(
        responses=inline_serializer(
            "OpenIdConfiguration",
            {
                "issuer": serializers.CharField(),
                "jwks_uri": serializers.CharField(),
                "id_token_signing_alg_values_supported": _STRINGS,
                "subject_types_supported": _STRINGS,
                "response_types_supported": _STRINGS,
            },
        )
    ),
)


def exclude_unslashed_aliases(endpoints: list[Any], **kwargs: Any) -> list[Any]:
    """PREPROCESSING_HOOKS: djoser's paths without their slash are aliases, not operations."""
    return [
        endpoint
        for endpoint in endpoints
        if not (endpoint[0].startswith("/auth/") and not endpoint[0].endswith("/"))
    ]


def _register_app_extensions() -> None:
    # Each app documents its own views; importing the modules registers their extensions.
    from littlelemon.api.accounts import schema as accounts_schema
    from littlelemon.api.cart import schema as cart_schema
    from littlelemon.api.menu import schema as menu_schema
    from littlelemon.api.orders import schema as orders_schema

    del accounts_schema, cart_schema, menu_schema, orders_schema


_register_app_extensions()

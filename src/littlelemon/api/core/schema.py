"""OpenAPI generation: drf-spectacular's AutoSchema plus the error responses every view has.

Imported only when the schema is generated (DEFAULT_SCHEMA_CLASS is resolved lazily).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers

from littlelemon.api.accounts import roles
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
        if view.get_authenticators() and not self._allows(AnonymousUser()):
            errors["401"] = ErrorSerializer()
        if not all(self._allows(user) for user in _role_probes()):
            errors["403"] = ErrorSerializer()
        if "{" in self.path or (method == "GET" and self._is_list_view()):
            errors["404"] = ErrorSerializer()
        if method in WRITE_METHODS or method == "DELETE":
            errors["409"] = ErrorSerializer()
        if view.get_throttles():
            errors["429"] = ErrorSerializer()
        return errors

    def _allows(self, user: Any) -> bool:
        request = _ProbeRequest(self.method.upper(), user)
        return all(
            permission.has_permission(request, self.view)  # type: ignore[arg-type]
            for permission in self.view.get_permissions()
        )

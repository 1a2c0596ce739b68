"""OpenAPI details of the cart endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import extend_schema, extend_schema_view

from littlelemon.api.cart.serializers import (
    CartAddSerializer,
    CartLineSerializer,
    CartQuantitySerializer,
)


class CartSchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = "littlelemon.api.cart.views.CartView"

    def view_replacement(self) -> Any:
        @extend_schema_view(
            get=extend_schema(responses=CartLineSerializer(many=True), operation_id="cart_list"),
            post=extend_schema(
                request=CartAddSerializer,
                responses={201: CartLineSerializer},
                operation_id="cart_add",
            ),
            delete=extend_schema(responses={204: None}, operation_id="cart_clear"),
        )
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented


class CartLineSchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = "littlelemon.api.cart.views.CartLineView"

    def view_replacement(self) -> Any:
        @extend_schema_view(
            patch=extend_schema(
                request=CartQuantitySerializer,
                responses={200: CartLineSerializer, 204: None},
                operation_id="cart_line_update",
            ),
            delete=extend_schema(responses={204: None}, operation_id="cart_line_remove"),
        )
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented

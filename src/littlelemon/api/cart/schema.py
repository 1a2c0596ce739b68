"""OpenAPI details of the cart endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from littlelemon.api.cart.serializers import (
    CartAddSerializer,
    CartLineSerializer,
    CartQuantitySerializer,
)
from littlelemon.api.core.openapi import document

document(
    "littlelemon.api.cart.views.CartView",
    get=extend_schema(responses=CartLineSerializer(many=True), operation_id="cart_list"),
    post=extend_schema(
        request=CartAddSerializer, responses={201: CartLineSerializer}, operation_id="cart_add"
    ),
    delete=extend_schema(responses={204: None}, operation_id="cart_clear"),
)
document(
    "littlelemon.api.cart.views.CartLineView",
    patch=extend_schema(
        request=CartQuantitySerializer,
        responses={200: CartLineSerializer, 204: None},
        operation_id="cart_line_update",
    ),
    delete=extend_schema(responses={204: None}, operation_id="cart_line_remove"),
)

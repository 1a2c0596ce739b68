"""OpenAPI details of the order endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from littlelemon.api.core.openapi import document
from littlelemon.api.orders.serializers import (
    OrderPlaceSerializer,
    OrderSerializer,
    OrderUpdateSerializer,
)

document(
    "littlelemon.api.orders.views.OrderListView",
    post=extend_schema(
        request=OrderPlaceSerializer,
        responses={201: OrderSerializer},
        operation_id="orders_place",
        description=(
            "Checkout of the caller's cart. Address and phone default to the profile's; "
            "without either, 400 naming the field."
        ),
    ),
)
document(
    "littlelemon.api.orders.views.OrderDetailView",
    patch=extend_schema(request=OrderUpdateSerializer, responses={200: OrderSerializer}),
)

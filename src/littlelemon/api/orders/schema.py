"""OpenAPI details of the order endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from littlelemon.api.core.openapi import document
from littlelemon.api.orders.serializers import OrderSerializer, OrderUpdateSerializer

document(
    "littlelemon.api.orders.views.OrderListView",
    post=extend_schema(request=None, responses={201: OrderSerializer}, operation_id="orders_place"),
)
document(
    "littlelemon.api.orders.views.OrderDetailView",
    patch=extend_schema(request=OrderUpdateSerializer, responses={200: OrderSerializer}),
)

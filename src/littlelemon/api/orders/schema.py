"""OpenAPI details of the order endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import extend_schema, extend_schema_view

from littlelemon.api.orders.serializers import OrderSerializer, OrderUpdateSerializer


class OrderListSchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = "littlelemon.api.orders.views.OrderListView"

    def view_replacement(self) -> Any:
        @extend_schema_view(
            post=extend_schema(
                request=None, responses={201: OrderSerializer}, operation_id="orders_place"
            )
        )
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented


class OrderDetailSchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = "littlelemon.api.orders.views.OrderDetailView"

    def view_replacement(self) -> Any:
        @extend_schema_view(
            patch=extend_schema(request=OrderUpdateSerializer, responses={200: OrderSerializer})
        )
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented

"""Endpoints of orders: checkout (customers), delivery (crew), management (managers)."""

from __future__ import annotations

from typing import Any

from rest_framework import generics, mixins, status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from littlelemon.api.accounts import roles
from littlelemon.api.core.permissions import IsCustomer
from littlelemon.api.orders import selectors, services
from littlelemon.api.orders.filters import OrderFilter
from littlelemon.api.orders.models import Order
from littlelemon.api.orders.serializers import (
    OrderPlaceSerializer,
    OrderSerializer,
    OrderUpdateSerializer,
)


class CanChangeOrders(BasePermission):
    """On an order the caller can see: PATCH by anyone who sees it (the service decides what
    each role may change), DELETE by managers.

    An object permission, so an order the caller cannot see stays a 404 (the selector says
    so first) and only a visible one can answer 403.
    """

    message = "Your role cannot change orders."

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method == "DELETE":
            return roles.is_manager(request.user)
        return True


class OrderListView(mixins.ListModelMixin, generics.GenericAPIView[Order]):
    """GET: the orders the caller may see; POST: checkout of the caller's cart (customers)."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    search_fields: list[str] = []
    ordering_fields = ["id", "created_at", "total", "status", "state"]

    def get_permissions(self) -> list[BasePermission]:
        if self.request.method == "POST":
            return [IsAuthenticated(), IsCustomer()]
        return [IsAuthenticated()]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return Order.objects.none()
        return selectors.order_list(user=self.request.user)

    def get(self, request: Request) -> Response:
        return self.list(request)

    def post(self, request: Request) -> Response:
        serializer = OrderPlaceSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = services.order_place(user=request.user, **serializer.validated_data)
        order = selectors.order_get(user=request.user, order_id=order.pk)
        return Response(self.get_serializer(order).data, status=status.HTTP_201_CREATED)


class OrderDetailView(generics.GenericAPIView[Order]):
    """GET one order; PATCH status / delivery crew; DELETE (managers)."""

    serializer_class = OrderSerializer
    permission_classes = [IsAuthenticated, CanChangeOrders]

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(self._visible_order(pk)).data)

    def patch(self, request: Request, pk: int) -> Response:
        order = self._visible_order(pk)
        serializer = OrderUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.order_update(actor=request.user, order=order, **serializer.validated_data)
        order = selectors.order_get(user=request.user, order_id=pk)
        return Response(self.get_serializer(order).data)

    def delete(self, request: Request, pk: int) -> Response:
        services.order_delete(order=self._visible_order(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _visible_order(self, pk: int) -> Order:
        """The order if the caller may see it (else 404), then the role check (else 403)."""
        order = selectors.order_get(user=self.request.user, order_id=pk)
        self.check_object_permissions(self.request, order)
        return order

"""Endpoints of the cart: customers only, and only their own lines."""

from __future__ import annotations

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from littlelemon.api.cart import selectors, services
from littlelemon.api.cart.serializers import (
    CartAddSerializer,
    CartLineSerializer,
    CartQuantitySerializer,
)
from littlelemon.api.core.permissions import IsCustomer


class CartView(APIView):
    """GET: the caller's lines (a plain array); POST: add a dish; DELETE: empty the cart."""

    permission_classes = [IsCustomer]

    def get(self, request: Request) -> Response:
        lines = selectors.cart_line_list(user=request.user)
        return Response(CartLineSerializer(lines, many=True).data)

    def post(self, request: Request) -> Response:
        serializer = CartAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        line = services.cart_add(user=request.user, **serializer.validated_data)
        return Response(CartLineSerializer(line).data, status=status.HTTP_201_CREATED)

    def delete(self, request: Request) -> Response:
        services.cart_clear(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CartLineView(APIView):
    """PATCH `{"quantity"}` (0 removes the line: 204); DELETE: remove the line."""

    permission_classes = [IsCustomer]

    def patch(self, request: Request, pk: int) -> Response:
        serializer = CartQuantitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        line = services.cart_line_set_quantity(
            user=request.user, line_id=pk, quantity=serializer.validated_data["quantity"]
        )
        if line is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(CartLineSerializer(line).data)

    def delete(self, request: Request, pk: int) -> Response:
        services.cart_line_remove(user=request.user, line_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""Serializers of orders."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import serializers

from littlelemon.api.orders.models import Order, OrderItem


class OrderItemSerializer(serializers.ModelSerializer[OrderItem]):
    """`{id, menuitem, menuitem_name, menuitem_title, quantity, unit_price, price}`.

    `menuitem_title` repeats the name under the original API's field name, for its clients.
    """

    menuitem_title = serializers.CharField(source="menuitem_name", read_only=True)

    class Meta:
        model = OrderItem
        fields = [
            "id",
            "menuitem",
            "menuitem_name",
            "menuitem_title",
            "quantity",
            "unit_price",
            "price",
        ]
        read_only_fields = fields


class OrderSerializer(serializers.ModelSerializer[Order]):
    """An order with its items; `status` false = pending, true = delivered."""

    username = serializers.CharField(source="user.username", read_only=True)
    delivery_crew_username = serializers.CharField(
        source="delivery_crew.username", read_only=True, allow_null=True, default=None
    )
    date = serializers.DateField(read_only=True)
    items = OrderItemSerializer(many=True, read_only=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "user",
            "username",
            "delivery_crew",
            "delivery_crew_username",
            "status",
            "total",
            "date",
            "created_at",
            "items",
        ]
        read_only_fields = fields


class OrderUpdateSerializer(serializers.Serializer[Any]):
    """PATCH body: `status` (crew and managers), `delivery_crew` user id or null (managers)."""

    status = serializers.BooleanField(required=False)
    delivery_crew = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False, allow_null=True
    )

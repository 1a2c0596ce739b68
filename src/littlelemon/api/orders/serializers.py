"""Serializers of orders."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from littlelemon.api.accounts.models import ADDRESS_MAX_LENGTH
from littlelemon.api.accounts.phone import phone_normalize
from littlelemon.api.orders.models import NOTES_MAX_LENGTH, Order, OrderItem
from littlelemon.contract import restaurant

STATUS_DISAGREES = "status is true exactly when state is delivered; send one of them."


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
    """An order with its items; `status` false = pending, true = delivered (as `state`)."""

    username = serializers.CharField(source="user.username", read_only=True)
    delivery_crew_username = serializers.CharField(
        source="delivery_crew.username", read_only=True, allow_null=True, default=None
    )
    date = serializers.DateField(read_only=True)
    placed_at = serializers.DateTimeField(source="created_at", read_only=True)
    state = serializers.ChoiceField(choices=restaurant.ORDER_STATES, read_only=True)
    eta = serializers.DateTimeField(read_only=True, allow_null=True)
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
            "state",
            "total",
            "date",
            "created_at",
            "placed_at",
            "eta",
            "delivery_address",
            "delivery_phone",
            "delivery_notes",
            "items",
        ]
        read_only_fields = fields


def _phone(value: str) -> str:
    try:
        return phone_normalize(value)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from error


class OrderPlaceSerializer(serializers.Serializer[Any]):
    """Checkout body (optional): delivery details; missing ones come from the profile."""

    delivery_address = serializers.CharField(
        required=False, allow_blank=True, max_length=ADDRESS_MAX_LENGTH
    )
    delivery_phone = serializers.CharField(required=False, allow_blank=True, max_length=32)
    delivery_notes = serializers.CharField(
        required=False, allow_blank=True, max_length=NOTES_MAX_LENGTH
    )

    def validate_delivery_phone(self, value: str) -> str:
        return _phone(value)


class OrderUpdateSerializer(serializers.Serializer[Any]):
    """PATCH body: `state`, `status` (old clients), `delivery_crew` user id or null (managers)."""

    state = serializers.ChoiceField(choices=restaurant.ORDER_STATES, required=False)
    status = serializers.BooleanField(required=False)
    delivery_crew = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), required=False, allow_null=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "state" in attrs and "status" in attrs:
            if attrs["status"] != (attrs["state"] == restaurant.DELIVERED):
                raise serializers.ValidationError({"status": [STATUS_DISAGREES]})
            del attrs["status"]
        return attrs

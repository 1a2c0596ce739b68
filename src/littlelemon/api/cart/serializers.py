"""Serializers of the cart."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from littlelemon.api.cart.models import MAX_QUANTITY, MIN_QUANTITY, CartLine
from littlelemon.api.menu.models import MenuItem


class CartLineSerializer(serializers.ModelSerializer[CartLine]):
    """`{id, menuitem, menuitem_name, quantity, unit_price, price}` at today's prices."""

    menuitem_name = serializers.CharField(source="menuitem.title", read_only=True)
    unit_price = serializers.DecimalField(
        source="menuitem.price", max_digits=6, decimal_places=2, read_only=True
    )
    price = serializers.DecimalField(
        source="line_price", max_digits=10, decimal_places=2, read_only=True
    )

    class Meta:
        model = CartLine
        fields = ["id", "menuitem", "menuitem_name", "quantity", "unit_price", "price"]
        read_only_fields = fields


class CartAddSerializer(serializers.Serializer[Any]):
    """`{"menuitem": id, "quantity": 1..99}`."""

    menuitem = serializers.PrimaryKeyRelatedField(queryset=MenuItem.objects.all())
    quantity = serializers.IntegerField(min_value=MIN_QUANTITY, max_value=MAX_QUANTITY)


class CartQuantitySerializer(serializers.Serializer[Any]):
    """`{"quantity": 0..99}`; 0 removes the line."""

    quantity = serializers.IntegerField(min_value=0, max_value=MAX_QUANTITY)

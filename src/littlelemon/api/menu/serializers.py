"""Serializers of the menu (input validation and output shapes)."""

from __future__ import annotations

from rest_framework import serializers

from littlelemon.api.menu.models import MIN_PRICE, PRICE_MAX_DIGITS, Category, MenuItem


class CategorySerializer(serializers.ModelSerializer[Category]):
    """`{id, slug, title}`; slug and title are unique."""

    class Meta:
        model = Category
        fields = ["id", "slug", "title"]


class MenuItemSerializer(serializers.ModelSerializer[MenuItem]):
    """`{id, title, price, featured, available, category, category_title}`."""

    price = serializers.DecimalField(
        max_digits=PRICE_MAX_DIGITS, decimal_places=2, min_value=MIN_PRICE
    )
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    category_title = serializers.CharField(source="category.title", read_only=True)

    class Meta:
        model = MenuItem
        fields = ["id", "title", "price", "featured", "available", "category", "category_title"]

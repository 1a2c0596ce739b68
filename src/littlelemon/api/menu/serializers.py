"""Serializers of the menu (input validation and output shapes)."""

from __future__ import annotations

from django.core.validators import validate_slug
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from littlelemon.api.core.validators import validate_plain_text
from littlelemon.api.menu.models import MIN_PRICE, PRICE_MAX_DIGITS, Category, MenuItem

CATEGORY_SLUG_TAKEN = "A category with this slug already exists."
CATEGORY_TITLE_TAKEN = "A category with this title already exists."


def _unique_ci(message: str) -> UniqueValidator:
    # Matches the Lower() unique constraints of the model: the same rule on every database.
    return UniqueValidator(queryset=Category.objects.all(), lookup="iexact", message=message)


class CategorySerializer(serializers.ModelSerializer[Category]):
    """`{id, slug, title}`; slug and title are unique, ignoring case."""

    class Meta:
        model = Category
        fields = ["id", "slug", "title"]
        extra_kwargs = {
            # Replacing the generated validators: keep the slug rule next to the unique one.
            "slug": {"validators": [validate_slug, _unique_ci(CATEGORY_SLUG_TAKEN)]},
            "title": {"validators": [_unique_ci(CATEGORY_TITLE_TAKEN), validate_plain_text]},
        }


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
        extra_kwargs = {
            "title": {
                "validators": [
                    UniqueValidator(queryset=MenuItem.objects.all()),
                    validate_plain_text,
                ]
            }
        }

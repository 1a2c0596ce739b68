"""Serializers of the menu (input validation and output shapes)."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import default_storage
from django.core.validators import validate_slug
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from littlelemon.api.core.validators import validate_plain_text
from littlelemon.api.menu.models import (
    DESCRIPTION_MAX_LENGTH,
    MIN_PRICE,
    PRICE_MAX_DIGITS,
    TAGS,
    Category,
    MenuItem,
)

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


class StoredFileURLField(serializers.URLField):
    """A storage name as the absolute URL a browser loads (null without a file)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]
        if not value:
            return None
        url = default_storage.url(value)
        request = self.context.get("request")
        # Locally the URL is a path (/media/...): make it absolute against the API's host.
        return request.build_absolute_uri(url) if request is not None else url


class MenuItemSerializer(serializers.ModelSerializer[MenuItem]):
    """A dish: `{id, title, price, featured, available, category, category_title,
    description, tags, image, image_thumbnail}`."""

    price = serializers.DecimalField(
        max_digits=PRICE_MAX_DIGITS, decimal_places=2, min_value=MIN_PRICE
    )
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    category_title = serializers.CharField(source="category.title", read_only=True)
    description = serializers.CharField(
        max_length=DESCRIPTION_MAX_LENGTH, allow_blank=True, required=False
    )
    tags = serializers.ListField(
        child=serializers.ChoiceField(choices=TAGS), required=False, max_length=len(TAGS) * 2
    )
    image = StoredFileURLField()
    image_thumbnail = StoredFileURLField()

    class Meta:
        model = MenuItem
        fields = [
            "id",
            "title",
            "price",
            "featured",
            "available",
            "category",
            "category_title",
            "description",
            "tags",
            "image",
            "image_thumbnail",
        ]
        extra_kwargs = {
            "title": {
                "validators": [
                    UniqueValidator(queryset=MenuItem.objects.all()),
                    validate_plain_text,
                ]
            }
        }

    def validate_tags(self, value: list[str]) -> list[str]:
        """No duplicates, in the menu's order of tags."""
        return [tag for tag in TAGS if tag in set(value)]


class MenuItemImageSerializer(serializers.Serializer[Any]):
    """`multipart/form-data` with the photo in the field `image` (checked by the service)."""

    image = serializers.FileField(allow_empty_file=True, max_length=255)

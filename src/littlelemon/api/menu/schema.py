"""OpenAPI details of the menu endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from littlelemon.api.core.openapi import document
from littlelemon.api.menu.serializers import (
    CategorySerializer,
    MenuItemImageSerializer,
    MenuItemSerializer,
)

document(
    "littlelemon.api.menu.views.CategoryListView",
    post=extend_schema(responses={201: CategorySerializer}),
)
document(
    "littlelemon.api.menu.views.MenuItemListView",
    post=extend_schema(responses={201: MenuItemSerializer}),
)
document(
    "littlelemon.api.menu.views.MenuItemImageView",
    put=extend_schema(
        request={"multipart/form-data": MenuItemImageSerializer},
        responses={200: MenuItemSerializer},
        operation_id="menu_items_image_upload",
        description=(
            "A JPEG, PNG or WebP photo (type sniffed from the bytes), at most 5 MB and "
            "6000 x 6000 px; stored re-encoded without EXIF, with a 480 px WebP thumbnail."
        ),
    ),
    delete=extend_schema(responses={204: None}, operation_id="menu_items_image_delete"),
)

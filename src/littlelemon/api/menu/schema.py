"""OpenAPI details of the menu endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from littlelemon.api.core.openapi import document
from littlelemon.api.menu.serializers import CategorySerializer, MenuItemSerializer

document(
    "littlelemon.api.menu.views.CategoryListView",
    post=extend_schema(responses={201: CategorySerializer}),
)
document(
    "littlelemon.api.menu.views.MenuItemListView",
    post=extend_schema(responses={201: MenuItemSerializer}),
)

"""OpenAPI details of the menu endpoints (imported only when the schema is generated)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import extend_schema, extend_schema_view

from littlelemon.api.menu.serializers import CategorySerializer, MenuItemSerializer


class CategoryListSchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = "littlelemon.api.menu.views.CategoryListView"

    def view_replacement(self) -> Any:
        @extend_schema_view(post=extend_schema(responses={201: CategorySerializer}))
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented


class MenuItemListSchema(OpenApiViewExtension):  # type: ignore[no-untyped-call]
    target_class = "littlelemon.api.menu.views.MenuItemListView"

    def view_replacement(self) -> Any:
        @extend_schema_view(post=extend_schema(responses={201: MenuItemSerializer}))
        class Documented(self.target_class):  # type: ignore[name-defined,misc]
            pass

        return Documented

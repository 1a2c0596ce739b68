"""Endpoints of the menu: anyone reads, managers and admins write."""

from __future__ import annotations

from typing import Any

from rest_framework import generics, mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from littlelemon.api.core.permissions import IsManagerOrReadOnly
from littlelemon.api.menu import selectors, services
from littlelemon.api.menu.filters import MenuItemFilter
from littlelemon.api.menu.models import Category, MenuItem
from littlelemon.api.menu.serializers import CategorySerializer, MenuItemSerializer


class _MenuView(generics.GenericAPIView[Any]):
    permission_classes = [IsManagerOrReadOnly]


class CategoryListView(mixins.ListModelMixin, _MenuView):
    """GET: categories (paginated); POST: create one (managers)."""

    serializer_class = CategorySerializer
    filterset_fields: list[str] = []
    search_fields = ["title", "slug"]
    ordering_fields = ["title", "id"]

    def get_queryset(self) -> Any:
        return selectors.category_list()

    def get(self, request: Request) -> Response:
        return self.list(request)

    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        category = services.category_create(**serializer.validated_data)
        return Response(self.get_serializer(category).data, status=status.HTTP_201_CREATED)


class CategoryDetailView(_MenuView):
    """GET one category; PUT/PATCH change it, DELETE it (managers; 409 if it has dishes)."""

    serializer_class = CategorySerializer

    def get_queryset(self) -> Any:
        return selectors.category_list()

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, partial=False)

    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        category: Category = self.get_object()
        serializer = self.get_serializer(category, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        category = services.category_update(category=category, **serializer.validated_data)
        return Response(self.get_serializer(category).data)

    def delete(self, request: Request, pk: int) -> Response:
        services.category_delete(category=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class MenuItemListView(mixins.ListModelMixin, _MenuView):
    """GET: dishes (paginated, filtered, searched, ordered); POST: create one (managers)."""

    serializer_class = MenuItemSerializer
    filterset_class = MenuItemFilter
    search_fields = ["title", "category__title"]
    ordering_fields = ["price", "title", "id"]

    def get_queryset(self) -> Any:
        return selectors.menu_item_list()

    def get(self, request: Request) -> Response:
        return self.list(request)

    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = services.menu_item_create(**serializer.validated_data)
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)


class MenuItemDetailView(_MenuView):
    """GET one dish; PUT/PATCH change it, DELETE it (managers)."""

    serializer_class = MenuItemSerializer

    def get_queryset(self) -> Any:
        return selectors.menu_item_list()

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, partial=False)

    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, partial=True)

    def _update(self, request: Request, *, partial: bool) -> Response:
        item: MenuItem = self.get_object()
        serializer = self.get_serializer(item, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        item = services.menu_item_update(item=item, **serializer.validated_data)
        return Response(self.get_serializer(item).data)

    def delete(self, request: Request, pk: int) -> Response:
        services.menu_item_delete(item=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

"""Endpoints of the menu: anyone reads, managers and admins write."""

from __future__ import annotations

from typing import Any

from rest_framework import generics, mixins, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from littlelemon.api.core.permissions import IsManager, IsManagerOrReadOnly
from littlelemon.api.menu import selectors, services
from littlelemon.api.menu.filters import MenuItemFilter
from littlelemon.api.menu.serializers import (
    CategorySerializer,
    MenuItemImageSerializer,
    MenuItemSerializer,
)


class _MenuListView(mixins.ListModelMixin, generics.GenericAPIView[Any]):
    """GET: a paginated list (anyone); POST: create one through the app's service (managers)."""

    permission_classes = [IsManagerOrReadOnly]

    def create_object(self, fields: dict[str, Any]) -> Any:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        return self.list(request)

    def post(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        created = self.create_object(serializer.validated_data)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)


class _MenuDetailView(generics.GenericAPIView[Any]):
    """GET one (anyone); PUT/PATCH/DELETE through the app's services (managers)."""

    permission_classes = [IsManagerOrReadOnly]

    def update_object(self, instance: Any, fields: dict[str, Any]) -> Any:
        raise NotImplementedError

    def delete_object(self, instance: Any) -> None:
        raise NotImplementedError

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    def put(self, request: Request, pk: int) -> Response:
        return self._update(request, partial=False)

    def patch(self, request: Request, pk: int) -> Response:
        return self._update(request, partial=True)

    def delete(self, request: Request, pk: int) -> Response:
        self.delete_object(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _update(self, request: Request, *, partial: bool) -> Response:
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        updated = self.update_object(instance, serializer.validated_data)
        return Response(self.get_serializer(updated).data)


class CategoryListView(_MenuListView):
    """GET: categories (paginated); POST: create one (managers)."""

    serializer_class = CategorySerializer
    search_fields = ["title", "slug"]
    ordering_fields = ["title", "id"]

    def get_queryset(self) -> Any:
        return selectors.category_list()

    def create_object(self, fields: dict[str, Any]) -> Any:
        return services.category_create(**fields)


class CategoryDetailView(_MenuDetailView):
    """GET one category; PUT/PATCH change it, DELETE it (managers; 409 if it has dishes)."""

    serializer_class = CategorySerializer

    def get_queryset(self) -> Any:
        return selectors.category_list()

    def update_object(self, instance: Any, fields: dict[str, Any]) -> Any:
        return services.category_update(category=instance, **fields)

    def delete_object(self, instance: Any) -> None:
        services.category_delete(category=instance)


class MenuItemListView(_MenuListView):
    """GET: dishes (paginated, filtered, searched, ordered); POST: create one (managers)."""

    serializer_class = MenuItemSerializer
    filterset_class = MenuItemFilter
    search_fields = ["title", "category__title"]
    ordering_fields = ["price", "title", "id"]

    def get_queryset(self) -> Any:
        return selectors.menu_item_list()

    def create_object(self, fields: dict[str, Any]) -> Any:
        return services.menu_item_create(**fields)


class MenuItemDetailView(_MenuDetailView):
    """GET one dish; PUT/PATCH change it, DELETE it (managers)."""

    serializer_class = MenuItemSerializer

    def get_queryset(self) -> Any:
        return selectors.menu_item_list()

    def update_object(self, instance: Any, fields: dict[str, Any]) -> Any:
        return services.menu_item_update(item=instance, **fields)

    def delete_object(self, instance: Any) -> None:
        services.menu_item_delete(item=instance)


class MenuItemImageView(generics.GenericAPIView[Any]):
    """PUT a dish's photo (multipart field `image`), DELETE it (managers)."""

    serializer_class = MenuItemSerializer
    permission_classes = [IsManager]
    parser_classes = [MultiPartParser]

    def get_queryset(self) -> Any:
        return selectors.menu_item_list()

    def put(self, request: Request, pk: int) -> Response:
        item = self.get_object()
        upload = MenuItemImageSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        photo = upload.validated_data["image"]
        item = services.menu_item_image_set(item=item, upload=photo, size=photo.size)
        return Response(self.get_serializer(selectors.menu_item_list().get(pk=item.pk)).data)

    def delete(self, request: Request, pk: int) -> Response:
        services.menu_item_image_remove(item=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

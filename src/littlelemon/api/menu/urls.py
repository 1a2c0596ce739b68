"""Routes of the menu (no trailing slash, as the original API)."""

from __future__ import annotations

from django.urls import path

from littlelemon.api.menu import views

urlpatterns = [
    path("categories", views.CategoryListView.as_view(), name="category-list"),
    path("categories/<int:pk>", views.CategoryDetailView.as_view(), name="category-detail"),
    path("menu-items", views.MenuItemListView.as_view(), name="menuitem-list"),
    path("menu-items/<int:pk>", views.MenuItemDetailView.as_view(), name="menuitem-detail"),
    path("menu-items/<int:pk>/image", views.MenuItemImageView.as_view(), name="menuitem-image"),
]

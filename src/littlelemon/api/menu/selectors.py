"""Reads of the menu."""

from __future__ import annotations

from django.db.models import QuerySet

from littlelemon.api.menu.models import Category, MenuItem


def category_list() -> QuerySet[Category]:
    """Every category, by title."""
    return Category.objects.order_by("title", "id")


def menu_item_list() -> QuerySet[MenuItem]:
    """Every dish with its category joined (filters and ordering are applied by the view)."""
    return MenuItem.objects.select_related("category").order_by("id")

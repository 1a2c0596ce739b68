"""Writes of the menu."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from littlelemon.api.menu.models import Category, MenuItem


@transaction.atomic
def category_create(*, slug: str, title: str) -> Category:
    """A new category."""
    return Category.objects.create(slug=slug, title=title)


@transaction.atomic
def category_update(*, category: Category, **fields: Any) -> Category:
    """Change `slug` and/or `title`."""
    for name, value in fields.items():
        setattr(category, name, value)
    category.full_clean()
    category.save(update_fields=list(fields) or None)
    return category


@transaction.atomic
def category_delete(*, category: Category) -> None:
    """Delete a category; one that still has menu items is a 409 (ProtectedError)."""
    category.delete()


@transaction.atomic
def menu_item_create(
    *,
    title: str,
    price: Decimal,
    category: Category,
    featured: bool = False,
    available: bool = True,
) -> MenuItem:
    """A new dish."""
    item = MenuItem(
        title=title, price=price, category=category, featured=featured, available=available
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def menu_item_update(*, item: MenuItem, **fields: Any) -> MenuItem:
    """Change some of `title, price, featured, available, category`."""
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def menu_item_delete(*, item: MenuItem) -> None:
    """Delete a dish: it leaves carts; orders keep their snapshot of it."""
    item.delete()

"""Writes of the menu."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from littlelemon.api.menu.models import Category, MenuItem

PHOTO_FOLDER = "menu"
THUMBNAIL_SUFFIX = "480"


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
    description: str = "",
    tags: list[str] | None = None,
) -> MenuItem:
    """A new dish."""
    item = MenuItem(
        title=title,
        price=price,
        category=category,
        featured=featured,
        available=available,
        description=description,
        tags=tags or [],
    )
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def menu_item_update(*, item: MenuItem, **fields: Any) -> MenuItem:
    """Change some of `title, price, featured, available, category, description, tags`."""
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def menu_item_delete(*, item: MenuItem) -> None:
    """Delete a dish: it leaves carts; orders keep their snapshot of it (and its photo goes)."""
    old = [item.image, item.image_thumbnail]
    item.delete()
    _delete_files_after_commit(old)


def _delete_files_after_commit(names: list[str]) -> None:
    # Only once the row no longer names them: a rollback must not leave a dish without files.
    def delete() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete)


@transaction.atomic
def menu_item_image_set(*, item: MenuItem, upload: IO[bytes], size: int) -> MenuItem:
    """Check, re-encode and store a dish's photo and thumbnail, replacing any earlier ones.

    New files get new random names (nothing cached under an old URL is ever wrong); the old
    files are deleted once the change is committed.
    """
    # Lazily: Pillow stays off the cold path of every other request (the menu's).
    from littlelemon.api.menu.images import photo_prepare

    prepared = photo_prepare(upload=upload, size=size, max_bytes=settings.MEDIA_MAX_BYTES)
    stem = f"{PHOTO_FOLDER}/{item.pk}-{secrets.token_hex(6)}"
    item = MenuItem.objects.select_for_update().get(pk=item.pk)
    old = [item.image, item.image_thumbnail]
    saved: list[str] = []
    try:
        saved.append(
            default_storage.save(f"{stem}.{prepared.extension}", ContentFile(prepared.photo))
        )
        saved.append(
            default_storage.save(f"{stem}-{THUMBNAIL_SUFFIX}.webp", ContentFile(prepared.thumbnail))
        )
        item.image, item.image_thumbnail = saved
        item.save(update_fields=["image", "image_thumbnail"])
    except BaseException:
        # No half-written photo: files without a row naming them are removed again.
        for name in saved:
            default_storage.delete(name)
        raise
    _delete_files_after_commit(old)
    return item


@transaction.atomic
def menu_item_image_remove(*, item: MenuItem) -> MenuItem:
    """Remove a dish's photo and thumbnail (nothing to do without one)."""
    item = MenuItem.objects.select_for_update().get(pk=item.pk)
    old = [item.image, item.image_thumbnail]
    item.image, item.image_thumbnail = "", ""
    item.save(update_fields=["image", "image_thumbnail"])
    _delete_files_after_commit(old)
    return item

"""Admin of the menu, for staff."""

from __future__ import annotations

from django.contrib import admin

from littlelemon.api.menu.models import Category, MenuItem


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "slug"]
    prepopulated_fields = {"slug": ("title",)}
    search_fields = ["title"]


@admin.register(MenuItem)
class MenuItemAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "category", "price", "featured", "available"]
    list_filter = ["category", "featured", "available"]
    list_editable = ["price", "featured", "available"]
    search_fields = ["title"]

"""Admin of the cart, for staff (read-mostly: carts belong to customers)."""

from __future__ import annotations

from django.contrib import admin

from littlelemon.api.cart.models import CartLine


@admin.register(CartLine)
class CartLineAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "menuitem", "quantity", "created_at"]
    list_select_related = ["user", "menuitem"]
    search_fields = ["user__username", "menuitem__title"]

"""Admin of orders, for staff."""

from __future__ import annotations

from django.contrib import admin

from littlelemon.api.orders.models import Order, OrderItem


class OrderItemInline(admin.TabularInline):  # type: ignore[type-arg]
    model = OrderItem
    extra = 0
    readonly_fields = ["menuitem", "menuitem_name", "quantity", "unit_price", "price"]
    can_delete = False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["id", "user", "delivery_crew", "status", "total", "created_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["user", "delivery_crew"]
    search_fields = ["user__username"]
    readonly_fields = ["user", "total", "created_at"]
    inlines = [OrderItemInline]

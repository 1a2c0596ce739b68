"""Query parameters of the menu list: `?category=<slug>`, `?price=`, `?featured=`, ..."""

from __future__ import annotations

import django_filters

from littlelemon.api.core.filters import BooleanFilter
from littlelemon.api.menu.models import PRICE_MAX_DIGITS, MenuItem


class MenuItemFilter(django_filters.FilterSet):  # type: ignore[misc]
    """Filters validated by django-filter: a malformed value is a 400, never a 500."""

    category = django_filters.CharFilter(field_name="category__slug", max_length=64)
    price = django_filters.NumberFilter(max_digits=PRICE_MAX_DIGITS, decimal_places=2)
    price_min = django_filters.NumberFilter(
        field_name="price", lookup_expr="gte", max_digits=PRICE_MAX_DIGITS, decimal_places=2
    )
    price_max = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", max_digits=PRICE_MAX_DIGITS, decimal_places=2
    )
    featured = BooleanFilter()
    available = BooleanFilter()

    class Meta:
        model = MenuItem
        fields = ["category", "price", "price_min", "price_max", "featured", "available"]

"""Query parameters of the order list: `?status=true|false`, `?delivery_crew=<user id>`."""

from __future__ import annotations

import django_filters

from littlelemon.api.core.filters import BooleanFilter, IdFilter
from littlelemon.api.orders.models import Order


class OrderFilter(django_filters.FilterSet):  # type: ignore[misc]
    """Validated by django-filter: a malformed value is a 400."""

    status = BooleanFilter()
    delivery_crew = IdFilter(field_name="delivery_crew_id")

    class Meta:
        model = Order
        fields = ["status", "delivery_crew"]

"""Query parameters of the order list: status, state, date (restaurant-local), delivery_crew."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import QuerySet

from littlelemon.api.core.filters import BooleanFilter, IdFilter
from littlelemon.api.orders.models import Order
from littlelemon.api.orders.selectors import restaurant_day_bounds
from littlelemon.contract import restaurant

MIN_YEAR, MAX_YEAR = 1900, 9000


class OrderFilter(django_filters.FilterSet):  # type: ignore[misc]
    """Validated by django-filter: a malformed value is a 400."""

    status = BooleanFilter()
    state = django_filters.ChoiceFilter(
        choices=[(state, restaurant.ORDER_STATE_LABELS[state]) for state in restaurant.ORDER_STATES]
    )
    date = django_filters.DateFilter(method="filter_date", label="Placed on (restaurant's day)")
    delivery_crew = IdFilter(field_name="delivery_crew_id")

    class Meta:
        model = Order
        fields = ["status", "state", "date", "delivery_crew"]

    def filter_date(self, queryset: QuerySet[Order], name: str, value: Any) -> QuerySet[Order]:
        if not isinstance(value, datetime.date):
            return queryset
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            # No orders then; and the day's bounds in UTC could fall outside datetime's range.
            return queryset.none()
        start, end = restaurant_day_bounds(value)
        return queryset.filter(created_at__gte=start, created_at__lt=end)

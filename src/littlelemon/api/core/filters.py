"""Query filters that answer a malformed value with 400 instead of ignoring it or failing.

DRF's search and ordering and django-filter's boolean filter silently ignore what they do
not understand (`?featured=maybe` lists every dish, `?ordering=colour` the default order),
and an integer filter without bounds hands SQLite a number it cannot bind (OverflowError, a
500). Here each of them validates its value; the OpenAPI document says the same.
"""

from __future__ import annotations

import re
from typing import Any, Final

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

MAX_SEARCH_LENGTH = 100
SEARCH_TOO_LONG = f"Ensure this value has at most {MAX_SEARCH_LENGTH} characters."
SEARCH_HAS_NUL = "Null characters are not allowed."
UNKNOWN_ORDERING = "Order by a comma-separated list of: {fields} (prefix - to reverse)."
NOT_A_BOOLEAN = "Use true or false."
MAX_ID: Final = 2**63 - 1  # BIGINT, the widest id column on every database


class SearchFilter(filters.SearchFilter):
    """DRF's search; a term some databases would reject (PostgreSQL and NUL) is a 400."""

    def get_search_terms(self, request: Request) -> Any:
        value = request.query_params.get(self.search_param, "")
        if len(value) > MAX_SEARCH_LENGTH:
            raise ValidationError({self.search_param: [SEARCH_TOO_LONG]})
        if "\x00" in value:
            raise ValidationError({self.search_param: [SEARCH_HAS_NUL]})
        return super().get_search_terms(request)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        # Only where the view searches something (orders do not): else `?search=` is unknown.
        if not getattr(view, "search_fields", None):
            return []
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["maxLength"] = MAX_SEARCH_LENGTH
        return parameters


def ordering_pattern(fields: list[str]) -> str:
    """The regular expression of a valid `?ordering=` value for these fields (for the schema)."""
    term = "-?(?:" + "|".join(re.escape(name) for name in fields) + ")"
    return f"^{term}(?:,{term})*$"


class OrderingFilter(filters.OrderingFilter):
    """DRF's ordering; an unknown field or a malformed list is a 400, not the default order."""

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> Any:
        value = request.query_params.get(self.ordering_param)
        if value is None:
            return self.get_default_ordering(view)
        fields = [name for name, _ in self.get_valid_fields(queryset, view, {"request": request})]
        if not re.fullmatch(ordering_pattern(fields), value):
            message = UNKNOWN_ORDERING.format(fields=", ".join(fields))
            raise ValidationError({self.ordering_param: [message]})
        return value.split(",")

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        fields = [
            name for name in getattr(view, "ordering_fields", None) or [] if name != "__all__"
        ]
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        if fields:
            for parameter in parameters:
                parameter["schema"]["pattern"] = ordering_pattern(fields)
        return parameters


class StrictBooleanField(forms.Field):
    """`true`/`false` (or `1`/`0`); anything else is invalid instead of "no filter"."""

    VALUES: Final = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value: Any) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, str) and value in self.VALUES:
            return self.VALUES[value]
        raise DjangoValidationError(NOT_A_BOOLEAN, code="invalid")


class BooleanFilter(django_filters.BooleanFilter):  # type: ignore[misc]
    """django-filter's boolean filter, answering `?featured=maybe` with 400."""

    field_class = StrictBooleanField


class IdFilter(django_filters.NumberFilter):  # type: ignore[misc]
    """An id: an integer from 1 to 2**63-1 (a larger one is a 400, never an OverflowError)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)

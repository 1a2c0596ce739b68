"""Search filter with a validated search term (bounded length, no NUL byte)."""

from __future__ import annotations

from typing import Any

from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

MAX_SEARCH_LENGTH = 100
SEARCH_TOO_LONG = f"Ensure this value has at most {MAX_SEARCH_LENGTH} characters."
SEARCH_HAS_NUL = "Null characters are not allowed."


class SearchFilter(filters.SearchFilter):
    """DRF's search; a term some databases would reject (PostgreSQL and NUL) is a 400."""

    def get_search_terms(self, request: Request) -> Any:
        value = request.query_params.get(self.search_param, "")
        if len(value) > MAX_SEARCH_LENGTH:
            raise ValidationError({self.search_param: [SEARCH_TOO_LONG]})
        if "\x00" in value:
            raise ValidationError({self.search_param: [SEARCH_HAS_NUL]})
        return super().get_search_terms(request)

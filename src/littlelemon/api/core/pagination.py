"""Page-number pagination as the original API: `{"count", "next", "previous", "results"}`."""

from __future__ import annotations

from typing import Any

from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

MAX_PAGE_SIZE = 100
BAD_PAGE_SIZE = (
    f"Use a whole number of at least 1 (more than {MAX_PAGE_SIZE} means {MAX_PAGE_SIZE})."
)


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (capped at 100, as the original); a page out of range is 404.

    DRF silently ignores a malformed `page_size` (falling back to 20); here it is a 400, as the
    OpenAPI document says.
    """

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int | None:
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (value.isascii() and value.isdigit()) or int(value) < 1:
            raise ValidationError({self.page_size_query_param: [BAD_PAGE_SIZE]})
        return min(int(value), MAX_PAGE_SIZE)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_size_query_param, self.page_query_param):
                parameter["schema"]["minimum"] = 1
        return parameters

"""Page-number pagination as the original API: `{"count", "next", "previous", "results"}`."""

from __future__ import annotations

from rest_framework import pagination

MAX_PAGE_SIZE = 100


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (at most 100); a page out of range is a 404."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

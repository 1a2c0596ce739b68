"""Unknown query parameters are a 400: a typo (`?categroy=mains`) must not silently list all.

The parameters a view accepts are read from the view itself, the same attributes the OpenAPI
document is generated from: on a list (GET), pagination, the filterset's filters, search and
ordering when configured; anywhere, the names in a view's `query_parameters`. Views outside
the API's own apps (the admin, the schema and Swagger UI) are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, Final

from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework.mixins import ListModelMixin
from rest_framework.settings import api_settings

UNKNOWN_QUERY_PARAMETERS: Final = "Unknown query parameter(s): {names}."
UNKNOWN_QUERY_PARAMETER: Final = "This query parameter is not accepted here."
LIST_METHODS: Final = frozenset({"GET", "HEAD"})


@cache
def accepted_query_parameters(view: Callable[..., Any], method: str) -> frozenset[str] | None:
    """What `view` accepts for `method`; None when the view is not one of the API's own."""
    view_class = getattr(view, "cls", None)
    if view_class is None or not view_class.__module__.startswith("littlelemon.api."):
        return None
    names: set[str] = set(getattr(view_class, "query_parameters", ()))
    actions = getattr(view, "actions", None)
    is_list = (
        actions.get(method.lower()) == "list"
        if actions is not None
        else issubclass(view_class, ListModelMixin)
    )
    if is_list and method in LIST_METHODS:
        pagination = getattr(view_class, "pagination_class", None)
        if pagination is not None:
            names |= {pagination.page_query_param, pagination.page_size_query_param}
        filterset = getattr(view_class, "filterset_class", None)
        if filterset is not None:
            names |= set(filterset.base_filters)
        if getattr(view_class, "search_fields", None):
            names.add(api_settings.SEARCH_PARAM)
        if getattr(view_class, "ordering_fields", None):
            names.add(api_settings.ORDERING_PARAM)
    return frozenset(names)


class UnknownQueryParametersMiddleware:
    """Answer 400 naming the query parameters the resolved view does not accept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not request.GET:
            return None
        accepted = accepted_query_parameters(view, (request.method or "GET").upper())
        if accepted is None:
            return None
        unknown = sorted(name for name in request.GET if name not in accepted)
        if not unknown:
            return None
        body: dict[str, Any] = {
            "detail": UNKNOWN_QUERY_PARAMETERS.format(names=", ".join(unknown)),
            **{name: [UNKNOWN_QUERY_PARAMETER] for name in unknown},
        }
        return JsonResponse(body, status=400)

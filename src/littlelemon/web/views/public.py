"""Pages for everyone: home with featured dishes, the menu and a dish."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from littlelemon.web.auth import api_client
from littlelemon.web.client import ApiClient, Category, MenuItem, Page
from littlelemon.web.conf import web_setting
from littlelemon.web.forms import AddToCartForm, MenuFilterForm

# A whole small menu fits one page, so every category shows its dishes together.
MENU_PAGE_SIZE = 48
FEATURED_COUNT = 6
CATEGORIES_CACHE_KEY = "menu-categories"
# Categories change a few times a year; a minute of staleness in the filter list saves one
# API round trip on every menu page (the manager pages always read them fresh).
CATEGORIES_CACHE_SECONDS = 60

_T = TypeVar("_T")


def _cached(key: str, seconds: int, fetch: Callable[[], _T]) -> _T:
    """`fetch()`'s answer, kept `seconds` in this process's cache (errors are not kept)."""
    if seconds <= 0:
        return fetch()  # kept for no time: nothing to look up or to store (a pickled copy)
    cached: _T | None = cache.get(key)
    if cached is None:
        cached = fetch()
        cache.set(key, cached, seconds)
    return cached


def menu_categories(client: ApiClient) -> list[Category]:
    """The categories of the menu's filter, kept a minute in this process."""
    return _cached(CATEGORIES_CACHE_KEY, CATEGORIES_CACHE_SECONDS, client.menu.categories)


def _menu_page(
    client: ApiClient,
    *,
    category: str = "",
    search: str = "",
    ordering: str = "",
    featured: bool = False,
    page: int = 1,
    page_size: int,
) -> Page[MenuItem]:
    # Hashed: a search text makes keys of any length, and some cache backends cap it.
    query = repr((category, search, ordering, featured, page, page_size))
    return _cached(
        f"menu-page-{hashlib.sha256(query.encode()).hexdigest()}",
        web_setting("PUBLIC_MENU_CACHE_SECONDS"),
        lambda: client.menu.items(
            category=category,
            search=search,
            ordering=ordering,
            featured=featured,
            page=page,
            page_size=page_size,
        ),
    )


def home(request: HttpRequest) -> HttpResponse:
    featured = _menu_page(api_client(request), featured=True, page_size=FEATURED_COUNT)
    return render(request, "web/home.html", {"featured": featured.results})


def menu(request: HttpRequest) -> HttpResponse:
    client = api_client(request)
    categories = menu_categories(client)
    form = MenuFilterForm(request.GET, categories=[(c.slug, c.title) for c in categories])
    filters = form.cleaned_data if form.is_valid() else {}
    page = _menu_page(
        client,
        category=filters.get("category") or "",
        search=filters.get("search") or "",
        ordering=filters.get("ordering") or "",
        page=filters.get("page") or 1,
        page_size=MENU_PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "sections": menu_sections(page.results, categories),
    }
    return render(request, "web/menu.html", context)


def menu_sections(
    items: list[MenuItem], categories: list[Category]
) -> list[tuple[Category | None, list[MenuItem]]]:
    """The dishes grouped by category, categories in the restaurant's order."""
    by_category: dict[int, list[MenuItem]] = {}
    for item in items:
        by_category.setdefault(item.category, []).append(item)
    known = {category.id for category in categories}
    sections: list[tuple[Category | None, list[MenuItem]]] = [
        (category, by_category[category.id])
        for category in categories
        if category.id in by_category
    ]
    # A category created after the cached list was read: its dishes still show.
    stray = [item for item in items if item.category not in known]
    return sections + ([(None, stray)] if stray else [])


def dish(request: HttpRequest, item_id: int) -> HttpResponse:
    client = api_client(request)
    item = _cached(
        f"menu-item-{item_id}",
        web_setting("PUBLIC_MENU_CACHE_SECONDS"),
        lambda: client.menu.item(item_id),
    )
    return render(request, "web/dish.html", {"item": item, "form": AddToCartForm()})

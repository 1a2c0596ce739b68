"""Pages for everyone: home with featured dishes, the menu and a dish."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from littlelemon.web.auth import api_client
from littlelemon.web.client import ApiClient, Category
from littlelemon.web.forms import AddToCartForm, MenuFilterForm

MENU_PAGE_SIZE = 12
FEATURED_COUNT = 6
CATEGORIES_CACHE_KEY = "menu-categories"
# Categories change a few times a year; a minute of staleness in the filter list saves one
# API round trip on every menu page (the manager pages always read them fresh).
CATEGORIES_CACHE_SECONDS = 60


def _menu_categories(client: ApiClient) -> list[Category]:
    cached: list[Category] | None = cache.get(CATEGORIES_CACHE_KEY)
    if cached is None:
        cached = client.categories()
        cache.set(CATEGORIES_CACHE_KEY, cached, CATEGORIES_CACHE_SECONDS)
    return cached


def home(request: HttpRequest) -> HttpResponse:
    featured = api_client(request).menu_items(featured=True, page_size=FEATURED_COUNT)
    return render(request, "web/home.html", {"featured": featured.results})


def menu(request: HttpRequest) -> HttpResponse:
    client = api_client(request)
    categories = _menu_categories(client)
    form = MenuFilterForm(request.GET, categories=[(c.slug, c.title) for c in categories])
    filters = form.cleaned_data if form.is_valid() else {}
    page = client.menu_items(
        category=filters.get("category") or "",
        search=filters.get("search") or "",
        ordering=filters.get("ordering") or "",
        page=filters.get("page") or 1,
        page_size=MENU_PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "categories": categories}
    return render(request, "web/menu.html", context)


def dish(request: HttpRequest, item_id: int) -> HttpResponse:
    item = api_client(request).menu_item(item_id)
    return render(request, "web/dish.html", {"item": item, "form": AddToCartForm()})

"""Public pages: home, menu with filters, dish detail, failure pages, health."""

from __future__ import annotations

import re

import httpx
import pytest
import respx
from django.core.cache import cache
from django.test import Client
from pytest_django.fixtures import Settings
from web_fakes import menu_item, paginated

from littlelemon.web.forms import MenuFilterForm
from littlelemon.web.middleware import THROTTLED_MESSAGE


def test_home_shows_featured_dishes_from_the_api(client: Client, api: respx.MockRouter) -> None:
    route = api.get("/api/menu-items").respond(
        200, json=paginated([menu_item(1, title="Greek Salad", featured=True)])
    )

    response = client.get("/")

    assert response.status_code == 200
    assert "Greek Salad" in response.content.decode()
    assert route.calls.last.request.url.params["featured"] == "true"


def test_menu_passes_category_search_ordering_and_page_to_the_api(
    client: Client, api: respx.MockRouter
) -> None:
    api.get("/api/categories").respond(
        200, json=paginated([{"id": 1, "slug": "mains", "title": "Mains"}])
    )
    items = api.get("/api/menu-items").respond(
        200,
        json=paginated(
            [menu_item(7, title="Lemon Dessert")], count=100, next_page="http://x/?page=3"
        ),
    )

    response = client.get(
        "/menu", {"category": "mains", "search": "lemon", "ordering": "-price", "page": "2"}
    )

    assert response.status_code == 200
    params = items.calls.last.request.url.params
    assert (params["category"], params["search"], params["ordering"], params["page"]) == (
        "mains",
        "lemon",
        "-price",
        "2",
    )
    html = response.content.decode()
    assert "Lemon Dessert" in html
    assert "page=3" in html  # the "next" link keeps the filters and moves on


def test_menu_reads_categories_once_a_minute_not_on_every_page(
    client: Client, api: respx.MockRouter
) -> None:
    categories = api.get("/api/categories").respond(200, json=paginated([]))
    api.get("/api/menu-items").respond(200, json=paginated([]))

    client.get("/menu")
    client.get("/menu?page=1")

    assert categories.call_count == 1


def test_menu_ignores_an_unknown_ordering_instead_of_forwarding_it(
    client: Client, api: respx.MockRouter
) -> None:
    api.get("/api/categories").respond(200, json=paginated([]))
    items = api.get("/api/menu-items").respond(200, json=paginated([]))

    response = client.get("/menu", {"ordering": "password"})

    assert response.status_code == 200
    assert "ordering" not in items.calls.last.request.url.params


def test_dish_page_offers_login_to_anonymous_visitors(
    client: Client, api: respx.MockRouter
) -> None:
    api.get("/api/menu-items/5").respond(200, json=menu_item(5, title="Bruschetta"))

    html = client.get("/menu/5").content.decode()

    assert "Bruschetta" in html
    assert "Log in to order" in html
    assert 'name="quantity"' not in html


def test_unknown_dish_is_a_404_page(client: Client, api: respx.MockRouter) -> None:
    api.get("/api/menu-items/99").respond(
        404, json={"detail": "No MenuItem matches the given query."}
    )

    response = client.get("/menu/99")

    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_api_down_gives_a_friendly_503_with_a_retry_link(
    client: Client, api: respx.MockRouter
) -> None:
    api.get("/api/categories").mock(side_effect=httpx.ConnectError("refused"))

    response = client.get("/menu?search=soup")

    assert response.status_code == 503
    html = response.content.decode()
    assert "right back" in html
    assert 'href="/menu?search=soup"' in html
    assert "Traceback" not in html
    assert response["Retry-After"] == "5"


def test_api_5xx_gives_the_503_page(client: Client, api: respx.MockRouter) -> None:
    api.get("/api/menu-items").respond(502, json={"message": "Internal Server Error"})

    response = client.get("/")

    assert response.status_code == 503


def test_slow_api_gives_the_503_page(client: Client, api: respx.MockRouter) -> None:
    api.get("/api/menu-items").mock(side_effect=httpx.ReadTimeout("slow"))

    assert client.get("/").status_code == 503


def test_api_throttling_gives_a_429_page_with_the_api_retry_after(
    client: Client, api: respx.MockRouter
) -> None:
    api.get("/api/menu-items").respond(
        429,
        json={"detail": "Request was throttled. Expected available in 12 seconds."},
        headers={"Retry-After": "12"},
    )

    response = client.get("/")

    assert response.status_code == 429
    assert response["Retry-After"] == "12"
    assert THROTTLED_MESSAGE in response.content.decode()


def test_health_answers_without_calling_the_api(client: Client, api: respx.MockRouter) -> None:
    response = client.get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not api.calls


def test_health_answers_a_load_balancer_that_addresses_the_instance_by_ip(
    client: Client, api: respx.MockRouter
) -> None:
    health = client.get("/health", HTTP_HOST="10.0.3.17")
    page = client.get("/", HTTP_HOST="10.0.3.17")

    assert health.status_code == 200
    assert health.json() == {"status": "ok"}
    assert page.status_code == 400  # everything else still checks the host


def test_deep_health_checks_the_api(client: Client, api: respx.MockRouter) -> None:
    api.get("/health").respond(200, json={"status": "ok"})

    response = client.get("/health?deep=1")

    assert response.json() == {"status": "ok", "api": "ok"}


def test_deep_health_is_503_when_the_api_is_down(client: Client, api: respx.MockRouter) -> None:
    api.get("/health").mock(side_effect=httpx.ConnectError("refused"))

    response = client.get("/health?deep=1")

    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_pages_carry_csp_without_inline_script_and_security_headers(
    client: Client, api: respx.MockRouter
) -> None:
    api.get("/api/menu-items").respond(200, json=paginated([]))

    response = client.get("/")

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    html = response.content.decode()
    assert "<script" not in html
    assert "style=" not in html


def test_public_menu_answers_are_kept_briefly_so_many_visitors_cost_one_api_call(
    client: Client, api: respx.MockRouter
) -> None:
    api.get("/api/categories").respond(200, json=paginated([]))
    listing = api.get("/api/menu-items").respond(200, json=paginated([menu_item(7)]))
    one_dish = api.get("/api/menu-items/7").respond(200, json=menu_item(7, title="Bruschetta"))

    for _ in range(3):
        assert client.get("/").status_code == 200
        assert client.get("/menu", {"search": "lemon"}).status_code == 200
        assert "Bruschetta" in client.get("/menu/7").content.decode()
    client.get("/menu", {"search": "salad"})

    # home and the two menu searches are three different queries; the dish is one
    assert listing.call_count == 3
    assert one_dish.call_count == 1


def test_a_failed_public_menu_answer_is_not_kept(client: Client, api: respx.MockRouter) -> None:
    down = httpx.ConnectError("down")
    answer = httpx.Response(200, json=menu_item(7, title="Bruschetta"))
    # a GET is retried once after a connection error, so the first page view sees two
    api.get("/api/menu-items/7").mock(side_effect=[down, down, answer])

    assert client.get("/menu/7").status_code == 503
    assert "Bruschetta" in client.get("/menu/7").content.decode()


def _fields_only(html: str) -> str:
    """The markup with the whitespace between tags dropped and runs of spaces made one."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"search": 'fish "grilled"', "category": "mains", "ordering": "-price"},
        {"search": "x" * 101, "category": "nope", "ordering": "cheapest"},
    ],
)
def test_menu_filter_fields_are_the_markup_django_renders_for_them(
    client: Client, api: respx.MockRouter, query: dict[str, str]
) -> None:
    categories = [{"id": 1, "slug": "mains", "title": "Mains & more"}]
    api.get("/api/categories").respond(200, json=paginated(categories))
    api.get("/api/menu-items").respond(200, json=paginated([]))

    html = _fields_only(client.get("/menu", query).content.decode())

    form = MenuFilterForm(query, categories=[("mains", "Mains & more")])
    for name in ("search", "category", "ordering"):
        assert f'<div class="field">{_fields_only(form[name].as_field_group())}</div>' in html


def test_with_the_public_cache_off_each_menu_page_asks_the_api_and_keeps_nothing(
    client: Client, api: respx.MockRouter, settings: Settings
) -> None:
    settings.PUBLIC_MENU_CACHE_SECONDS = 0
    api.get("/api/categories").respond(200, json=paginated([]))
    listing = api.get("/api/menu-items").respond(200, json=paginated([menu_item(7)]))

    for _ in range(2):
        assert client.get("/menu").status_code == 200

    assert listing.call_count == 2
    assert not [key for key in cache._cache if "menu-page" in key]  # type: ignore[attr-defined]

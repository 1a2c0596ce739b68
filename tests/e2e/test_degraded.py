"""The site when the bookings service is not running: it says so and the rest still works."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import Stack, log_in, running_stack, screenshot
from playwright.sync_api import Browser, expect

BOOKINGS_UNAVAILABLE = "Table bookings are unavailable right now."


@pytest.fixture(scope="module")
def stack_without_bookings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data = tmp_path_factory.mktemp("littlelemon-no-bookings")
    with running_stack(data, "--no-bookings", name="stack-no-bookings") as started:
        yield started


def test_without_the_bookings_service_the_pages_say_so_and_ordering_still_works(
    browser: Browser, stack_without_bookings: Stack
) -> None:
    context = browser.new_context(base_url=stack_without_bookings.web)
    page = context.new_page()
    log_in(page, "customer")

    response = page.goto("/bookings")
    assert response is not None
    assert response.status == 503
    expect(page.get_by_role("alert")).to_contain_text(BOOKINGS_UNAVAILABLE)
    expect(page.get_by_role("button", name="See free tables")).to_have_count(0)
    screenshot(page, "bookings-unavailable")

    page.goto("/bookings/new")
    expect(page.get_by_role("alert")).to_contain_text(BOOKINGS_UNAVAILABLE)
    expect(page.get_by_role("button", name="Book this table")).to_have_count(0)

    page.goto("/menu/1")
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart")
    expect(page.get_by_role("link", name="Go to checkout")).to_be_visible()
    context.close()

"""Every page in real Chromium at 1366x800 and 390x844: no axe-core violation, no sideways
scroll and 44 px tap targets on the phone, a visible focus ring on the dark header."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from datetime import timedelta

from conftest import AXE, PHONE, Stack, audit, log_in, view_screenshot
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError

from littlelemon.contract.restaurant import restaurant_today

ANONYMOUS_PAGES = ["/", "/menu", "/menu/1", "/login", "/signup", "/account/reset",
                   "/account/reset/sent", "/no-such-page"]  # fmt: skip
UNIQUE_IDS = """() => {
    const ids = [...document.querySelectorAll('[id]')].map(el => el.id);
    return ids.filter((id, index) => ids.indexOf(id) !== index);
}"""


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS `rgb(...)` colours."""
    a, b = (tuple(int(n) for n in re.findall(r"\d+", colour)[:3]) for colour in (first, second))
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_axe_is_injected_by_playwright_only_where_the_csp_is_bypassed(
    browser: Browser, stack: Stack
) -> None:
    strict = browser.new_context(base_url=stack.web)
    page = strict.new_page()
    page.goto("/")
    # The tag is inline script: the site's CSP (script-src 'self') keeps it from running.
    with suppress(PlaywrightError):
        page.add_script_tag(path=str(AXE))
    assert page.evaluate("typeof window.axe") == "undefined"
    strict.close()

    relaxed = browser.new_context(base_url=stack.web, bypass_csp=True)
    page = relaxed.new_page()
    page.goto("/")
    page.add_script_tag(path=str(AXE))
    assert page.evaluate("typeof window.axe.run") == "function"
    relaxed.close()


def test_public_pages_have_no_axe_violations_at_desktop_and_phone_size(
    browser: Browser, stack: Stack
) -> None:
    assert audit(browser, stack, ANONYMOUS_PAGES) == []


def _signed_in(
    new_context: Callable[[], BrowserContext], username: str
) -> tuple[Page, BrowserContext]:
    ctx = new_context()
    page = ctx.new_page()
    log_in(page, username)
    return page, ctx


def test_customer_pages_have_no_axe_violations_at_both_sizes(
    browser: Browser, stack: Stack, new_context: Callable[[], BrowserContext]
) -> None:
    page, ctx = _signed_in(new_context, "customer")
    page.goto("/menu/1")
    page.get_by_role("button", name="Add to cart").click()
    page.wait_for_url("**/cart")
    day = (restaurant_today() + timedelta(days=5)).isoformat()
    paths = ["/", "/menu", "/menu/1", "/cart", "/cart/clear", "/checkout", "/orders",
             "/account", "/account/edit", "/account/password", "/bookings",
             f"/bookings/new?date={day}", "/bookings/new?date=2000-01-01"]  # fmt: skip

    assert audit(browser, stack, paths, ctx.storage_state()) == []


def test_manager_and_rider_pages_have_no_axe_violations_at_both_sizes(
    browser: Browser, stack: Stack, new_context: Callable[[], BrowserContext]
) -> None:
    _, manager = _signed_in(new_context, "manager")
    manager_pages = ["/orders", "/manage/menu", "/manage/menu/1", "/manage/menu/1/delete",
                     "/manage/categories", "/manage/categories/1", "/manage/categories/1/delete",
                     "/manage/staff", "/manage/bookings", "/account"]  # fmt: skip
    _, crew = _signed_in(new_context, "crew")

    problems = audit(browser, stack, manager_pages, manager.storage_state())
    problems += audit(browser, stack, ["/orders", "/menu", "/account"], crew.storage_state())

    assert problems == []


def test_the_navigation_marks_the_current_page_and_ids_are_unique(
    new_context: Callable[[], BrowserContext],
) -> None:
    page, _ = _signed_in(new_context, "customer")

    for path, label in [("/menu", "Menu"), ("/cart", "Cart"), ("/orders", "My orders")]:
        page.goto(path)
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name=label, exact=False).first).to_have_attribute(
            "aria-current", "page"
        )
        assert nav.locator('[aria-current="page"]').count() == 1, path
        assert page.evaluate(UNIQUE_IDS) == [], path


def test_the_focus_ring_on_the_dark_header_has_at_least_3_to_1_contrast(
    new_context: Callable[[], BrowserContext],
) -> None:
    page = new_context().new_page()
    page.goto("/")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand link, on the green header
    focused = page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                inHeader: !!el.closest('.site-header'),
                outline: style.outlineColor,
                width: parseFloat(style.outlineWidth),
                header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
            };
        }"""
    )

    assert focused["inHeader"]
    assert focused["width"] >= 2
    assert contrast(focused["outline"], focused["header"]) >= 3


def test_on_a_phone_the_cart_total_and_checkout_are_on_screen(
    new_context: Callable[[], BrowserContext],
) -> None:
    page, _ = _signed_in(new_context, "customer")
    page.set_viewport_size(PHONE)
    for dish in (2, 3, 4, 5):
        page.goto(f"/menu/{dish}")
        page.get_by_role("button", name="Add to cart").click()
        page.wait_for_url("**/cart")

    expect(page.locator(".sticky-actions .cart-total")).to_be_in_viewport()
    expect(page.get_by_role("link", name="Go to checkout")).to_be_in_viewport()
    view_screenshot(page, "cart-phone")
    page.get_by_role("link", name="Go to checkout").click()
    expect(page.get_by_role("button", name="Place order")).to_be_in_viewport()

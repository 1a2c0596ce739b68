"""The site in a real browser against the real stack: orders across three roles, bookings,
and no token reachable from the page."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta

from conftest import log_in, screenshot
from playwright.sync_api import BrowserContext, Page, expect

from littlelemon.contract.restaurant import restaurant_today

JWT = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")


def _message(page: Page) -> str:
    return page.locator(".messages").inner_text()


def test_an_order_goes_from_sign_up_to_delivered_across_three_roles(
    new_context: Callable[[], BrowserContext],
) -> None:
    customer = new_context().new_page()
    customer.goto("/")
    expect(customer.get_by_role("heading", name="This week's specials")).to_be_visible()
    screenshot(customer, "home")

    customer.get_by_role("link", name="Sign up").click()
    customer.get_by_label("Username").fill("ada")
    customer.get_by_label("Email").fill("ada@example.com")
    customer.get_by_label("Password", exact=True).fill("lemon-tree-42")
    customer.get_by_label("Password (again)").fill("lemon-tree-42")
    customer.get_by_role("button", name="Sign up").click()
    customer.wait_for_url("**/menu")
    assert "Welcome to Little Lemon, ada" in _message(customer)

    customer.get_by_label("Category").select_option(label="Starters")
    customer.get_by_role("button", name="Show dishes").click()
    customer.wait_for_url("**/menu?*category=*")
    expect(customer.get_by_role("link", name="Greek Salad")).to_be_visible()
    expect(customer.get_by_role("link", name="Lamb Souvlaki")).to_have_count(0)
    screenshot(customer, "menu")
    customer.get_by_role("link", name="Greek Salad").click()
    customer.get_by_label("Quantity").fill("2")
    screenshot(customer, "dish")
    customer.get_by_role("button", name="Add to cart").click()
    customer.wait_for_url("**/cart")
    expect(customer.get_by_label("Quantity of Greek Salad")).to_have_value("2")
    screenshot(customer, "cart")

    customer.get_by_role("link", name="Go to checkout").click()
    customer.get_by_label("Delivery address").fill("12 Lemon Street\nChicago, IL 60601")
    customer.get_by_label("Phone for the rider").fill("+1 312 555 0100")
    customer.get_by_label("Notes for the rider (optional)").fill("Ring twice")
    customer.get_by_role("button", name="Place order").click()
    customer.wait_for_url(re.compile(r"/orders/\d+$"))
    order_id = customer.url.rsplit("/", 1)[1]
    assert f"Your order #{order_id} is placed" in _message(customer)
    screenshot(customer, "order-placed")
    customer.get_by_role("link", name="My orders", exact=True).click()
    expect(customer.get_by_role("link", name=f"#{order_id}")).to_be_visible()

    manager = new_context().new_page()
    log_in(manager, "manager")
    expect(manager.get_by_role("heading", name="All orders")).to_be_visible()
    screenshot(manager, "manager-orders")
    manager.goto(f"/orders/{order_id}")
    manager.get_by_label("Delivery rider", exact=True).select_option(label="crew")
    manager.get_by_role("button", name="Assign").click()
    assert f"Order #{order_id} is assigned to crew." in _message(manager)

    crew = new_context().new_page()
    log_in(crew, "crew")
    expect(crew.get_by_role("heading", name="My deliveries")).to_be_visible()
    screenshot(crew, "crew-deliveries")
    crew.get_by_role("button", name=f"Mark delivered #{order_id}").click()
    assert f"Order #{order_id} is marked delivered." in _message(crew)

    customer.goto(f"/orders/{order_id}")
    details = customer.locator("dl.details")
    expect(details).to_contain_text("Delivery rider")
    expect(details).to_contain_text("crew")
    expect(details.locator("dd").last).to_have_text("Delivered")


def test_manager_pages_render_for_the_demo_manager(
    new_context: Callable[[], BrowserContext],
) -> None:
    manager = new_context().new_page()
    log_in(manager, "manager")

    manager.get_by_role("link", name="Menu items").click()
    expect(manager.get_by_role("link", name="Greek Salad", exact=True)).to_be_visible()
    screenshot(manager, "manager-menu")
    manager.get_by_role("link", name="Staff").click()
    expect(manager.get_by_role("heading", name="Delivery riders")).to_be_visible()
    expect(manager.locator("main")).to_contain_text("crew")
    screenshot(manager, "manager-staff")


def test_a_table_is_booked_and_cancelled(new_context: Callable[[], BrowserContext]) -> None:
    page = new_context().new_page()
    log_in(page, "customer")
    day = (restaurant_today() + timedelta(days=3)).isoformat()

    page.get_by_role("link", name="Book a table").click()
    page.get_by_label("Date").fill(day)
    page.get_by_role("button", name="See free tables").click()
    page.wait_for_url(f"**/bookings/new?date={day}")
    time_choice = page.get_by_label("Time")
    first_slot = time_choice.locator("option").first.get_attribute("value")
    assert first_slot
    assert re.fullmatch(r"\d\d:\d\d", first_slot)
    time_choice.select_option(first_slot)
    page.get_by_label("Guests").fill("3")
    page.get_by_label("Name for the booking").fill("Ada Lovelace")
    screenshot(page, "booking-new")
    page.get_by_role("button", name="Book this table").click()

    page.wait_for_url(re.compile(r"/bookings/[^/]+$"))
    assert f"Your table is booked: 3 guests on {day} at {first_slot}." in _message(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Confirmed")
    booking_url = page.url
    screenshot(page, "booking-confirmed")

    page.get_by_role("link", name="Cancel this booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel this booking?")
    page.get_by_role("button", name="Cancel the booking").click()
    page.wait_for_url("**/bookings")
    assert "is cancelled" in _message(page)
    page.goto(booking_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cancelled")


def test_no_token_is_reachable_from_the_page_after_login(
    new_context: Callable[[], BrowserContext],
) -> None:
    context = new_context()
    page = context.new_page()
    log_in(page, "customer")

    for path in ["/", "/menu", "/cart", "/orders", "/account", "/bookings"]:
        page.goto(path)
        visible_to_scripts = page.evaluate(
            """() => JSON.stringify({
                cookie: document.cookie,
                local: Object.entries(localStorage),
                session: Object.entries(sessionStorage),
                html: document.documentElement.outerHTML,
            })"""
        )
        found = json.loads(visible_to_scripts)
        assert found["cookie"] == "", path  # every cookie of the site is HttpOnly
        assert found["local"] == [], path
        assert found["session"] == [], path
        assert not JWT.search(found["html"]), path
        assert not JWT.search(page.content()), path

    cookies = {cookie["name"]: cookie for cookie in context.cookies()}
    session = cookies["ll_session"]
    assert session["httpOnly"] is True
    assert session["sameSite"] == "Lax"
    assert not JWT.search(session["value"])


UNLABELLED_FIELDS = """() => [...document.querySelectorAll(
    'input:not([type=hidden]), select, textarea'
)].filter(field => field.labels.length === 0 && !field.getAttribute('aria-label'))
  .map(field => field.name)"""


def test_pages_start_with_a_skip_link_label_every_field_and_fit_a_phone(
    new_context: Callable[[], BrowserContext],
) -> None:
    page = new_context().new_page()
    log_in(page, "customer")

    for path in ["/", "/menu", "/menu/1", "/cart", "/bookings", "/account"]:
        page.goto(path)
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        assert focused == "Skip to content", path
        assert page.evaluate(UNLABELLED_FIELDS) == [], path
        assert page.evaluate("document.documentElement.lang") == "en"

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/menu")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "menu-phone")

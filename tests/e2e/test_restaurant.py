"""The restaurant of issue 11 end to end: profile and delivery details, order states from the
kitchen to the door, dish photos, staff by search, password reset by e-mail.

These flows need the API side of issue 11 (branch product-api: profile fields, order states,
photos, user search, reset e-mails written under the data directory).
"""

from __future__ import annotations

import re
import struct
import time
import zlib
from collections.abc import Callable
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from conftest import PHONE, Stack, audit, log_in, screenshot, view_screenshot
from playwright.sync_api import Browser, BrowserContext, Page, expect

from littlelemon.contract.restaurant import restaurant_today

ADDRESS = "12 Lemon Street\nChicago, IL 60601"
PHONE_NUMBER = "+13125550100"
RESET_LINK = re.compile(r"/account/reset/([\w-]+)/([\w-]+)")
MAIL_DEADLINE_S = 30.0


def _message(page: Page) -> str:
    return page.locator(".messages").inner_text()


def _png(width: int = 64, height: int = 48) -> bytes:
    """A real PNG (a lemon-yellow rectangle), made without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\xf4\xce\x14" * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(row * height)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _sign_up(page: Page, username: str) -> None:
    page.goto("/signup")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Email").fill(f"{username}@example.com")
    page.get_by_label("Password", exact=True).fill("lemon-tree-42")
    page.get_by_label("Password (again)").fill("lemon-tree-42")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/menu")


def _save_profile(page: Page) -> None:
    page.goto("/account/edit")
    page.get_by_label("First name").fill("Grace")
    page.get_by_label("Phone").fill("+1 (312) 555-0100")
    page.get_by_label("Delivery address").fill(ADDRESS)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/account")


def _order_from_the_menu(page: Page) -> str:
    """Add the first dish of the menu from its card and check out; returns the order id."""
    page.goto("/menu")
    page.locator(".dish-card").get_by_role("button", name=re.compile("^Add")).first.click()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Cart (1")
    page.goto("/checkout")
    expect(page.get_by_label("Delivery address")).to_have_value(ADDRESS)
    expect(page.get_by_label("Phone for the rider")).to_have_value(PHONE_NUMBER)
    page.get_by_label("Notes for the rider (optional)").fill("Blue door")
    page.get_by_role("button", name="Place order").click()
    page.wait_for_url(re.compile(r"/orders/\d+$"))
    return page.url.rsplit("/", 1)[1]


def test_a_customer_on_a_phone_orders_with_profile_details_follows_and_cancels(
    new_context: Callable[[], BrowserContext],
) -> None:
    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    _sign_up(page, "grace")
    _save_profile(page)
    expect(page.locator("dl.details")).to_contain_text(PHONE_NUMBER)

    page.goto("/menu")
    expect(page.get_by_role("heading", level=2, name="Starters")).to_be_visible()
    view_screenshot(page, "menu-phone")
    order_id = _order_from_the_menu(page)

    assert f"Your order #{order_id} is placed" in _message(page)
    progress = page.get_by_role("list", name="Order progress")
    expect(progress.locator('[aria-current="step"]')).to_have_text("Received")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    page.get_by_role("link", name="Keep this page updated").click()
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    expect(page.locator("dl.details")).to_contain_text("Expected")
    expect(page.locator("dl.details")).to_contain_text("Blue door")
    view_screenshot(page, "order-phone")

    page.get_by_role("link", name="Cancel this order").click()
    page.get_by_role("button", name="Cancel the order").click()
    assert f"Order #{order_id} is cancelled." in _message(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cancelled")
    assert page.locator('meta[http-equiv="refresh"]').count() == 0


def test_the_kitchen_and_a_rider_on_a_phone_bring_an_order_to_the_door(
    new_context: Callable[[], BrowserContext],
) -> None:
    customer = new_context().new_page()
    _sign_up(customer, "hopper")
    _save_profile(customer)
    order_id = _order_from_the_menu(customer)

    manager = new_context().new_page()
    log_in(manager, "manager")
    manager.get_by_label("Date").fill(restaurant_today().isoformat())
    manager.get_by_label("State").select_option("received")
    manager.get_by_role("button", name="Show orders").click()
    row = manager.get_by_role("row").filter(has=manager.get_by_role("link", name=f"#{order_id}"))
    expect(row).to_contain_text("12 Lemon Street")
    expect(row.locator(f'a[href="tel:{PHONE_NUMBER}"]')).to_have_count(1)
    screenshot(manager, "manager-orders")
    manager.goto(f"/orders/{order_id}")
    manager.get_by_role("button", name="Mark preparing").click()
    manager.get_by_role("button", name="Mark ready").click()
    manager.get_by_label("Delivery rider", exact=True).select_option(label="crew")
    manager.get_by_role("button", name="Assign").click()
    assert f"Order #{order_id} is assigned to crew." in _message(manager)

    rider = new_context().new_page()
    rider.set_viewport_size(PHONE)
    log_in(rider, "crew")
    first_row = rider.locator("table.stacked tbody tr").first
    expect(first_row).to_contain_text(f"#{order_id}")
    expect(first_row.locator(f'a[href="tel:{PHONE_NUMBER}"]')).to_be_visible()
    map_link = first_row.locator('a[href^="https://www.google.com/maps/search/?api=1&query="]')
    expect(map_link).to_be_visible()
    on_my_way = first_row.get_by_role("button", name=f"On my way with #{order_id}")
    expect(on_my_way).to_be_in_viewport()
    view_screenshot(rider, "rider-phone")
    on_my_way.click()
    assert f"Order #{order_id} is out for delivery." in _message(rider)

    customer.goto(f"/orders/{order_id}")
    expect(customer.get_by_role("link", name="Cancel this order")).to_have_count(0)
    expect(customer.locator('[aria-current="step"]')).to_have_text("Out for delivery")

    rider.get_by_role("button", name=f"Mark delivered #{order_id}").click()
    customer.goto(f"/orders/{order_id}")
    expect(customer.locator('[aria-current="step"]')).to_have_text("Delivered")


def test_a_manager_gives_a_dish_a_photo_description_and_tags(
    new_context: Callable[[], BrowserContext], tmp_path: Path
) -> None:
    manager = new_context().new_page()
    log_in(manager, "manager")
    manager.goto("/manage/menu/1")
    title = manager.get_by_label("Title").input_value()
    manager.get_by_label("Description").fill("Crisp cucumbers, feta and olives.")
    manager.get_by_label("Vegetarian").check()
    manager.get_by_role("button", name="Save").click()
    manager.wait_for_url("**/manage/menu")
    photo = tmp_path / "dish.png"
    photo.write_bytes(_png())
    manager.goto("/manage/menu/1")
    manager.get_by_label("Choose a photo").set_input_files(str(photo))
    manager.get_by_role("button", name="Upload photo").click()
    assert "is saved" in _message(manager)

    visitor = new_context().new_page()
    visitor.goto("/menu/1")
    picture = visitor.get_by_role("img", name=f"Photo of {title}")
    expect(picture).to_be_visible()
    # Loaded, so the CSP's img-src allows the media origin.
    assert visitor.evaluate("img => img.naturalWidth", picture.element_handle()) > 0
    expect(visitor.locator("main")).to_contain_text("Crisp cucumbers, feta and olives.")
    expect(visitor.locator(".tags")).to_contain_text("Vegetarian")
    screenshot(visitor, "dish-photo")


def test_staff_are_found_by_search_a_role_change_shows_without_logging_out_and_managers_stay(
    new_context: Callable[[], BrowserContext],
) -> None:
    newcomer = new_context().new_page()
    _sign_up(newcomer, "lovelace")

    manager = new_context().new_page()
    log_in(manager, "manager")
    manager.goto("/manage/staff")
    manager.get_by_role("textbox", name="Find a person").fill("lovelace")
    manager.get_by_role("button", name="Search").click()
    manager.get_by_label("Role for lovelace").select_option(label="Delivery rider")
    manager.get_by_role("button", name="Add lovelace").click()
    assert "lovelace is now in Delivery rider." in _message(manager)

    newcomer.goto("/account")
    expect(newcomer.locator("dl.details")).to_contain_text("Delivery rider")
    expect(newcomer.get_by_role("navigation", name="Main")).to_contain_text("My deliveries")

    manager.goto("/manage/staff")
    managers = manager.get_by_role("region", name="Managers")
    managers.get_by_role("link", name="Remove manager").click()
    manager.get_by_role("button", name="Remove").click()
    expect(manager.locator(".messages")).to_contain_text("cannot remove yourself")


def _mail_text(mail: Message) -> str:
    return "".join(
        part.get_payload(decode=True).decode()  # type: ignore[union-attr]
        for part in mail.walk()
        if part.get_content_type() == "text/plain"
    )


def _reset_link(data: Path, address: str) -> tuple[str, str]:
    """uid and token of the newest reset mail to `address` (the local mailer writes .eml
    files under the data directory a moment after the API queued the message)."""
    deadline = time.monotonic() + MAIL_DEADLINE_S
    while time.monotonic() < deadline:
        for path in sorted((data / "mail").glob("*.eml"), reverse=True):
            mail = message_from_bytes(path.read_bytes())
            found = RESET_LINK.search(_mail_text(mail))
            if address in str(mail["To"]) and found:
                return found.group(1), found.group(2)
        time.sleep(0.25)
    raise AssertionError(
        f"no reset mail to {address} in {data / 'mail'} within {MAIL_DEADLINE_S} s"
    )


def test_a_forgotten_password_is_reset_by_e_mail_once(
    new_context: Callable[[], BrowserContext], stack: Stack
) -> None:
    page = new_context().new_page()
    _sign_up(page, "turing")
    page.get_by_role("button", name="Log out").click()

    for address in ("turing@example.com", "nobody@example.com"):
        page.goto("/login")
        page.get_by_role("link", name="Forgot your password?").click()
        page.get_by_label("Email").fill(address)
        page.get_by_role("button", name="Send me a reset link").click()
        page.wait_for_url("**/account/reset/sent")
        expect(page.locator("main")).to_contain_text("If an account uses that address")
    uid, token = _reset_link(stack.data, "turing@example.com")
    nobody = [
        p for p in (stack.data / "mail").glob("*.eml") if b"nobody@example.com" in p.read_bytes()
    ]
    assert nobody == []

    for attempt in range(2):
        page.goto(f"/account/reset/{uid}/{token}")
        page.get_by_label("New password", exact=True).fill(f"orange-grove-9{attempt}")
        page.get_by_label("New password (again)").fill(f"orange-grove-9{attempt}")
        page.get_by_role("button", name="Set my new password").click()
        if attempt == 0:
            page.wait_for_url("**/login")
    expect(page.get_by_role("alert")).to_contain_text("not valid any more")
    log_in(page, "turing", "orange-grove-90")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_the_new_pages_have_no_axe_violations_at_both_sizes(
    browser: Browser, stack: Stack, new_context: Callable[[], BrowserContext]
) -> None:
    customer = new_context().new_page()
    _sign_up(customer, "axe-customer")
    _save_profile(customer)
    order_id = _order_from_the_menu(customer)
    customer_pages = [f"/orders/{order_id}", f"/orders/{order_id}/cancel", "/account"]
    manager = new_context()
    log_in(manager.new_page(), "manager")
    manager_pages = [f"/orders/{order_id}", "/orders?state=received", "/manage/staff?q=crew",
                     "/manage/menu/1"]  # fmt: skip

    problems = audit(browser, stack, customer_pages, customer.context.storage_state())
    problems += audit(browser, stack, manager_pages, manager.storage_state())
    problems += audit(browser, stack, ["/account/reset/MQ/not-a-token"])
    # The live order page reloads itself because the user asked for it there (and it says
    # how to stop): axe's meta-refresh rule flags every timed refresh, so it is the one
    # rule left out on that page only; every other rule runs.
    live = [f"/orders/{order_id}?live=1"]
    problems += audit(browser, stack, live, customer.context.storage_state(), off=("meta-refresh",))

    assert problems == []

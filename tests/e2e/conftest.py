"""End-to-end fixtures: the real stack from `littlelemon up` and a real headless Chromium.

The stack runs on free ports with a throwaway data directory and a known demo password;
readiness is polled on `/health` with a deadline. Screenshots land in
`test-artifacts/screenshots/` (ignored by git).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from littlelemon.local.testing import StackNotReadyError, local_stack

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "e2e-demo-password-1"
# DynamoDB Local is a JVM: on a busy two-core machine the whole stack takes a while.
READY_DEADLINE_S = 240.0


@dataclass(frozen=True)
class Stack:
    web: str
    api: str
    log: Path


@contextmanager
def running_stack(data: Path, *extra_args: str, name: str = "stack") -> Iterator[Stack]:
    """`littlelemon up` on free ports with its data under `data` (littlelemon.local.testing)."""
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"e2e-{name}.log"
    try:
        with local_stack(
            data,
            bookings="--no-bookings" not in extra_args,
            env={"DEMO_PASSWORD": DEMO_PASSWORD},
            log=log,
            cwd=ROOT,
            ready_deadline_s=READY_DEADLINE_S,
        ) as started:
            assert started.web is not None
            yield Stack(web=started.web, api=started.api, log=log)
    except StackNotReadyError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole system: gateway + API (SQLite) + bookings on DynamoDB Local + web."""
    with running_stack(tmp_path_factory.mktemp("littlelemon-data")) as started:
        yield started


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def new_context(browser: Browser, stack: Stack) -> Iterator[Callable[[], BrowserContext]]:
    """Opens fresh browser profiles (each with its own cookies): one per user in a test."""
    opened: list[BrowserContext] = []

    def open_context() -> BrowserContext:
        ctx = browser.new_context(base_url=stack.web, viewport={"width": 1200, "height": 900})
        ctx.set_default_timeout(20_000)
        opened.append(ctx)
        return ctx

    yield open_context
    for ctx in opened:
        ctx.close()


def log_in(page: Page, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login" not in url)


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

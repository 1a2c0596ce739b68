"""End-to-end fixtures: the real stack from `littlelemon up` and a real headless Chromium.

The stack runs on free ports with a throwaway data directory and a known demo password;
readiness is polled on `/health` with a deadline. Screenshots land in
`test-artifacts/screenshots/` (ignored by git); docs/screenshots/ holds a few copied from
there. `audit` runs axe-core (from node_modules, injected by Playwright) and the phone
checks on a list of pages at both sizes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    StorageState,
    sync_playwright,
)

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
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
TAP_TARGET_PX = 44
# DynamoDB Local is a JVM: on a busy two-core machine the whole stack takes a while.
READY_DEADLINE_S = 240.0


@dataclass(frozen=True)
class Stack:
    web: str
    api: str
    log: Path
    data: Path


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
            yield Stack(web=started.web, api=started.api, log=log, data=data)
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


# Controls a finger has to hit; links inside running text are exempt (WCAG 2.5.8, inline).
SMALL_TAP_TARGETS = """minimum => [...document.querySelectorAll(
    'button, .button, .nav a, .tabs a, .pagination a, .list-item a, a.danger, .contact-link,'
    + ' input:not([type=hidden]):not([type=checkbox]), select, textarea'
)].filter(el => el.getClientRects().length > 0 && !el.closest('.skip-link'))
  .map(el => {
    const box = el.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 80), width: box.width, height: box.height};
  })
  .filter(target => target.width < minimum || target.height < minimum)"""

RUN_AXE = """async off => {
    const rules = Object.fromEntries(off.map(id => [id, {enabled: false}]));
    const result = await axe.run(document, {rules});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
    }));
}"""


def axe_violations(page: Page, off: tuple[str, ...] = ()) -> list[dict[str, object]]:
    """axe-core's violations on the page (all of its default rules but those in `off`)."""
    # The site's CSP allows no inline script, so the injected axe needs a context opened
    # with bypass_csp=True (test_accessibility.py shows the CSP blocking it otherwise).
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, object]] = page.evaluate(RUN_AXE, list(off))
    return violations


def audit(
    browser: Browser,
    stack: Stack,
    paths: list[str],
    state: StorageState | None = None,
    off: tuple[str, ...] = (),
) -> list[str]:
    """Problems of each page at 1366x800 and 390x844: axe violations, and on the phone a
    horizontal scroll or a tap target under 44x44 px. Empty when every page passes."""
    problems: list[str] = []
    for size_name, viewport in SIZES.items():
        ctx = browser.new_context(
            base_url=stack.web, viewport=viewport, bypass_csp=True, storage_state=state
        )
        page = ctx.new_page()
        for path in paths:
            page.goto(path)
            where = f"{path} at {viewport['width']}x{viewport['height']}"
            problems += [f"{where}: axe {v}" for v in axe_violations(page, off)]
            if size_name == "phone":
                if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                    problems.append(f"{where}: scrolls sideways")
                problems += [
                    f"{where}: small tap target {t}"
                    for t in page.evaluate(SMALL_TAP_TARGETS, TAP_TARGET_PX)
                ]
        ctx.close()
    return problems


def in_viewport(page: Page, selector: str) -> bool:
    """Whether the first element matching `selector` is wholly on screen, without scrolling."""
    return bool(
        page.evaluate(
            """selector => {
                const box = document.querySelector(selector).getBoundingClientRect();
                return box.top >= 0 && box.bottom <= window.innerHeight
                    && box.left >= 0 && box.right <= window.innerWidth;
            }""",
            selector,
        )
    )


def view_screenshot(page: Page, name: str) -> None:
    """What the screen shows (not the full page): small enough for docs/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))

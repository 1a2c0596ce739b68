"""End-to-end fixtures: the real stack from `littlelemon up` and a real headless Chromium.

The stack runs on free ports with a throwaway data directory and a known demo password;
readiness is polled on `/health` with a deadline. Screenshots land in
`test-artifacts/screenshots/` (ignored by git).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

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
STOP_DEADLINE_S = 20.0


@dataclass(frozen=True)
class Stack:
    web: str
    api: str
    log: Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _wait_for(urls: list[str], process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_DEADLINE_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`littlelemon up` exited with {process.returncode}:\n{log.read_text()}")
        if all(_healthy(url) for url in urls):
            return
        time.sleep(0.5)
    pytest.fail(f"the stack was not healthy within {READY_DEADLINE_S:.0f} s:\n{log.read_text()}")


@contextmanager
def running_stack(data: Path, *extra_args: str, name: str = "stack") -> Iterator[Stack]:
    """`littlelemon up` on free ports with its data under `data`; stopped with SIGINT."""
    ARTIFACTS.mkdir(exist_ok=True)
    web_port, api_port, dynamodb_port = _free_port(), _free_port(), _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))},
        "LITTLELEMON_DATA_DIR": str(data),
        "DEMO_PASSWORD": DEMO_PASSWORD,
    }
    command = [
        sys.executable, "-c", "from littlelemon.cli import main; main()", "up",
        "--host", "127.0.0.1",
        "--web-port", str(web_port),
        "--api-port", str(api_port),
        "--dynamodb-port", str(dynamodb_port),
        *extra_args,
    ]  # fmt: skip
    log = ARTIFACTS / f"e2e-{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    web, api = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{api_port}"
    try:
        _wait_for([f"{api}/health", f"{web}/health"], process, log)
        yield Stack(web=web, api=api, log=log)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=STOP_DEADLINE_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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

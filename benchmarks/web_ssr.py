"""Server-side-rendered menu page vs one direct API call for the same data, in one run.

Starts, on free ports and with a throwaway data directory, the HTTP API emulator (the
gateway invoking the api Lambda handler in-process, SQLite, demo data) and the web site
under gunicorn with its production-like config; then alternates requests for `/menu` and
`/api/menu-items` (the call the page makes) and prints both latencies and their ratio.
The page's target is at most 2x the API call: rendering and the extra hop stay cheap.

Cold: COLD_SAMPLES times, a fresh gunicorn (one worker, the production config) is started
and timed from launch to its first 200 on /health (the worker has imported Django and the
site and run its warm-up hook: URLconf, templates, API client), then its first /menu page
is timed (the first API connection is still opened then). The same launch with a WSGI app
that does nothing (benchmarks/floor/wsgi_hello.py, the same config without the hook) is
gunicorn's own start, the floor the site's start is compared with.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
COLD_SAMPLES = int(os.environ.get("BENCH_COLD_SAMPLES", "5"))
# Targets of the cold figures: a worker start within 3x gunicorn's own (what the site adds
# on top: Django and our code) and a first page within 3x a warm one (a recycled worker,
# every `max_requests`, must not hand one visitor a slow page).
TARGET_START_RATIO = 3.0
TARGET_FIRST_PAGE_RATIO = 3.0
WARMUP = 20
TARGET_RATIO = 2.0
READY_DEADLINE_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not become healthy within {READY_DEADLINE_SECONDS}s")


@contextmanager
def running(command: list[str], env: dict[str, str], health_url: str) -> Iterator[None]:
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_healthy(health_url, process)
        yield
    finally:
        process.terminate()
        process.wait(timeout=15)


SITE_CONFIG = ROOT / "src/littlelemon/web/gunicorn.conf.py"
FLOOR_CONFIG = ROOT / "benchmarks/floor/gunicorn.conf.py"  # the same, without the warm-up


def gunicorn(app: str, port: int, config: Path = SITE_CONFIG) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn",
        "--config", str(config),
        "--bind", f"127.0.0.1:{port}", "--workers", "1",
        app,
    ]  # fmt: skip


def cold_worker(
    app: str, env: dict[str, str], *, page: str | None, config: Path = SITE_CONFIG
) -> tuple[float, float]:
    """(ms from launch to the first 200 on /health, ms of the first `page` or 0)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    process = subprocess.Popen(
        gunicorn(app, port, config),
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + READY_DEADLINE_SECONDS
        with httpx.Client() as client:
            while True:
                try:
                    if client.get(f"{base}/health", timeout=5.0).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn {app} did not start")
                time.sleep(0.005)
            ready = (time.perf_counter() - started) * 1000
            first = timed(client, f"{base}{page}") if page else 0.0
        return ready, first
    finally:
        process.terminate()
        process.wait(timeout=15)


def timed(client: httpx.Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-web-") as data_dir:
        api_port, web_port = free_port(), free_port()
        env = {
            **os.environ,
            "LITTLELEMON_DATA_DIR": data_dir,
            "DEMO_PASSWORD": "bench-password-1",
            "JWT_ISSUER": f"http://127.0.0.1:{api_port}",
            "API_BASE_URL": f"http://127.0.0.1:{api_port}",
            "DJANGO_ENV": "local",
            # Every request here comes from one address: the API's per-address limit for
            # anonymous callers (120/min by default) would measure throttling, not latency.
            "API_THROTTLE_ANON": "",
            # The site keeps public menu answers briefly; the comparison is one rendered page
            # with its API call against the bare API call, so nothing is kept here.
            "WEB_PUBLIC_CACHE_SECONDS": "0",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--verbosity", "0"], env=env, cwd=ROOT, check=True)
        subprocess.run([*manage, "seed_demo"], env=env, cwd=ROOT, check=True, capture_output=True)
        gateway = [
            str(BIN / "littlelemon"),
            "gateway",
            "--host",
            "127.0.0.1",
            "--port",
            str(api_port),
        ]
        web = gunicorn("littlelemon.web.wsgi:application", web_port)
        api_base, web_base = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{web_port}"
        with (
            running(gateway, env, f"{api_base}/health"),
            running(web, env, f"{web_base}/health"),
            httpx.Client() as client,
        ):
            page_url = f"{web_base}/menu"
            api_url = f"{api_base}/api/menu-items?page=1&page_size=12"
            for _ in range(WARMUP):
                timed(client, page_url)
                timed(client, api_url)
            page, api = [], []
            # Alternate the two so both see the same machine load.
            for _ in range(REQUESTS):
                page.append(timed(client, page_url))
                api.append(timed(client, api_url))
            # Cold workers, interleaved with gunicorn's own start (the API stays warm).
            floor_env = {**env, "PYTHONPATH": str(ROOT / "benchmarks" / "floor")}
            starts, firsts, floors = [], [], []
            for _ in range(COLD_SAMPLES):
                ready, first = cold_worker("littlelemon.web.wsgi:application", env, page="/menu")
                starts.append(ready)
                firsts.append(first)
                floor = cold_worker(
                    "wsgi_hello:application", floor_env, page=None, config=FLOOR_CONFIG
                )
                floors.append(floor[0])

    page_median, api_median = statistics.median(page), statistics.median(api)
    ratio = page_median / api_median
    print(f"web_ssr: {REQUESTS} requests each, alternating, keep-alive clients")
    for label, values in (
        ("direct API  GET /api/menu-items", api),
        ("SSR page    GET /menu", page),
    ):
        median, p95 = statistics.median(values), percentile(values, 0.95)
        print(f"  {label:32} median {median:7.2f} ms  p95 {p95:7.2f} ms")
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(f"  ratio page/API (median) {ratio:.2f}x  ({verdict} the {TARGET_RATIO:.0f}x target)")
    start, floor, first = (statistics.median(values) for values in (starts, floors, firsts))
    print(f"web tier cold: median of {COLD_SAMPLES} fresh gunicorn processes (1 gthread worker)")
    print(f"  gunicorn launch -> first 200, the site         {start:8.1f} ms")
    print(f"  gunicorn launch -> first 200, a no-op WSGI app  {floor:8.1f} ms")
    print(f"  first /menu page of a fresh worker             {first:8.1f} ms")
    print(f"  warm /menu page (median, above)                {page_median:8.1f} ms")
    for label, value, target in (
        ("worker start: site / no-op app", start / floor, TARGET_START_RATIO),
        ("first page / warm page", first / page_median, TARGET_FIRST_PAGE_RATIO),
    ):
        verdict = "meets" if value <= target else "MISSES"
        print(f"  {label} = {value:.2f}   target <= {target:g}: {verdict}")


if __name__ == "__main__":
    main()

"""Server-side-rendered menu page vs one direct API call for the same data, in one run.

Starts, on free ports and with a throwaway data directory, the HTTP API emulator (the
gateway invoking the api Lambda handler in-process, SQLite, demo data) and the web site
under gunicorn with its production-like config; then alternates requests for `/menu` and
`/api/menu-items` (the call the page makes) and prints both latencies and their ratio.
The page's target is at most 2x the API call: rendering and the extra hop stay cheap.
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
        web = [
            sys.executable, "-m", "gunicorn",
            "--config", str(ROOT / "src/littlelemon/web/gunicorn.conf.py"),
            "--bind", f"127.0.0.1:{web_port}", "--workers", "1",
            "littlelemon.web.wsgi:application",
        ]  # fmt: skip
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


if __name__ == "__main__":
    main()

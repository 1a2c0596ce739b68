"""Server-side-rendered menu page vs one direct API call for the same data, in one run.

Starts, on free ports and with a throwaway data directory, the HTTP API emulator (the
gateway invoking the api Lambda handler in-process, SQLite, demo data) and the web site
under gunicorn with its production-like config; then alternates requests for `/menu` and
`/api/menu-items` (the call the page makes) and prints both latencies and their ratio.
The page's target is at most 2x the API call: rendering and the extra hop stay cheap.

Cold: COLD_SAMPLES times, a fresh gunicorn (one worker, the production config) is started
and timed from launch to its first 200 on /health (the master has loaded and warmed the
site, the worker has built its API client and opened its first connection), then its
first /menu page is timed. The same launch with a WSGI app that does nothing
(benchmarks/floor/wsgi_hello.py, the same config without the warm-up hooks) is gunicorn's
own start, the floor the site's start is compared with; a bare Django app
(benchmarks/floor/django_hello.py) shows what Django alone adds to it.

Recycled: in the same processes the first worker then exits after its second answer
(`--max-requests 2`, as every worker does after `max_requests`), and the worker the master
forks in its place is timed from that answer to its first 200 on /health, then its first
/menu page: what a visitor meets every couple of thousand requests, against the no-op app's
replacement worker.
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
from dataclasses import dataclass
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


@dataclass(frozen=True)
class ColdWorker:
    """Milliseconds of one gunicorn process: its first worker, then the worker replacing it."""

    start: float  # launch -> first 200 on /health
    first_page: float  # the first `page` of that worker
    recycled_start: float  # the first worker's last answer -> the first 200 of its replacement
    recycled_first_page: float  # the first `page` of the replacement


def cold_worker(
    app: str, env: dict[str, str], *, page: str, config: Path = SITE_CONFIG
) -> ColdWorker:
    """Times a fresh gunicorn, then a worker recycled by max_requests, and their first pages.

    `--max-requests 2`: the first worker answers the /health that shows it is up and `page`,
    then exits as every worker does after `max_requests`, and the master forks its
    replacement, which is timed the same way (nothing of the first two figures changes).
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [*gunicorn(app, port, config), "--max-requests", "2", "--max-requests-jitter", "0"]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        with httpx.Client() as client:
            ready = until_healthy(client, base, process, started)
            first_worker = workers_of(process)
            first = timed(client, f"{base}{page}")
        recycled_since = time.perf_counter()
        # The old worker may still answer a request that reaches it while it stops: wait for
        # the master's new child (forked once the old one is gone), then for its answer.
        while workers_of(process) in (first_worker, set()):
            if process.poll() is not None or time.perf_counter() - recycled_since > 60:
                raise RuntimeError(f"gunicorn {app} did not replace its worker")
            time.sleep(0.001)
        with httpx.Client() as client:
            recycled_ready = until_healthy(client, base, process, recycled_since)
            recycled_first = timed(client, f"{base}{page}")
        return ColdWorker(ready, first, recycled_ready, recycled_first)
    finally:
        process.terminate()
        process.wait(timeout=15)


def workers_of(master: subprocess.Popen[bytes]) -> set[str]:
    """The process ids of the master's children (its workers), as Linux lists them."""
    return set(Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text().split())


def until_healthy(
    client: httpx.Client, base: str, process: subprocess.Popen[bytes], since: float
) -> float:
    """Ms from `since` to the first 200 on /health (polled: no answer yet is no answer)."""
    deadline = time.monotonic() + READY_DEADLINE_SECONDS
    while True:
        try:
            if client.get(f"{base}/health", timeout=5.0).status_code == 200:
                return (time.perf_counter() - since) * 1000
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn at {base} did not answer /health")
        time.sleep(0.005)


def timed(client: httpx.Client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def median_of(samples: list[ColdWorker], figure: str) -> float:
    """The median of one figure (an attribute) over the samples of one kind of process."""
    median: float = statistics.median(getattr(sample, figure) for sample in samples)
    return median


def print_verdict(label: str, value: float, target: float) -> None:
    verdict = "meets" if value <= target else "MISSES"
    print(f"  {label} = {value:.2f}   target <= {target:g}: {verdict}")


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
            # Its per-user limit (600/min) also counts anonymous callers, by address.
            "API_THROTTLE_USER": "",
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
            # Cold workers, interleaved with gunicorn's own start and a bare Django app's
            # (the API stays warm).
            floor_env = {**env, "PYTHONPATH": str(ROOT / "benchmarks" / "floor")}
            sites, floors, djangos = [], [], []
            for _ in range(COLD_SAMPLES):
                sites.append(cold_worker("littlelemon.web.wsgi:application", env, page="/menu"))
                floors.append(
                    cold_worker("wsgi_hello:application", floor_env, page="/", config=FLOOR_CONFIG)
                )
                djangos.append(
                    cold_worker(
                        "django_hello:application", floor_env, page="/", config=FLOOR_CONFIG
                    )
                )

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
    start, floor, first = (
        median_of(sites, "start"),
        median_of(floors, "start"),
        median_of(sites, "first_page"),
    )
    print(f"web tier cold: median of {COLD_SAMPLES} fresh gunicorn processes (1 gthread worker)")
    print(f"  gunicorn launch -> first 200, the site         {start:8.1f} ms")
    print(f"  gunicorn launch -> first 200, a no-op WSGI app  {floor:8.1f} ms")
    print(f"  first /menu page of a fresh worker             {first:8.1f} ms")
    print(f"  warm /menu page (median, above)                {page_median:8.1f} ms")
    print_verdict("worker start: site / no-op app", start / floor, TARGET_START_RATIO)
    print_verdict("first page / warm page", first / page_median, TARGET_FIRST_PAGE_RATIO)
    bare = statistics.median(sample.start for sample in djangos)
    print(f"  gunicorn launch -> first 200, a bare Django app {bare:8.1f} ms")
    print(f"  (the floor under the site's start: bare Django / no-op app = {bare / floor:.2f})")
    recycled, recycled_floor, recycled_first = (
        median_of(sites, "recycled_start"),
        median_of(floors, "recycled_start"),
        median_of(sites, "recycled_first_page"),
    )
    print("web tier recycled: the worker gunicorn forks when one reaches max_requests")
    print(f"  last answer -> first 200 of the new worker, the site        {recycled:8.1f} ms")
    print(f"  last answer -> first 200 of the new worker, a no-op app     {recycled_floor:8.1f} ms")
    print(f"  first /menu page of a recycled worker                       {recycled_first:8.1f} ms")
    print_verdict(
        "recycled worker start: site / no-op app", recycled / recycled_floor, TARGET_START_RATIO
    )
    print_verdict(
        "recycled first page / warm page", recycled_first / page_median, TARGET_FIRST_PAGE_RATIO
    )


if __name__ == "__main__":
    main()

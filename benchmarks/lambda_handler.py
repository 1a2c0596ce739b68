"""The API on Lambda: cold start, warm latency, DB connections, the emulator, the bundle; one run.

Compared side by side on the same machine and database (SQLite, DEBUG off, throttling off):
  (a) our handler: `littlelemon.runtime.api.handler` (apig-wsgi over Django's WSGI app,
      built once at import);
  (b) seed-style: a new Mangum over Django's ASGI app created on every invocation, as the
      original system did;
  (f) the floor: the smallest Django + DRF app serving the same JSON through the same
      adapter (benchmarks/floor/app.py; the run checks that (a) and (f) answer the same);
  (c) warm only: django.setup() + Django's test client (no event translation at all);
  (m) warm only: one Mangum built once, the ASGI alternative to (a), for the adapter choice.
Cold start: process start -> first 200 for GET /api/menu-items, median of COLD_SAMPLES fresh
processes (interleaved a, b, f, bundle so background load hits all alike), from the venv as
`make up` installs it (byte-compiled by uv); (a) once more with an empty bytecode cache and
no writing (PYTHONPYCACHEPREFIX), i.e. the venv as it was before uv compiled it. Each is
given as wall time and as the child's CPU time (user + system): the start is CPU-bound and
single-threaded, so on an idle machine the two agree; on a shared one the wall time also
holds the waits for a core.
Warm: median and p99 per invocation over WARM_REQUESTS after a warm-up, the styles in
one process, interleaved in shuffled order (the machine is shared: noise hits all alike).
Connections: new MariaDB connections per 1,000 warm invocations (`SHOW GLOBAL STATUS LIKE
'Connections'`, server-wide, so other clients of a shared server add noise; the distinct
server-side CONNECTION_ID() count is exact).
Emulator: `littlelemon gateway` on loopback, EMULATOR_REQUESTS at concurrency 8.
Bundle: `littlelemon bundle api` (arm64, Python 3.12), zipped and unzipped, and which
interpreter compiled it (magic number of its .pyc); cold start (a) is also measured from
the bundle built for this machine, unpacked, without site-packages (the arm64 3.12 zip
itself cannot run on this x86_64 3.11 machine).

Run: `.venv/bin/python benchmarks/lambda_handler.py` (a few minutes on two cores).
"""

from __future__ import annotations

import http.client
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COLD_SAMPLES = int(os.environ.get("BENCH_COLD_SAMPLES", "10"))
WARM_REQUESTS = int(os.environ.get("BENCH_WARM_REQUESTS", "500"))
DB_INVOCATIONS = int(os.environ.get("BENCH_DB_INVOCATIONS", "1000"))
EMULATOR_REQUESTS = int(os.environ.get("BENCH_EMULATOR_REQUESTS", "2000"))
EMULATOR_CONCURRENCY = 8
MARIADB = {"host": "127.0.0.1", "port": 3306, "user": "root"}
MARIADB_BENCH_DB = "littlelemon_bench"
PATH = "/api/menu-items"
STYLES = {
    "a": "our handler (apig-wsgi, built once)",
    "b": "seed-style (new Mangum per call)",
    "f": "floor (minimal Django + DRF app)",
}
# The floor configures Django by itself, so it cannot share the warm process with (a)-(c).
WARM_STYLES = {"a": STYLES["a"], "b": STYLES["b"], "c": "floor (Django test client)"}
FLOOR = ROOT / "benchmarks" / "floor"
NO_BYTECODE_SAMPLES = max(3, COLD_SAMPLES // 3)
# (a) once more, but importing only from the unpacked Lambda bundle (built for this
# machine's Python, byte-compiled, without site-packages): what Lambda's init really loads.
BUNDLED = "a-bundle"
NO_BYTECODE = "a-no-bytecode"  # (a) with every module compiled at import (no .pyc cache)

# --- the child side: one process per measurement --------------------------------------------

CHILD = r"""
import json, random, sys, time
mode, count = sys.argv[1], int(sys.argv[2])
FLOOR = sys.argv[5]
styles = sys.argv[3].split(",")
event = json.loads(sys.argv[4])

from littlelemon.runtime.context import LocalLambdaContext
Context = lambda: LocalLambdaContext(function_name="api", memory_limit_in_mb=1024)

calls = {}
if "a" in styles:
    from littlelemon.runtime.api import handler
    calls["a"] = lambda: handler(event, Context())
if "b" in styles:
    import django
    from django.core.asgi import get_asgi_application
    from mangum import Mangum
    application = get_asgi_application()
    calls["b"] = lambda: Mangum(application, lifespan="off")(event, Context())
if "f" in styles:
    sys.path.insert(0, FLOOR)
    from app import handler as floor_handler
    calls["f"] = lambda: floor_handler(event, Context())
if "m" in styles:
    from django.core.asgi import get_asgi_application
    from mangum import Mangum
    mangum_once = Mangum(get_asgi_application(), lifespan="off")
    calls["m"] = lambda: mangum_once(event, Context())
if "c" in styles:
    import django
    django.setup()
    from django.test import Client
    client = Client(HTTP_HOST="localhost")
    target = event["rawPath"] + ("?" + event["rawQueryString"] if event["rawQueryString"] else "")
    def call_client():
        response = client.get(target)
        return {"statusCode": response.status_code, "body": response.content.decode()}
    calls["c"] = call_client

if mode == "cold":
    response = calls[styles[0]]()
    print(json.dumps({"status": response["statusCode"], "body": response["body"]}), flush=True)
    sys.exit(0)

# Warm: all styles in one process, interleaved in a shuffled order each round, so that
# background load and cache effects fall on all of them alike.
for _ in range(20):
    for call in calls.values():
        call()
timings = {style: [] for style in calls}
order = list(calls)
for _ in range(count):
    random.shuffle(order)
    for style in order:
        started = time.perf_counter()
        status = calls[style]()["statusCode"]
        timings[style].append(time.perf_counter() - started)
        assert status == 200, (style, status)
print(json.dumps({"timings": timings}), flush=True)
"""

DB_CHILD = r"""
import json, sys
import pymysql
from littlelemon.runtime.api import handler
from django.db import connection
event, count = json.loads(sys.argv[1]), int(sys.argv[2])

from littlelemon.runtime.context import LocalLambdaContext
Context = lambda: LocalLambdaContext(function_name="api", memory_limit_in_mb=1024)

probe = pymysql.connect(host="127.0.0.1", port=3306, user="root")
def server_connections():
    with probe.cursor() as cursor:
        cursor.execute("SHOW GLOBAL STATUS LIKE 'Connections'")
        return int(cursor.fetchone()[1])
def invoke():
    assert handler(event, Context())["statusCode"] == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT CONNECTION_ID()")
        return cursor.fetchone()[0]
invoke()
before = server_connections()
ids = {invoke() for _ in range(count)}
after = server_connections()
print(json.dumps({"delta": after - before, "distinct": len(ids)}))
"""


def api_event(path: str = PATH, query: str = "page_size=10") -> dict[str, Any]:
    """A GET as the HTTP API sends it (payload 2.0)."""
    return {
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "headers": {"host": "localhost", "accept": "application/json", "user-agent": "bench"},
        "queryStringParameters": dict(part.split("=", 1) for part in query.split("&") if part),
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "bench",
            "domainName": "localhost",
            "domainPrefix": "localhost",
            "http": {
                "method": "GET",
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": "bench",
            },
            "requestId": "bench",
            "routeKey": "$default",
            "stage": "$default",
            "time": "01/Jan/2026:00:00:00 +0000",
            "timeEpoch": 1767225600000,
        },
        "isBase64Encoded": False,
    }


def bench_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "littlelemon.api.settings",
        "LITTLELEMON_DATA_DIR": str(data_dir),
        "DJANGO_DEBUG": "false",
        "API_THROTTLE_ANON": "",  # the benchmark measures serving, not the rate limiter
        "API_THROTTLE_USER": "",
        "POWERTOOLS_LOG_LEVEL": "WARNING",  # no access line per request in the figures
        "PYTHONDONTWRITEBYTECODE": "",
    }
    env.pop("DATABASE_URL", None)
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    code = "from littlelemon.cli import main; main()"
    subprocess.run(
        [sys.executable, "-c", code, "manage", *args], env=env, check=True, capture_output=True
    )


def run_child(
    styles: str, mode: str, count: int, env: dict[str, str], bundle: Path | None = None
) -> tuple[float, Any]:
    """(seconds from process start to its answer, the JSON it printed)."""
    code = CHILD
    interpreter = [sys.executable]
    if bundle is not None:
        # -S: no site-packages; every import comes from the bundle, as in /var/task.
        code = f"import sys; sys.path.insert(0, {str(bundle)!r})\n" + CHILD
        interpreter.append("-S")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [*interpreter, "-c", code, mode, str(count), styles, json.dumps(api_event()), str(FLOOR)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{styles}/{mode} failed:\n{result.stderr[-3000:]}")
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    # CPU seconds (user + system) of the child: what the start costs without the waiting
    # for a core that a shared machine adds to the wall time.
    answer["cpu"] = sum(
        getattr(after, field) - getattr(before, field) for field in ("ru_utime", "ru_stime")
    )
    return elapsed, answer


def unpacked_bundle(into: Path) -> Path:
    """The api zip for this machine's Python and CPU, unpacked (wheels cached in build/)."""
    import platform
    import zipfile

    from littlelemon.bundle import lambda_zip

    arch = "arm64" if platform.machine() in ("aarch64", "arm64") else "x86_64"
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    path = lambda_zip.build(
        "api",
        out_dir=into / "zip",
        arch=arch,
        python_version=version,
        wheel_cache=ROOT / "build" / "wheels",
    )
    with zipfile.ZipFile(path) as archive:
        archive.extractall(into / "task")
    return into / "task"


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def verdict(ratio: float, target: float) -> str:
    return "meets" if ratio <= target else "MISSES"


def cold_and_warm(
    env: dict[str, str], bundle: Path, no_bytecode: Path
) -> tuple[dict[str, float], dict[str, tuple[float, float]], bool]:
    """Cold medians per style, warm (median, p99) per style, and whether a and f agree."""
    cold: dict[str, list[float]] = {style: [] for style in [*STYLES, BUNDLED, NO_BYTECODE]}
    cpu: dict[str, list[float]] = {style: [] for style in cold}
    bodies: dict[str, Any] = {}
    for sample in range(COLD_SAMPLES):
        for style in STYLES:
            elapsed, answer = run_child(style, "cold", 1, env)
            assert answer["status"] == 200, answer
            cold[style].append(elapsed)
            cpu[style].append(answer["cpu"])
            bodies[style] = answer["body"]
        elapsed, answer = run_child("a", "cold", 1, env, bundle=bundle)
        assert answer["status"] == 200, answer
        cold[BUNDLED].append(elapsed)
        cpu[BUNDLED].append(answer["cpu"])
        if sample < NO_BYTECODE_SAMPLES:
            # An empty cache that is never written: every module compiled in every process,
            # as the venv behaved before uv byte-compiled it (PYTHONDONTWRITEBYTECODE=1).
            stale = {"PYTHONPYCACHEPREFIX": str(no_bytecode), "PYTHONDONTWRITEBYTECODE": "1"}
            elapsed, answer = run_child("a", "cold", 1, {**env, **stale})
            assert answer["status"] == 200, answer
            cold[NO_BYTECODE].append(elapsed)
            cpu[NO_BYTECODE].append(answer["cpu"])
    # Byte for byte; (b) differs: Mangum assumes https in `next`.
    same_json = bodies["a"] == bodies["f"]
    _, answer = run_child(",".join([*WARM_STYLES, "m"]), "warm", WARM_REQUESTS, env)
    warm = {
        style: (statistics.median(timings), p99(timings))
        for style, timings in answer["timings"].items()
    }
    medians = {style: statistics.median(values) for style, values in cold.items()}
    medians.update({f"{style}/cpu": statistics.median(values) for style, values in cpu.items()})
    return medians, warm, same_json


def mariadb_connections(data_dir: Path) -> dict[str, int] | str:
    try:
        import pymysql

        admin = pymysql.connect(**MARIADB)  # type: ignore[arg-type]
    except Exception as error:
        return f"skipped: MariaDB unavailable ({error})"
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE IF NOT EXISTS {MARIADB_BENCH_DB} CHARACTER SET utf8mb4")
    admin.close()
    url = f"mysql://root@127.0.0.1:3306/{MARIADB_BENCH_DB}"
    env = bench_env(data_dir, DATABASE_URL=url, DATABASE_CONN_MAX_AGE="600")
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    results: dict[str, int] = {}
    for label, max_age in (("persistent", "600"), ("per_request", "0")):
        count = DB_INVOCATIONS if max_age == "600" else DB_INVOCATIONS // 5
        env["DATABASE_CONN_MAX_AGE"] = max_age
        result = subprocess.run(
            [sys.executable, "-c", DB_CHILD, json.dumps(api_event()), str(count)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        report = json.loads(result.stdout.strip().splitlines()[-1])
        results[f"{label}_invocations"] = count
        results[f"{label}_delta"] = report["delta"]
        results[f"{label}_distinct"] = report["distinct"]
    return results


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def emulator_load(env: dict[str, str]) -> tuple[float, float, float, int]:
    """(requests/s, p50, p99, non-200 count) through `littlelemon gateway` on loopback."""
    port = free_port()
    code = "from littlelemon.cli import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "gateway", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the gateway did not start") from None
                time.sleep(0.1)
        target = f"{PATH}?page_size=10"
        per_worker = EMULATOR_REQUESTS // EMULATOR_CONCURRENCY
        timings: list[float] = []
        failures = [0]
        lock = threading.Lock()

        def worker() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            local: list[float] = []
            bad = 0
            for _ in range(per_worker):
                started = time.perf_counter()
                connection.request("GET", target)
                response = connection.getresponse()
                response.read()
                local.append(time.perf_counter() - started)
                bad += response.status != 200
            connection.close()
            with lock:
                timings.extend(local)
                failures[0] += bad

        for _ in range(10):  # warm the handler before timing
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{target}", timeout=10):
                pass
        threads = [threading.Thread(target=worker) for _ in range(EMULATOR_CONCURRENCY)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        return len(timings) / elapsed, statistics.median(timings), p99(timings), failures[0]
    finally:
        process.terminate()
        process.wait(timeout=10)


CPYTHON_312_MAGIC = (
    3531  # importlib.util.MAGIC_NUMBER of CPython 3.12 (Lib/importlib/_bootstrap_external.py)
)


def compiled(source: str, names: set[str]) -> bool:
    """Whether the zip holds bytecode for `source`: sourceless beside it, or in __pycache__."""
    folder, _, file = source.rpartition("/")
    cached = f"{folder}/__pycache__/{file[:-3]}.cpython-312.pyc".lstrip("/")
    return source[:-3] + ".pyc" in names or cached in names


def bundle_sizes() -> tuple[float, float, str, dict[int, int], int]:
    """(MB zipped, MB unzipped, what compiled it, .pyc count per magic, modules left as source)."""
    import zipfile

    from littlelemon.bundle import lambda_zip

    path = lambda_zip.build("api", out_dir=ROOT / "build", arch="arm64")
    compiler = lambda_zip.find_compiler(lambda_zip.LAMBDA_PYTHON)
    magics: dict[int, int] = {}
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for name in names:
            if name.endswith(".pyc"):
                magic = int.from_bytes(archive.read(name)[:2], "little")
                magics[magic] = magics.get(magic, 0) + 1
    uncompiled = sum(1 for name in names if name.endswith(".py") and not compiled(name, names))
    described = compiler.describe() if compiler else "nothing (sources only)"
    return (
        path.stat().st_size / 1e6,
        lambda_zip.unzipped_size(path) / 1e6,
        described,
        magics,
        uncompiled,
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-lambda-") as tmp:
        data_dir = Path(tmp)
        env = bench_env(data_dir)
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")
        bundle = unpacked_bundle(data_dir / "bundle")
        print(f"cold start: median of {COLD_SAMPLES} fresh processes, GET {PATH} on SQLite")
        cold, warm, same_json = cold_and_warm(env, bundle, data_dir / "no-bytecode")
        print(f"  {'':42} {'wall':>11} {'CPU':>11}")
        for style, label in STYLES.items():
            print(f"  ({style}) {label:38} {ms(cold[style])} {ms(cold[style + '/cpu'])}")
        print(
            f"  (a) from the unpacked bundle, no site-pkgs {ms(cold[BUNDLED])} "
            f"{ms(cold[BUNDLED + '/cpu'])}"
        )
        print(
            f"  (a) without bytecode (median of {NO_BYTECODE_SAMPLES:2})      "
            f"{ms(cold[NO_BYTECODE])} {ms(cold[NO_BYTECODE + '/cpu'])}"
        )
        print(f"  (a) and (f) answer the same JSON: {'yes' if same_json else 'NO'}")
        for label, style in (("(a)", "a"), ("(a, bundle)", BUNDLED)):
            for kind, suffix in (("wall", ""), ("CPU", "/cpu")):
                value = cold[style + suffix]
                to_seed, to_floor = value / cold["b" + suffix], value / cold["f" + suffix]
                print(
                    f"  {label}/(b) {kind:4} = {to_seed:.2f}   target <= 0.75: "
                    f"{verdict(to_seed, 0.75)}"
                )
                print(
                    f"  {label}/(f) {kind:4} = {to_floor:.2f}   target <= 1.3: "
                    f"{verdict(to_floor, 1.3)}"
                )
        gain = cold["a"] / cold[NO_BYTECODE]
        print(f"  bytecode: (a)/(a without bytecode) = {gain:.2f}   (informational)")
        print(f"warm: {WARM_REQUESTS} invocations per style, interleaved, median / p99")
        for style, label in WARM_STYLES.items():
            median, tail = warm[style]
            print(f"  ({style}) {label:38} {ms(median)} / {ms(tail)}")
        median, tail = warm["m"]
        print(f"  (m) Mangum built once (adapter choice)   {ms(median)} / {ms(tail)}")
        to_floor, to_seed = warm["a"][0] / warm["c"][0], warm["a"][0] / warm["b"][0]
        print(f"  (a)/(c) = {to_floor:.2f}   target <= 1.2: {verdict(to_floor, 1.2)}")
        print(f"  (a)/(b) = {to_seed:.2f}   target <= 0.4: {verdict(to_seed, 0.4)}")

        print("MariaDB connections (CONN_MAX_AGE=600 with health checks vs 0):")
        connections = mariadb_connections(data_dir / "mariadb")
        if isinstance(connections, str):
            print(f"  {connections}")
        else:
            persistent = connections["persistent_invocations"]
            per_1000 = connections["persistent_delta"] * 1000 / persistent
            print(
                f"  persistent: {connections['persistent_delta']} new connections (server-wide) "
                f"over {persistent} warm invocations = {per_1000:.1f} per 1,000; "
                f"{connections['persistent_distinct']} distinct connection id(s) seen"
            )
            print(
                f"  CONN_MAX_AGE=0: {connections['per_request_delta']} new connections over "
                f"{connections['per_request_invocations']} invocations (the probe's own "
                f"CONNECTION_ID() query after each request opens one too); "
                f"{connections['per_request_distinct']} distinct connection ids"
            )
            distinct = connections["persistent_distinct"]
            print(
                f"  new connections per warm invocation: {distinct - 1}   target 0: "
                f"{'meets' if distinct == 1 else 'MISSES'}"
            )

        rate, p50, tail, failures = emulator_load(env)
        print(
            f"emulator end to end (in-process, loopback, {EMULATOR_REQUESTS} x GET {PATH}, "
            f"concurrency {EMULATOR_CONCURRENCY}):"
        )
        print(f"  {rate:8.1f} requests/s   p50 {ms(p50)}   p99 {ms(tail)}   non-200: {failures}")

    zipped, unzipped, compiler, magics, uncompiled = bundle_sizes()
    print("bundle (littlelemon bundle api, arm64, Python 3.12):")
    print(
        f"  {zipped:.1f} MB zipped, {unzipped:.1f} MB unzipped   target <= 15 MB zipped: "
        f"{verdict(zipped, 15.0)}"
    )
    found = ", ".join(f"{count} with magic {magic}" for magic, count in sorted(magics.items()))
    good = set(magics) == {CPYTHON_312_MAGIC} and uncompiled == 0
    print(
        f"  byte-compiled by {compiler}: {found or 'no .pyc'}; modules without .pyc: {uncompiled}"
    )
    print(
        f"  every module compiled for CPython 3.12 (magic {CPYTHON_312_MAGIC}): "
        f"{'meets' if good else 'MISSES'}"
    )


if __name__ == "__main__":
    main()

"""Bookings functions beside the API function: cold start, warm latency and bundle size, one run.

Cold start: a fresh Python process per sample imports the handler module (Lambda's init
phase) and serves one request; median of COLD_SAMPLES. Warm: one process serves
WARM_REQUESTS requests after a warm-up; median and p99. Bookings run against DynamoDB
Local and the API against SQLite, both started by `littlelemon up --no-web` in a temporary
data directory. The bookings functions run as on Lambda: the Powertools Tracer on, X-Ray
patching botocore, each request in a sampled trace (its segments go to a UDP port nobody
listens on). Beside them, the floor: availability's DynamoDB reads with the SDK alone
(benchmarks/floor/bookings_sdk.py, through boto3 and through botocore), so the figures
show what the library costs before any of ours.
Size: `littlelemon bundle api|bookings` when that command exists, otherwise the installed
footprint of each function's lock file (boto3/botocore/s3transfer left out, as Lambda
ships them) zipped here; the output says which.

Run: `.venv/bin/python benchmarks/bookings.py` (about two minutes on two cores).
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from littlelemon.local.testing import local_stack

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_EVENT = ROOT / "tests" / "bookings" / "events" / "apiGatewayProxyV2Event.json"
FLOOR = ROOT / "benchmarks" / "floor"
COLD_SAMPLES = int(os.environ.get("BENCH_COLD_SAMPLES", "10"))
WARM_REQUESTS = int(os.environ.get("BENCH_WARM_REQUESTS", "200"))
RUNTIME_SHIPS = {"boto3", "botocore", "s3transfer"}
# A cold booking (init + first request) of a ~30-line handler: at most 200 ms. Judged on
# the process's CPU time (user + system) for the same span: the start is single-threaded
# and CPU-bound, so on an idle machine wall time equals it, while on a shared one the wall
# time also counts waiting for a core (both are printed).
TARGET_BOOKINGS_COLD_MS = 200.0

# Runs in a fresh interpreter: the import is the init phase, then one or many requests.
CHILD = r"""
import json, os, sys, time, uuid, importlib
cpu = time.process_time  # user + system seconds of this process (os.times() ticks 10 ms)
t0, c0 = time.perf_counter(), cpu()
module_name, attribute = sys.argv[1].rsplit(".", 1)
handler = getattr(importlib.import_module(module_name), attribute)
t1 = time.perf_counter()
event = json.loads(sys.argv[2])
count = int(sys.argv[3])

class Context:
    function_name = "bench"
    memory_limit_in_mb = 256
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:bench"
    def __init__(self):
        self.aws_request_id = str(uuid.uuid4())
    def get_remaining_time_in_millis(self):
        return 10_000

latencies = []
statuses = set()
for _ in range(count):
    started = time.perf_counter()
    response = handler(json.loads(sys.argv[2]), Context())
    latencies.append((time.perf_counter() - started) * 1000)
    statuses.add(response["statusCode"])
    if len(latencies) == 1:
        cold_cpu_ms = (cpu() - c0) * 1000
result = {
    "init_ms": (t1 - t0) * 1000, "latencies_ms": latencies, "statuses": sorted(statuses),
    "cold_cpu_ms": cold_cpu_ms,
}
print(json.dumps(result))
"""


# What each library adds to a bookings cold start beyond the SDK: the CPU of importing it
# in a fresh process that has imported botocore (which every function needs) first. The
# Powertools Tracer imports the X-Ray SDK even with tracing off.
LIBRARIES = {
    "pydantic (BaseModel)": "pydantic.main",
    "Powertools (its package: Logger, metrics, Tracer)": "aws_lambda_powertools",
    "X-Ray SDK (the Tracer's)": "aws_xray_sdk.core",
}
ALL_LIBRARIES = "the three together"
LIBRARIES[ALL_LIBRARIES] = ",".join(LIBRARIES.values())
LIBRARY_CHILD = (
    "import sys, time, botocore.session; c = time.process_time()\n"
    "for module in sys.argv[1].split(','): __import__(module)\n"
    "print((time.process_time() - c) * 1000)"
)


# What Lambda's runtime sets for an invocation of a function with active tracing: the
# trace header of a sampled request (the X-Ray SDK reads it from the environment).
TRACE_HEADER = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"


@dataclass(frozen=True)
class Target:
    label: str
    handler: str
    event: dict[str, Any]
    env: dict[str, str]  # on top of the stack's; "" unsets a variable


def http_event(
    method: str, route: str, path: str, query: str = "", *, claims: bool
) -> dict[str, Any]:
    """An HTTP API v2 event built from AWS's sample, as the gateway would deliver it."""
    event: dict[str, Any] = copy.deepcopy(json.loads(SAMPLE_EVENT.read_text()))
    for key in ("cookies", "stageVariables", "pathParameters", "body"):
        event.pop(key, None)
    event["routeKey"] = route
    event["rawPath"] = path
    event["rawQueryString"] = query
    event["headers"] = {"host": "127.0.0.1", "accept": "application/json"}
    if query:
        event["queryStringParameters"] = dict(part.split("=", 1) for part in query.split("&"))
    else:
        event.pop("queryStringParameters")
    context = event["requestContext"]
    context.pop("authentication")
    context["routeKey"] = route
    context["http"].update(method=method, path=path)
    if claims:
        now = int(time.time())
        context["authorizer"] = {
            "jwt": {
                "claims": {
                    "sub": "3",
                    "username": "customer",
                    "groups": "[]",
                    "iat": str(now),
                    "exp": str(now + 900),
                    "token_type": "access",
                },
                "scopes": None,
            }
        }
    else:
        context.pop("authorizer")
    return event


# What the stack and the measured handlers run with (SQLite under the data dir, as `up`
# migrated it: local_stack drops DATABASE_URL).
STACK_ENV = {
    "DJANGO_ENV": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "BOOKINGS_TABLE": "littlelemon-bookings",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}


def run_child(target: Target, count: int, env: dict[str, str]) -> dict[str, Any]:
    child_env = {**env, **target.env}
    for name in [name for name, value in target.env.items() if value == ""]:
        del child_env[name]  # "" in a target's env: the variable is not set for it
    result = subprocess.run(
        [sys.executable, "-c", CHILD, target.handler, json.dumps(target.event), str(count)],
        capture_output=True,
        text=True,
        env=child_env,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"{target.label} failed:\n{result.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    if any(status >= 500 for status in data["statuses"]):
        sys.exit(f"{target.label} answered {data['statuses']}:\n{result.stderr[-3000:]}")
    return data


@dataclass(frozen=True)
class Row:
    """One function's medians: cold wall times (init, first request, both), cold CPU, warm."""

    init: float
    first: float
    cold: float
    cold_cpu: float
    warm_p50: float
    warm_p99: float


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def locked_names(lock: Path) -> list[str]:
    names = []
    for line in lock.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==", line)
        if match:
            names.append(match.group(1))
    return names


def footprint(lock: Path) -> tuple[int, int]:
    """(unzipped, zipped) bytes of the installed distributions of `lock` plus our package."""
    files: list[Path] = []
    for name in locked_names(lock):
        if name.lower() in RUNTIME_SHIPS:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for entry in dist.files or []:
            path = Path(str(dist.locate_file(entry)))
            if path.is_file() and "__pycache__" not in path.parts:
                files.append(path)
    package = ROOT / "src" / "littlelemon"
    files += [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, path in enumerate(files):
            archive.write(path, arcname=f"f{index}")
    return sum(p.stat().st_size for p in files), buffer.tell()


def bundle_sizes(names: list[str], out: Path) -> tuple[str, dict[str, tuple[int, int]]]:
    """Sizes per bundle name, from `littlelemon bundle` if it exists, else the footprint."""
    cli = Path(sys.executable).with_name("littlelemon")
    sizes: dict[str, tuple[int, int]] = {}
    try:
        for name in names:
            subprocess.run(
                [str(cli), "bundle", name, "--out", str(out)],
                check=True,
                capture_output=True,
                text=True,
                timeout=600,
            )
            archive = out / f"{name}-lambda.zip"
            with zipfile.ZipFile(archive) as opened:
                unzipped = sum(info.file_size for info in opened.infolist())
            sizes[name] = (unzipped, archive.stat().st_size)
        return "littlelemon bundle (zip as deployed)", sizes
    except (subprocess.CalledProcessError, FileNotFoundError, subprocess.TimeoutExpired):
        for name in names:
            sizes[name] = footprint(ROOT / "requirements" / f"lambda-{name}.txt")
        return (
            "installed footprint of requirements/lambda-<name>.txt (no `littlelemon bundle` yet)",
            sizes,
        )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-bookings-") as tmp:
        data = Path(tmp)
        # `littlelemon up --no-web` on free ports (littlelemon.local.testing): migrated and
        # seeded SQLite, DynamoDB Local with the table; its env is what the handlers need.
        with local_stack(data, web=False, env=STACK_ENV) as stack:
            # Lambda bundles ship compiled bytecode, so the measured children may write it.
            env = {k: v for k, v in stack.env.items() if k != "PYTHONDONTWRITEBYTECODE"}
            # Off Lambda the X-Ray SDK builds two botocore X-Ray clients at import (its
            # sampling rules poller), about half a second; on Lambda, which sets
            # LAMBDA_TASK_ROOT, it samples locally instead. The measured functions get it so
            # they import as on Lambda.
            env["LAMBDA_TASK_ROOT"] = str(data)
            day = (dt.date.today() + dt.timedelta(days=7)).isoformat()
            availability = http_event(
                "GET",
                "GET /bookings/availability",
                "/bookings/availability",
                f"date={day}",
                claims=True,
            )
            # As on Lambda: tracing and metrics on (the stack itself runs without them).
            on_lambda = {
                "POWERTOOLS_TRACE_DISABLED": "",
                "POWERTOOLS_METRICS_DISABLED": "",
                "_X_AMZN_TRACE_ID": TRACE_HEADER,
            }
            floor = {"PYTHONPATH": str(FLOOR)}
            bookings = [
                Target(
                    "bookings-availability",
                    "littlelemon.bookings.handlers.availability.handler",
                    availability,
                    on_lambda,
                ),
                Target(
                    "bookings-list",
                    "littlelemon.bookings.handlers.list.handler",
                    http_event("GET", "GET /bookings", "/bookings", claims=True),
                    on_lambda,
                ),
            ]
            floors = [
                Target("floor: boto3 alone", "bookings_sdk.boto3_handler", availability, floor),
                Target(
                    "floor: botocore alone", "bookings_sdk.botocore_handler", availability, floor
                ),
            ]
            api = Target(
                "api GET /api/menu-items",
                "littlelemon.runtime.api.handler",
                http_event("GET", "$default", "/api/menu-items", claims=False),
                {},
            )
            targets = [*bookings, *floors, api]
            for target in targets:  # compile bytecode once, as a deployed bundle has it
                run_child(target, 1, env)
            # Round-robin, so a busy moment on a shared machine hits every function alike.
            samples: dict[str, list[dict[str, Any]]] = {target.label: [] for target in targets}
            library_ms: dict[str, list[float]] = {name: [] for name in LIBRARIES}
            for _ in range(COLD_SAMPLES):
                for target in targets:
                    samples[target.label].append(run_child(target, 1, env))
                for name, module in LIBRARIES.items():
                    imported = subprocess.run(
                        [sys.executable, "-c", LIBRARY_CHILD, module],
                        capture_output=True,
                        text=True,
                        check=True,
                        env=env,
                    )
                    library_ms[name].append(float(imported.stdout))
            rows: dict[str, Row] = {}
            for target in targets:
                colds = samples[target.label]
                warm = run_child(target, WARM_REQUESTS + 5, env)["latencies_ms"][5:]
                rows[target.label] = Row(
                    init=statistics.median(c["init_ms"] for c in colds),
                    first=statistics.median(c["latencies_ms"][0] for c in colds),
                    cold=statistics.median(c["init_ms"] + c["latencies_ms"][0] for c in colds),
                    cold_cpu=statistics.median(c["cold_cpu_ms"] for c in colds),
                    warm_p50=statistics.median(warm),
                    warm_p99=percentile(warm, 0.99),
                )
        load_average = " ".join(f"{value:.1f}" for value in os.getloadavg())
        source, sizes = bundle_sizes(["bookings", "api"], data / "build")

    print(f"cold start: median of {COLD_SAMPLES} fresh processes; warm: {WARM_REQUESTS} requests")
    print(
        f"{'function':<28}{'init ms':>9}{'1st req':>9}{'cold ms':>9}{'cold CPU':>10}"
        f"{'warm p50':>10}{'warm p99':>10}"
    )
    for label, row in rows.items():
        print(
            f"{label:<28}{row.init:9.1f}{row.first:9.1f}{row.cold:9.1f}{row.cold_cpu:10.1f}"
            f"{row.warm_p50:10.2f}{row.warm_p99:10.2f}"
        )
    print(f"load average while running: {load_average}")
    target_ms = TARGET_BOOKINGS_COLD_MS
    for target in bookings:
        row = rows[target.label]
        verdict = "meets" if row.cold_cpu <= target_ms else "MISSES"
        print(
            f"{target.label} cold: {row.cold:.1f} ms wall, {row.cold_cpu:.1f} ms CPU   target <= "
            f"{target_ms:.0f} ms (CPU): {verdict}"
        )
    for target in floors:
        spent = rows[target.label].cold_cpu
        share = "below" if spent <= target_ms else "ABOVE"
        print(f"{target.label} cold: {spent:.1f} ms CPU, {share} the {target_ms:.0f} ms target")
    for target in bookings:
        ratios = ", ".join(
            f"{rows[target.label].cold_cpu / rows[floor_target.label].cold_cpu:.2f}x "
            f"({floor_target.label.removeprefix('floor: ')})"
            for floor_target in floors
        )
        print(f"ratio {target.label} / floor, cold CPU: {ratios}")
    print(f"api cold for comparison: {rows[api.label].cold_cpu:.1f} ms CPU")
    for target in bookings:
        ours, theirs = rows[target.label], rows[api.label]
        print(
            f"ratio api / {target.label}: cold {theirs.cold / ours.cold:.2f}x, "
            f"warm p50 {theirs.warm_p50 / ours.warm_p50:.2f}x, "
            f"warm p99 {theirs.warm_p99 / ours.warm_p99:.2f}x"
        )
    print("of a bookings cold start (included above), importing each library after botocore:")
    libraries = {name: statistics.median(values) for name, values in library_ms.items()}
    for name, spent in libraries.items():
        print(f"  {name:<52}{spent:7.1f} ms CPU")
    left = target_ms - libraries[ALL_LIBRARIES]
    print(
        f"  the target less {ALL_LIBRARIES}: {left:.1f} ms of CPU left for botocore, whose "
        f"floor alone took {rows[floors[-1].label].cold_cpu:.1f} ms above"
    )
    print(f"\nbundle size ({source}):")
    for name, (unzipped, zipped) in sizes.items():
        print(f"  {name:<10} {unzipped / 1e6:7.1f} MB unzipped  {zipped / 1e6:6.1f} MB zipped")
    ratio = sizes["api"][1] / sizes["bookings"][1]
    print(f"ratio api / bookings zipped: {ratio:.2f}x")


if __name__ == "__main__":
    main()

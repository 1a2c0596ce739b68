"""`littlelemon up` for tests and benchmarks: free ports, a throwaway data dir, ready or fail.

One helper instead of a copy per suite: the end-to-end tests, the gateway and bookings
tests and the benchmarks all start the real local stack through `local_stack()`. It polls
each service's `/health` with a deadline (no sleeps waiting for a fixed time) and stops
the stack with SIGINT, as Ctrl-C would, killing it only if it does not stop in time.
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
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from littlelemon.local.secrets import DATA_DIR_ENV

# DynamoDB Local is a JVM: on a busy two-core machine the whole stack takes a while.
READY_DEADLINE_S = 240.0
STOP_DEADLINE_S = 30.0
LOG_TAIL_CHARS = 4000
# Settings a developer's shell may hold that would point the stack elsewhere.
_FOREIGN_VARIABLES = ("DATABASE_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL")


class StackNotReadyError(RuntimeError):
    """`littlelemon up` exited or did not become healthy in time; the message has its log."""


@dataclass(frozen=True, kw_only=True)
class LocalStack:
    """Where the running stack answers, and its log and data."""

    api: str
    web: str | None
    dynamodb: str | None
    env: dict[str, str]
    data: Path
    log: Path
    process: subprocess.Popen[bytes]


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def healthy(url: str) -> bool:
    """True when `url` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local URL
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def stack_env(data: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a stack of its own: this one, minus what would point elsewhere."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in _FOREIGN_VARIABLES and not name.startswith("DJANGO_")
    }
    env[DATA_DIR_ENV] = str(data)
    env.update(extra or {})
    return env


def _log_tail(log: Path) -> str:
    return log.read_text(errors="replace")[-LOG_TAIL_CHARS:] if log.exists() else ""


def wait_until_healthy(
    urls: list[str], process: subprocess.Popen[bytes], log: Path, *, deadline_s: float
) -> None:
    """Poll every URL until all answer 200; StackNotReadyError if the process exits first."""
    deadline = time.monotonic() + deadline_s
    while not all(healthy(url) for url in urls):
        if process.poll() is not None:
            raise StackNotReadyError(
                f"`littlelemon up` exited with {process.returncode}:\n{_log_tail(log)}"
            )
        if time.monotonic() > deadline:
            raise StackNotReadyError(
                f"the stack was not healthy within {deadline_s:.0f} s:\n{_log_tail(log)}"
            )
        time.sleep(0.2)  # poll interval, not a wait for readiness


def stop(process: subprocess.Popen[bytes], *, deadline_s: float = STOP_DEADLINE_S) -> int:
    """SIGINT (Ctrl-C), then a kill if it does not stop in time; the exit status."""
    process.send_signal(signal.SIGINT)
    try:
        return process.wait(timeout=deadline_s)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


@contextmanager
def local_stack(
    data: Path,
    *,
    web: bool = True,
    bookings: bool = True,
    workers: bool = False,
    env: Mapping[str, str] | None = None,
    log: Path | None = None,
    cwd: Path | None = None,
    ready_deadline_s: float = READY_DEADLINE_S,
) -> Iterator[LocalStack]:
    """`littlelemon up` on free ports with its data under `data`, healthy, stopped after."""
    api_port, web_port, dynamodb_port = free_port(), free_port(), free_port()
    api, web_url = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{web_port}"
    dynamodb = f"http://127.0.0.1:{dynamodb_port}"
    child_env = stack_env(data, {"JWT_ISSUER": api, **(env or {})})
    command = [
        sys.executable,
        "-c",
        "from littlelemon.cli import main; main()",
        "up",
        "--host",
        "127.0.0.1",
        "--api-port",
        str(api_port),
        "--web-port",
        str(web_port),
        "--dynamodb-port",
        str(dynamodb_port),
        *([] if web else ["--no-web"]),
        *([] if bookings else ["--no-bookings"]),
        *(["--workers"] if workers else []),
    ]
    log_path = log or data / "up.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command, cwd=cwd, env=child_env, stdout=output, stderr=subprocess.STDOUT
        )
    urls = [f"{api}/health", *([f"{web_url}/health"] if web else [])]
    try:
        wait_until_healthy(urls, process, log_path, deadline_s=ready_deadline_s)
        # The process environment plus what `up` hands its children for DynamoDB Local.
        handler_env = dict(child_env)
        if bookings:
            handler_env["AWS_ENDPOINT_URL_DYNAMODB"] = dynamodb
        yield LocalStack(
            api=api,
            web=web_url if web else None,
            dynamodb=dynamodb if bookings else None,
            env=handler_env,
            data=data,
            log=log_path,
            process=process,
        )
    finally:
        if process.poll() is None:
            stop(process)

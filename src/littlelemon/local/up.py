"""`littlelemon up`: the whole system on one machine, stopped cleanly by Ctrl-C.

Order: migrate and seed the API database, start DynamoDB Local and create the bookings
table and the mail outbox, start the local mailer (outbox -> .eml files under
<data dir>/mail), the HTTP API emulator (which serves the API and bookings functions), then
the web site. Each service is polled for readiness with a deadline before the next one starts.
"""

from __future__ import annotations

import importlib.resources
import importlib.util
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

import click

from littlelemon.contract import webtier
from littlelemon.local.secrets import DATA_DIR_ENV, data_dir, local_secret, local_web_tier_key

READY_DEADLINE_S = 90.0
STOP_DEADLINE_S = 10.0
POLL_INTERVAL_S = 0.2
DEMO_USERS = ("manager", "crew", "customer")
DYNAMODB_JAR = Path("node_modules/amplify-dynamodb-simulator/emulator/DynamoDBLocal.jar")
CLI = "from littlelemon.cli import main; main()"
MAIL_OUTBOX_TABLE = "littlelemon-mail-outbox"
MISSING_BOOKINGS_TABLE = (
    "bookings: littlelemon.bookings.table.ensure_table is not available; "
    "starting without the bookings table"
)


class StartupError(click.ClickException):
    """A service did not start; everything started so far is stopped."""


@dataclass
class Supervisor:
    """Starts child processes, remembers them, and stops them newest first."""

    env: dict[str, str]
    children: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)

    def run_to_completion(self, name: str, argv: list[str]) -> None:
        click.echo(f"{name}: running", err=True)
        if subprocess.run(argv, env=self.env, check=False).returncode != 0:  # noqa: S603
            raise StartupError(f"{name} failed")

    def start(
        self, name: str, argv: list[str], *, cwd: Path | None = None
    ) -> subprocess.Popen[bytes]:
        # A session of its own: Ctrl-C reaches only `up`, which then stops children in order.
        process = subprocess.Popen(argv, env=self.env, cwd=cwd, start_new_session=True)  # noqa: S603
        self.children.append((name, process))
        return process

    def wait_ready(self, name: str, url: str, process: subprocess.Popen[bytes]) -> None:
        """Poll `url` until it answers (any HTTP status) or the deadline passes."""
        deadline = time.monotonic() + READY_DEADLINE_S
        while time.monotonic() < deadline:
            if self.stopping.is_set():
                raise StartupError("interrupted")
            if process.poll() is not None:
                raise StartupError(f"{name} exited with status {process.returncode}")
            try:
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                    return
            except urllib.error.HTTPError:
                return  # it answered: DynamoDB Local says 400 to a bare GET
            except OSError:
                self.stopping.wait(POLL_INTERVAL_S)
        raise StartupError(f"{name} was not ready at {url} within {READY_DEADLINE_S:.0f} s")

    def watch(self) -> int:
        """Block until a signal asks to stop or a child dies; the exit status for `up`."""
        while not self.stopping.wait(0.5):
            for name, process in self.children:
                if process.poll() is not None:
                    click.echo(
                        f"{name} exited with status {process.returncode}; stopping", err=True
                    )
                    return 1
        return 0

    def stop_all(self) -> None:
        for name, process in reversed(self.children):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=STOP_DEADLINE_S)
                except subprocess.TimeoutExpired:
                    click.echo(f"{name}: did not stop in time, killing it", err=True)
                    process.kill()
                    process.wait()
        self.children.clear()


def _child_env(
    *,
    host: str,
    api_port: int,
    dynamodb_port: int,
    data: Path,
    web_port: int = 8000,
    outbox: bool = True,
) -> dict[str, str]:
    env = dict(os.environ)
    env[DATA_DIR_ENV] = str(data)
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("DJANGO_SETTINGS_MODULE", "littlelemon.api.settings")
    # The API issues tokens for, and the gateway's authorizer expects, this very gateway.
    env.setdefault("JWT_ISSUER", f"http://{host}:{api_port}")
    env.setdefault("API_BASE_URL", f"http://{host}:{api_port}")
    env.setdefault("AWS_ENDPOINT_URL_DYNAMODB", f"http://{host}:{dynamodb_port}")
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    env.setdefault("BOOKINGS_TABLE", "littlelemon-bookings")
    # One key for both tiers: the web signs the visitor's address, the api checks it.
    env.setdefault(webtier.KEY_VARIABLE, local_web_tier_key())
    # Reset links in e-mails point at the local web site.
    env.setdefault("WEB_BASE_URL", f"http://{host}:{web_port}")
    if outbox:
        # E-mail takes the AWS path: the API writes the outbox, a mailer delivers it.
        env.setdefault("MAIL_OUTBOX_TABLE", MAIL_OUTBOX_TABLE)
        env.setdefault("MAIL_OUTBOX_ENDPOINT_URL", f"http://{host}:{dynamodb_port}")
    else:
        env.setdefault("MAIL_FILE_DIR", str(data / "mail"))  # no DynamoDB: the API writes files
    return env


def _start_dynamodb(supervisor: Supervisor, *, host: str, port: int, data: Path) -> None:
    jar = DYNAMODB_JAR.resolve()
    if not jar.exists():
        raise StartupError(f"{DYNAMODB_JAR} is missing: run `npm ci` (or `make install`)")
    db_path = data / "dynamodb"
    db_path.mkdir(parents=True, exist_ok=True)
    argv = [
        "java",
        f"-Djava.library.path={jar.parent / 'DynamoDBLocal_lib'}",
        "-jar",
        str(jar),
        "-dbPath",
        str(db_path),
        # One database whatever the access key and region, so every client sees the table.
        "-sharedDb",
        "-port",
        str(port),
    ]
    # DynamoDB Local listens on all interfaces; it holds only local demo data.
    process = supervisor.start("dynamodb", argv, cwd=jar.parent)
    endpoint = f"http://{host}:{port}"
    supervisor.wait_ready("dynamodb", endpoint, process)
    if importlib.util.find_spec("littlelemon.bookings.table") is None:
        click.echo(MISSING_BOOKINGS_TABLE, err=True)
        return
    from littlelemon.bookings.table import ensure_table

    ensure_table(endpoint, supervisor.env["BOOKINGS_TABLE"])
    click.echo(f"ready: dynamodb {endpoint} (table {supervisor.env['BOOKINGS_TABLE']})", err=True)


def _start_mailer(supervisor: Supervisor, *, data: Path) -> None:
    """The outbox table in DynamoDB Local and the mailer that turns its items into .eml files."""
    import boto3

    from littlelemon.mailer.outbox import create_table_if_missing

    endpoint = supervisor.env["MAIL_OUTBOX_ENDPOINT_URL"]
    table = supervisor.env["MAIL_OUTBOX_TABLE"]
    client = boto3.client(
        "dynamodb",
        endpoint_url=endpoint,
        region_name=supervisor.env["AWS_DEFAULT_REGION"],
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    create_table_if_missing(client, table)
    folder = data / "mail"
    argv = [sys.executable, "-m", "littlelemon.mailer.local", "--endpoint", endpoint]
    supervisor.start("mailer", [*argv, "--table", table, "--folder", str(folder)])
    click.echo(f"ready: mail: every e-mail a user would get lands in {folder}/ (.eml)", err=True)


def _web_available() -> bool:
    return all(
        importlib.util.find_spec(module) is not None
        for module in ("littlelemon.web.wsgi", "gunicorn")
    )


def _start_web(supervisor: Supervisor, *, host: str, port: int) -> None:
    config = importlib.resources.files("littlelemon.web") / "gunicorn.conf.py"
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        str(config),
        "--bind",
        f"{host}:{port}",
        "littlelemon.web.wsgi:application",
    ]
    process = supervisor.start("web", argv)
    supervisor.wait_ready("web", f"http://{host}:{port}/health", process)
    click.echo(f"ready: web http://{host}:{port}", err=True)


def _demo_password() -> str:
    # The same source seed_demo uses: DEMO_PASSWORD, else one generated once and kept locally.
    return os.environ.get("DEMO_PASSWORD") or local_secret(
        "demo-password", lambda: secrets.token_urlsafe(12)
    )


def _install_signal_handlers(supervisor: Supervisor) -> None:
    def request_stop(signum: int, frame: FrameType | None) -> None:
        supervisor.stopping.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--web-port", default=8000, show_default=True, type=int)
@click.option("--api-port", default=8001, show_default=True, type=int)
@click.option("--dynamodb-port", default=8002, show_default=True, type=int)
@click.option("--no-web", is_flag=True, help="Do not start the web site.")
@click.option("--no-bookings", is_flag=True, help="Do not start DynamoDB Local.")
@click.option("--workers", is_flag=True, help="Run functions in Lambda-like worker processes.")
def command(
    host: str,
    web_port: int,
    api_port: int,
    dynamodb_port: int,
    no_web: bool,
    no_bookings: bool,
    workers: bool,
) -> None:
    """Run everything locally: web site, HTTP API emulator, DynamoDB Local."""
    data = data_dir().resolve()
    env = _child_env(
        host=host,
        api_port=api_port,
        dynamodb_port=dynamodb_port,
        data=data,
        web_port=web_port,
        outbox=not no_bookings,
    )
    supervisor = Supervisor(env=env)
    _install_signal_handlers(supervisor)
    status = 1
    try:
        supervisor.run_to_completion(
            "migrate", [sys.executable, "-c", CLI, "manage", "migrate", "--no-input"]
        )
        supervisor.run_to_completion(
            "seed_demo", [sys.executable, "-c", CLI, "manage", "seed_demo"]
        )
        if not no_bookings:
            _start_dynamodb(supervisor, host=host, port=dynamodb_port, data=data)
            _start_mailer(supervisor, data=data)
        else:
            click.echo(f"ready: mail: e-mails are written to {data / 'mail'}/ (.eml)", err=True)
        gateway_argv = [
            sys.executable,
            "-c",
            CLI,
            "gateway",
            "--host",
            host,
            "--port",
            str(api_port),
        ]
        if workers:
            gateway_argv.append("--workers")
        gateway = supervisor.start("gateway", gateway_argv)
        supervisor.wait_ready("gateway", f"http://{host}:{api_port}/health", gateway)
        click.echo(f"ready: api http://{host}:{api_port}", err=True)
        if not no_web and _web_available():
            _start_web(supervisor, host=host, port=web_port)
        elif not no_web:
            click.echo("web: littlelemon.web or gunicorn is not installed; not started", err=True)
        click.echo(
            f"ready: demo users {', '.join(DEMO_USERS)}, password {_demo_password()}", err=True
        )
        click.echo("ready: all services up; Ctrl-C stops them", err=True)
        status = supervisor.watch()
    finally:
        supervisor.stop_all()
        click.echo("stopped", err=True)
    sys.exit(status)

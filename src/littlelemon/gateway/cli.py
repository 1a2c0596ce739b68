"""`littlelemon gateway`: the local HTTP API (payload 2.0) emulator on 127.0.0.1:8001."""

from __future__ import annotations

import logging
import os
import signal
from types import FrameType

import click

from littlelemon.gateway.app import Gateway
from littlelemon.gateway.authorizer import JwtAuthorizer
from littlelemon.gateway.invokers import InProcessInvoker, Invoker, WorkerPoolInvoker
from littlelemon.gateway.routes import DEFAULT_ROUTE
from littlelemon.gateway.server import bound_port, make_server, serve_forever

DEFAULT_ISSUER = "http://127.0.0.1:8001"
DEFAULT_AUDIENCE = "littlelemon"


def build_gateway(
    *, in_process: bool, stage: str = DEFAULT_ROUTE, host: str = "localhost", max_instances: int = 4
) -> Gateway:
    """A gateway configured like the deployed HTTP API (issuer and audience from the env)."""
    invoker: Invoker = (
        InProcessInvoker() if in_process else WorkerPoolInvoker(max_instances=max_instances)
    )
    authorizer = JwtAuthorizer(
        issuer=os.environ.get("JWT_ISSUER") or DEFAULT_ISSUER,
        audience=os.environ.get("JWT_AUDIENCE") or DEFAULT_AUDIENCE,
    )
    return Gateway(invoker=invoker, authorizer=authorizer, stage=stage, domain_name=host)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option(
    "--in-process/--workers",
    "in_process",
    default=True,
    show_default=True,
    help="Run handlers in this process, or in Lambda-like worker processes.",
)
@click.option("--stage", default=DEFAULT_ROUTE, show_default=True, help="Stage name (path prefix).")
@click.option("--max-instances", default=4, show_default=True, help="Workers per function.")
def command(host: str, port: int, in_process: bool, stage: str, max_instances: int) -> None:
    """Serve the HTTP API routes locally, invoking the same Lambda handlers as AWS."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    gateway = build_gateway(
        in_process=in_process, stage=stage, host=host, max_instances=max_instances
    )
    server = make_server(gateway, host, port)

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt  # `littlelemon up` stops children with SIGTERM: stop cleanly

    signal.signal(signal.SIGTERM, stop)
    mode = "in-process" if in_process else f"workers (up to {max_instances} per function)"
    click.echo(f"ready: gateway http://{host}:{bound_port(server)} ({mode})", err=True)
    try:
        serve_forever(server)
    finally:
        gateway.invoker.close()

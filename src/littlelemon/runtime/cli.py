"""`littlelemon manage …` (Django's management commands for the API) and `littlelemon invoke`."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

import click

API_SETTINGS = "littlelemon.api.settings"


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command of the API (`littlelemon manage migrate`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", API_SETTINGS)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["littlelemon manage", *args])


@contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """Send whatever runs inside to stderr, so stdout carries only the result (as `sam
    local invoke` does: `littlelemon invoke api --event e.json | jq .statusCode` works).

    Loggers built at import (Powertools) hold the stdout object itself, so the file
    descriptor is moved too, not only `sys.stdout`.
    """
    stdout = sys.stdout
    stdout.flush()
    try:
        fd = stdout.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        fd = -1  # not a real file (click's test runner): the Python-level switch suffices
    saved = os.dup(fd) if fd >= 0 else -1
    if fd >= 0:
        os.dup2(sys.stderr.fileno(), fd)
    try:
        with redirect_stdout(sys.stderr):
            yield
    finally:
        stdout.flush()
        if saved >= 0:
            os.dup2(saved, fd)
            os.close(saved)


@click.command()
@click.argument("function_name", metavar="FUNCTION")
@click.option(
    "--event",
    "event_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
    help="JSON file with the event ('-' reads standard input).",
)
def invoke(function_name: str, event_file: Path) -> None:
    """Invoke one function of the route table with an event, as Lambda would; print its result."""
    from littlelemon.gateway.invokers import FunctionError, InProcessInvoker
    from littlelemon.gateway.routes import FUNCTIONS, function_named

    try:
        function = function_named(function_name)
    except KeyError as error:
        names = ", ".join(function.name for function in FUNCTIONS)
        raise click.BadParameter(f"unknown function; one of: {names}") from error
    text = sys.stdin.read() if str(event_file) == "-" else event_file.read_text()
    try:
        event = json.loads(text)
    except ValueError as error:
        raise click.BadParameter(f"the event is not JSON: {error}") from error
    try:
        with _stdout_to_stderr():
            result = InProcessInvoker().invoke(function, event, timeout_s=float(function.timeout_s))
    except FunctionError as error:
        raise click.ClickException(str(error)) from error
    click.echo(json.dumps(result, indent=2))

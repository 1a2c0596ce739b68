"""The management function's handler: `littlelemon.runtime.manage.handler`.

Runs one allowlisted Django command from an event `{"command": "migrate", "args": [...]}`
and returns `{"command", "args", "exit_status", "output"}`. The deploy invokes it to
migrate, with `"bootstrap"` credentials for the application user's creation
(littlelemon.runtime.bootstrap) that are never echoed back or logged. Anything else is
refused without running, with the reason in `error`.
"""

from __future__ import annotations

import io
import os
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "littlelemon.api.settings")

import django

from littlelemon.runtime.bootstrap import bootstrap_from_event
from littlelemon.runtime.observability import logger

# Commands safe to run unattended against the production database; never `flush`, `shell`,
# `dbshell` or `loaddata`. Commands that could prompt get --no-input.
ALLOWED_COMMANDS = frozenset(
    {
        "check",
        "clearsessions",
        "createcachetable",
        "createsuperuser",
        "flushexpiredtokens",
        "migrate",
        "seed_demo",
        "showmigrations",
    }
)
NON_INTERACTIVE = frozenset({"createsuperuser", "migrate"})
NOT_ALLOWED = "Command {command!r} is not allowed. Allowed: {allowed}."
BAD_EVENT = 'The event must be {"command": "<name>", "args": ["<string>", ...]}.'
REFUSED_STATUS = 2  # what argparse-based commands exit with on a usage error
BOOTSTRAP_FAILED_STATUS = 1

django.setup()


def _refusal(message: str, event: dict[str, Any]) -> dict[str, Any]:
    logger.warning("management command refused", extra={"reason": message})
    return {
        "command": event.get("command"),
        "args": event.get("args", []),
        "exit_status": REFUSED_STATUS,
        "output": "",
        "error": message,
    }


def _failure(command: str, args: list[str], message: str) -> dict[str, Any]:
    logger.error("management command not run", extra={"reason": message})
    return {
        "command": command,
        "args": args,
        "exit_status": BOOTSTRAP_FAILED_STATUS,
        "output": "",
        "error": message,
    }


def run_command(command: str, args: list[str]) -> tuple[int, str]:
    """(exit status, combined stdout and stderr) of one Django management command."""
    from django.core.management import CommandError, call_command

    output = io.StringIO()
    if command in NON_INTERACTIVE and "--no-input" not in args and "--noinput" not in args:
        args = [*args, "--no-input"]
    try:
        call_command(command, *args, stdout=output, stderr=output)
    except CommandError as error:
        output.write(f"CommandError: {error}\n")
        return error.returncode, output.getvalue()
    except SystemExit as exit_:  # argparse usage errors exit instead of raising
        return int(exit_.code or 0), output.getvalue()
    return 0, output.getvalue()


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Run the allowlisted command named in the event and report how it went."""
    if not isinstance(event, dict):
        return _refusal(BAD_EVENT, {})
    command = event.get("command")
    args = event.get("args", [])
    if not isinstance(command, str) or not (
        isinstance(args, list) and all(isinstance(arg, str) for arg in args)
    ):
        return _refusal(BAD_EVENT, event)
    if command not in ALLOWED_COMMANDS:
        allowed = ", ".join(sorted(ALLOWED_COMMANDS))
        return _refusal(NOT_ALLOWED.format(command=command, allowed=allowed), event)
    if command == "migrate":
        try:
            # The deploy's migrations runner sends {"bootstrap": ...}: the application
            # database user must exist before the migration can sign in as it.
            bootstrap_from_event(event)
        # The deploy must fail with the reason; PyMySQL's messages never hold the password.
        except Exception as error:
            return _failure(command, args, f"Database user bootstrap failed: {error}")
    exit_status, output = run_command(command, args)
    logger.info("management command", extra={"command": command, "exit_status": exit_status})
    return {"command": command, "args": args, "exit_status": exit_status, "output": output}

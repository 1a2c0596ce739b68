"""The `littlelemon` command: one entry point for running, bundling, pricing and deploying.

Subcommands load lazily, so `littlelemon --help` stays fast and each part of the
system keeps its command next to its code.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

# name -> "module:attribute" of a click command
COMMANDS: dict[str, str] = {
    "up": "littlelemon.local.up:command",
    "gateway": "littlelemon.gateway.cli:command",
    "manage": "littlelemon.runtime.cli:manage",
    "invoke": "littlelemon.runtime.cli:invoke",
    "bundle": "littlelemon.bundle.cli:command",
    "cost": "littlelemon.cost.cli:command",
    "synth": "littlelemon.deploy:synth",
    "deploy": "littlelemon.deploy:deploy",
    "destroy": "littlelemon.teardown:destroy",
    "status": "littlelemon.teardown:status",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported only when invoked."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command: Any = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=LazyGroup)
@click.version_option(package_name="littlelemon")
def main() -> None:
    """Little Lemon: run it locally, bundle it, price it, deploy it to AWS."""

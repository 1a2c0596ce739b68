"""Helpers shared by the infrastructure checks: synthesize a profile, hold its templates."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")
# The CDK app lives in `infra/` at the repository root, next to `src/`.
REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from aws_cdk import App, Stack  # noqa: E402
from aws_cdk.assertions import Template  # noqa: E402

from infra.app import build  # noqa: E402

LITTLELEMON = [sys.executable, "-c", "from littlelemon.cli import main; main()"]
BUNDLES = {"api": "api-lambda.zip", "bookings": "bookings-lambda.zip", "web": "web-eb.zip"}
PLACEHOLDER_NOTE = "PLACEHOLDER bundle for synthesis tests: not deployable"


@dataclass(frozen=True)
class Synthesized:
    """One synthesized profile: its stacks by short name, their templates, the assembly dir."""

    profile: str
    stacks: dict[str, Stack]
    templates: dict[str, Template]
    outdir: Path

    def template_json(self, name: str) -> dict[str, Any]:
        return self.templates[name].to_json()  # type: ignore[no-any-return]


def build_real_bundles(out: Path) -> bool:
    """Build the real bundles with `littlelemon bundle` (it caches wheels) when it exists."""
    if importlib.util.find_spec("littlelemon.bundle.cli") is None:
        return False
    for part in BUNDLES:
        completed = subprocess.run(
            [*LITTLELEMON, "bundle", part, "--out", str(out)],
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            # Loud on purpose: the checks must run on the real bundles when they can exist.
            raise RuntimeError(f"littlelemon bundle {part} failed:\n{completed.stderr[-3000:]}")
    return all((out / name).is_file() for name in BUNDLES.values())


def synthesize(bundles: dict[str, Path], outdir: Path, **context: Any) -> Synthesized:
    """Build the app with the given context (plus the bundle paths) and synthesize it."""
    app = App(
        outdir=str(outdir),
        context={
            "apiBundle": str(bundles["api"]),
            "bookingsBundle": str(bundles["bookings"]),
            "webBundle": str(bundles["web"]),
            "alarmEmail": "alarms@example.com",
            **context,
        },
    )
    app, stacks = build(app)
    app.synth()
    templates = {name: Template.from_stack(stack) for name, stack in stacks.items()}
    return Synthesized(str(context["profile"]), stacks, templates, outdir)


def resources(synth: Synthesized, kind: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(stack, logical id, resource) of every resource of `kind` in every stack."""
    for stack, template in synth.templates.items():
        for logical_id, resource in template.to_json().get("Resources", {}).items():
            if resource["Type"] == kind:
                yield stack, logical_id, resource


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def statements(synth: Synthesized) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every IAM statement of every identity policy and inline role policy."""
    for stack, logical_id, policy in resources(synth, "AWS::IAM::Policy"):
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            yield stack, logical_id, statement
    for stack, logical_id, role in resources(synth, "AWS::IAM::Role"):
        for inline in role["Properties"].get("Policies", []):
            for statement in inline["PolicyDocument"]["Statement"]:
                yield stack, logical_id, statement

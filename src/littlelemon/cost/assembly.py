"""Read the templates of a synthesized cloud assembly (`cdk.out/<profile>/`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STACK_ARTIFACT = "aws:cloudformation:stack"


class AssemblyError(FileNotFoundError):
    """The assembly directory holds no synthesized Little Lemon stacks."""


def profile_dir(assembly: Path, profile: str) -> Path:
    """Where `littlelemon synth --profile <profile>` writes that profile's assembly."""
    return assembly / profile


def load_templates(directory: Path) -> dict[str, dict[str, Any]]:
    """Templates of every stack in `directory`, keyed by part (`data`, `api`, ...)."""
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        raise AssemblyError(f"no cloud assembly in {directory} (run `littlelemon synth`)")
    manifest = json.loads(manifest_path.read_text())
    templates: dict[str, dict[str, Any]] = {}
    for artifact_id, artifact in manifest.get("artifacts", {}).items():
        if artifact.get("type") != STACK_ARTIFACT:
            continue
        properties = artifact.get("properties", {})
        stack_name = properties.get("stackName", artifact_id)
        part = stack_name.rsplit("-", 1)[-1]
        templates[part] = json.loads((directory / properties["templateFile"]).read_text())
    if not templates:
        raise AssemblyError(f"{manifest_path} lists no CloudFormation stacks")
    return templates

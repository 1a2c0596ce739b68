"""Synthesize each profile once per session and share the cloud assembly between the checks."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.infra.infra_support import (
    BUNDLES,
    PLACEHOLDER_NOTE,
    REPO_ROOT,
    Synthesized,
    build_real_bundles,
    synthesize,
)


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The three bundles the app deploys: real ones if they can be built, else placeholders."""
    # build/ is ignored by git; the bundler caches its wheels there, so only the first run
    # of this suite downloads anything.
    real = REPO_ROOT / "build" / "test-infra"
    if os.environ.get("LITTLELEMON_INFRA_PLACEHOLDER_BUNDLES") != "1" and build_real_bundles(real):
        return {part: real / name for part, name in BUNDLES.items()}
    out = tmp_path_factory.mktemp("bundles")
    for name in BUNDLES.values():
        with zipfile.ZipFile(out / name, "w") as archive:
            archive.writestr("PLACEHOLDER.txt", PLACEHOLDER_NOTE)
    return {part: out / name for part, name in BUNDLES.items()}


def _synthesis(name: str, doc: str, **context: str) -> Any:
    """A session fixture `name`: the app synthesized once with `context` (`-c key=value`)."""

    @pytest.fixture(scope="session", name=name)
    def synthesized_once(
        bundles: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
    ) -> Synthesized:
        return synthesize(bundles, tmp_path_factory.mktemp(f"cdk-{name}"), **context)

    synthesized_once.__doc__ = doc
    return synthesized_once


standard = _synthesis("standard", "The standard profile.", profile="standard")
lean = _synthesis("lean", "The lean profile.", profile="lean")
standard_with_domain = _synthesis(
    "standard_with_domain",
    "Standard with a custom domain and SnapStart on.",
    profile="standard",
    domainName="littlelemon.example.com",
    hostedZoneId="Z0123456789EXAMPLE",
    snapStart="true",
)
lean_staging = _synthesis(
    "lean_staging",
    "A second environment of the same profile, for the no-shared-names check.",
    profile="lean",
    env="staging",
)
lean_resolved = _synthesis(
    "lean_resolved",
    "Lean with what preflight passes: the current platform and an account's concurrency.",
    profile="lean",
    ebSolutionStack="64bit Amazon Linux 2023 v4.9.9 running Python 3.12",
    apiConcurrency="8",
    monthlyBudget="55",
)
lean_replicas = _synthesis(
    "lean_replicas",
    "Lean with two read replicas (`-c readReplicas=2`, issue 14).",
    profile="lean",
    readReplicas="2",
)


@pytest.fixture(params=["standard", "lean"])
def synthesized(request: pytest.FixtureRequest) -> Synthesized:
    """Each test that takes this runs once per profile (each profile synthesized once)."""
    profile: Synthesized = request.getfixturevalue(request.param)
    return profile

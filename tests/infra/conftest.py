"""Synthesize each profile once per session and share the cloud assembly between the checks."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from infra_support import (
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


@pytest.fixture(scope="session")
def standard(bundles: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synthesize(bundles, tmp_path_factory.mktemp("cdk-standard"), profile="standard")


@pytest.fixture(scope="session")
def lean(bundles: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    return synthesize(bundles, tmp_path_factory.mktemp("cdk-lean"), profile="lean")


@pytest.fixture(scope="session")
def standard_with_domain(
    bundles: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Synthesized:
    return synthesize(
        bundles,
        tmp_path_factory.mktemp("cdk-standard-domain"),
        profile="standard",
        domainName="littlelemon.example.com",
        hostedZoneId="Z0123456789EXAMPLE",
        snapStart="true",
    )


@pytest.fixture(params=["standard", "lean"])
def synthesized(request: pytest.FixtureRequest) -> Synthesized:
    """Each test that takes this runs once per profile (each profile synthesized once)."""
    profile: Synthesized = request.getfixturevalue(request.param)
    return profile


@pytest.fixture(scope="session")
def lean_staging(bundles: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Synthesized:
    """A second environment of the same profile, for the no-shared-names check."""
    return synthesize(
        bundles, tmp_path_factory.mktemp("cdk-lean-staging"), profile="lean", env="staging"
    )


@pytest.fixture(scope="session")
def lean_resolved(
    bundles: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Synthesized:
    """Lean with what preflight passes: the current platform and an account's concurrency."""
    return synthesize(
        bundles,
        tmp_path_factory.mktemp("cdk-lean-resolved"),
        profile="lean",
        ebSolutionStack="64bit Amazon Linux 2023 v4.9.9 running Python 3.12",
        apiConcurrency="8",
        monthlyBudget="55",
    )

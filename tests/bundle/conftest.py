"""The api zips the bundle tests share: each is built once per test run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from littlelemon.bundle import lambda_zip

REPOSITORY = Path(__file__).resolve().parents[2]
WHEELS = REPOSITORY / "build" / "wheels"
HERE_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"


@pytest.fixture(scope="session")
def api_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The api zip for this machine's CPU and Python, so it can be unpacked and run here."""
    return lambda_zip.build(
        "api",
        out_dir=tmp_path_factory.mktemp("api-bundle"),
        arch="x86_64",
        python_version=HERE_PYTHON,
        wheel_cache=WHEELS,
    )


@pytest.fixture(scope="session")
def lambda_api_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The api zip exactly as deployed: arm64, Python 3.12."""
    return lambda_zip.build(
        "api", out_dir=tmp_path_factory.mktemp("api-arm64"), arch="arm64", wheel_cache=WHEELS
    )

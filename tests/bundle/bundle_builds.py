"""The api zips the bundle test modules share, each built once per test run.

Not a conftest.py: the gateway tests import their own as `conftest`, and two such modules
on the path would shadow each other.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from littlelemon.bundle import lambda_zip

REPOSITORY = Path(__file__).resolve().parents[2]
WHEELS = REPOSITORY / "build" / "wheels"
HERE_PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
_built: dict[str, Path] = {}


def api_zip(factory: pytest.TempPathFactory, *, deployed: bool) -> Path:
    """The api zip as deployed (arm64, Python 3.12), or for this machine's CPU and Python."""
    key = "deployed" if deployed else "here"
    if key not in _built:
        out_dir = factory.mktemp(f"api-{key}")
        if deployed:
            _built[key] = lambda_zip.build("api", out_dir=out_dir, arch="arm64", wheel_cache=WHEELS)
        else:
            _built[key] = lambda_zip.build(
                "api",
                out_dir=out_dir,
                arch="x86_64",
                python_version=HERE_PYTHON,
                wheel_cache=WHEELS,
            )
    return _built[key]

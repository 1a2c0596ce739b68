"""From a `make up` venv (requirements/local.txt only), `littlelemon cost --profile both` works.

The venv is made the way the Makefile makes it (uv from requirements/uv.txt, then
`uv pip sync requirements/local.txt` and the package itself), so it lacks the CDK library:
the command must install requirements/deploy.txt by itself, build missing or stale bundles,
synthesize both profiles with that venv's interpreter and price them, with no traceback and
no jsii banner. uv reuses its download cache, so no run fetches a wheel twice; the deadline
bounds the whole test.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from littlelemon.ops.toolchain import INSTALLING, REPO_ROOT, uv_executable

DEADLINE_S = 900  # two syntheses and, when sources changed, three bundle builds


def sh(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        argv, capture_output=True, text=True, check=False, timeout=DEADLINE_S, **kwargs
    )


@pytest.fixture(scope="module")
def make_up_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    uv = uv_executable()
    assert uv is not None, "the dev venv has uv (requirements/uv.txt)"
    venv = tmp_path_factory.mktemp("make-up") / "venv"
    python = venv / "bin" / "python"
    for argv in (
        [sys.executable, "-m", "venv", str(venv)],
        [uv, "pip", "install", "--quiet", "--python", str(python), "--require-hashes",
         "-r", "requirements/uv.txt"],
        [uv, "pip", "sync", "--quiet", "--python", str(python), "requirements/local.txt"],
        [uv, "pip", "install", "--quiet", "--python", str(python), "--no-deps", "-e", "."],
    ):  # fmt: skip
        done = sh(argv, cwd=REPO_ROOT)
        assert done.returncode == 0, done.stderr
    missing = sh([str(python), "-c", "import aws_cdk"])
    assert missing.returncode != 0, "a make-up venv must start without the CDK library"
    return venv


@pytest.mark.e2e
def test_cost_both_profiles_works_from_a_make_up_venv(make_up_venv: Path, tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("JSII_", "VIRTUAL_ENV", "DJANGO_"))
    }
    environment["PATH"] = f"{make_up_venv / 'bin'}{os.pathsep}{environment.get('PATH', '')}"
    result = sh(
        [str(make_up_venv / "bin" / "littlelemon"), "cost", "--profile", "both",
         "--assembly", str(tmp_path / "cdk.out")],
        cwd=REPO_ROOT,
        env=environment,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    assert output.count(INSTALLING) == 1
    assert "Traceback" not in output
    assert "!!!!!!!!" not in output  # jsii's banner was handled, not printed
    assert "Summary  lean: US$" in result.stdout
    assert "standard: US$" in result.stdout
    check = sh([str(make_up_venv / "bin" / "python"), "-c", "import aws_cdk, cdk_nag"])
    assert check.returncode == 0
    for profile in ("lean", "standard"):
        assert (tmp_path / "cdk.out" / profile / "littlelemon-inputs.sha256").is_file()

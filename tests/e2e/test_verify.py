"""`littlelemon verify` against the real local stack (`littlelemon up` on free ports)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT, Stack

from littlelemon.ops.verify import CHECKS

VERIFY = [sys.executable, "-c", "from littlelemon.cli import main; main()", "verify"]


def verify(api: str, web: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*VERIFY, "--api", api, "--web", web],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.e2e
def test_verify_passes_every_check_on_the_running_system(stack: Stack) -> None:
    result = verify(stack.api, stack.web)
    assert result.returncode == 0, result.stdout + result.stderr
    verdicts = [line.split(" ", 1)[0] for line in result.stdout.splitlines()[: len(CHECKS)]]
    assert verdicts == ["PASS"] * len(CHECKS), result.stdout
    assert "refresh token: 403" in result.stdout
    assert "all checks passed" in result.stdout


@pytest.mark.e2e
def test_verify_fails_with_the_reason_when_the_web_url_is_not_the_site(stack: Stack) -> None:
    result = verify(stack.api, stack.api)  # the API is no web site: no CSP, no login form
    assert result.returncode == 1
    assert "FAIL web" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr

"""What `cost`, `synth`, `deploy` and `destroy` need on this machine, installed or named.

A `make up` virtualenv holds requirements/local.txt only; the CDK app also needs the
`infra` extra (aws-cdk-lib, constructs, cdk-nag). Those are installed on first use from the
hash-locked requirements/deploy.txt with uv, into the same venv, with one line saying so.
Node.js and the CDK CLI (package.json, `npm ci`) cannot be installed from here: their
absence stops the command with one line that says what to install.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, MutableMapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
DEPLOY_REQUIREMENTS = REPO_ROOT / "requirements" / "deploy.txt"
CDK_CLI = REPO_ROOT / "node_modules" / ".bin" / "cdk"
# What the CDK app (infra/app.py) imports beyond a `make up` venv.
DEPLOY_MODULES = ("aws_cdk", "constructs", "cdk_nag")

# https://docs.aws.amazon.com/cdk/v2/guide/node-versions.html: CDK supports Node 24 (until
# 2028-10-30) and 22 (until 2027-10-30); its support of Node 20 ended on 2026-10-30.
SUPPORTED_NODE_MAJORS = (22, 24)
# Node 20 is what this project's CI runs, and the pinned CDK works on it; jsii prints an
# end-of-life banner there, silenced for exactly that version (jsii's check-node reads a
# comma-separated list of versions from this variable).
KNOWN_WORKING_NODE_MAJOR = 20
JSII_SILENCE_EOL = "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"

INSTALLING = "installing the deploy requirements (requirements/deploy.txt: the AWS CDK library)"
NO_UV = "uv is missing from this venv: run `make install` first (it creates .venv with uv)"
INSTALL_FAILED = "installing requirements/deploy.txt failed (exit status {status})"
NO_NODE = (
    "Node.js is not installed: the AWS CDK needs it; install Node.js {supported} LTS "
    "(https://nodejs.org/), then run `npm ci` in the repository"
)
OLD_NODE = "Node.js {version} is too old for the AWS CDK: install Node.js {supported} LTS"
NO_NPX = "npx is not on PATH: it comes with Node.js; reinstall Node.js {supported} LTS"
NO_CDK_CLI = "the AWS CDK CLI is not installed: run `npm ci` (or `make install`) in the repository"
NODE_20_NOTE = (
    "note: Node.js 20 is past AWS CDK support (ended 2026-10-30); it works with this "
    "project's pinned CDK, but install Node.js 22 or 24 LTS"
)


class ToolMissingError(Exception):
    """A tool the command needs is absent; the message is the one line to print."""


Run = Callable[..., "subprocess.CompletedProcess[str]"]
Echo = Callable[[str], None]


def _supported() -> str:
    return " or ".join(str(major) for major in SUPPORTED_NODE_MAJORS)


def missing_modules(modules: tuple[str, ...] = DEPLOY_MODULES) -> list[str]:
    """The modules of `modules` this interpreter cannot import."""
    return [name for name in modules if importlib.util.find_spec(name) is None]


def uv_executable() -> str | None:
    """The venv's uv (requirements/uv.txt puts it next to python), else one on PATH."""
    beside = Path(sys.executable).parent / "uv"
    if beside.is_file():
        return str(beside)
    return shutil.which("uv")


def install_argv(uv: str, requirements: Path = DEPLOY_REQUIREMENTS) -> list[str]:
    """Add the locked deploy requirements to this venv (additive: nothing is removed)."""
    return [
        uv,
        "pip",
        "install",
        "--quiet",
        "--require-hashes",
        "--python",
        sys.executable,
        "-r",
        str(requirements),
    ]


def ensure_deploy_requirements(
    *, run: Run = subprocess.run, echo: Echo = print, missing: list[str] | None = None
) -> bool:
    """Install requirements/deploy.txt when the CDK library is missing; True if it did."""
    absent = missing_modules() if missing is None else missing
    if not absent:
        return False
    uv = uv_executable()
    if uv is None:
        raise ToolMissingError(NO_UV)
    echo(f"{INSTALLING} into {sys.prefix}")
    completed = run(install_argv(uv), check=False)
    if completed.returncode != 0:
        raise ToolMissingError(INSTALL_FAILED.format(status=completed.returncode))
    importlib.invalidate_caches()
    return True


def node_major(version: str) -> int | None:
    """19 from `v19.8.1`; None when the text is no Node version."""
    match = re.match(r"v?(\d+)\.", version.strip())
    return int(match.group(1)) if match else None


def check_node(
    *,
    run: Run | None = None,
    which: Callable[[str], str | None] | None = None,
    cdk_cli: Path = CDK_CLI,
    environ: MutableMapping[str, str] | None = None,
    echo: Echo = print,
) -> int:
    """Node.js, npx and the pinned CDK CLI are there; the Node major version.

    On Node 20 (past CDK support, known to work here) jsii's banner is silenced for exactly
    that version and one line says which versions to install instead.
    """
    supported = _supported()
    run = run or subprocess.run
    which = which or shutil.which
    environ = os.environ if environ is None else environ
    if which("node") is None:
        raise ToolMissingError(NO_NODE.format(supported=supported))
    completed = run(["node", "--version"], capture_output=True, text=True, check=False)
    version = (completed.stdout or "").strip()
    major = node_major(version)
    if major is None or major < KNOWN_WORKING_NODE_MAJOR:
        raise ToolMissingError(OLD_NODE.format(version=version or "?", supported=supported))
    if which("npx") is None:
        raise ToolMissingError(NO_NPX.format(supported=supported))
    if not cdk_cli.exists():
        raise ToolMissingError(NO_CDK_CLI)
    if major == KNOWN_WORKING_NODE_MAJOR:
        environ.setdefault(JSII_SILENCE_EOL, str(KNOWN_WORKING_NODE_MAJOR))
        echo(NODE_20_NOTE)
    return major


def ensure_toolchain(*, echo: Echo = print) -> None:
    """Everything synth needs: the deploy requirements, Node.js, npx, the CDK CLI."""
    ensure_deploy_requirements(echo=echo)
    check_node(echo=echo)

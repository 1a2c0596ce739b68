"""What `cost|synth|deploy|destroy` install, check and rebuild before they synthesize."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from littlelemon import deploy as deploy_module
from littlelemon.cost import cli as cost_cli
from littlelemon.ops import freshness, toolchain
from littlelemon.ops.toolchain import ToolMissingError, check_node, ensure_deploy_requirements


def tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_bundles_are_stale_when_missing_or_older_than_a_source(tmp_path: Path) -> None:
    tree(tmp_path, {"src/littlelemon/bookings/x.py": "a", "requirements/lambda-bookings.txt": ""})
    assert "bookings" in freshness.stale_bundles(tmp_path)
    bundle = tmp_path / freshness.BUNDLE_FILES["bookings"]
    bundle.parent.mkdir()
    bundle.write_bytes(b"zip")
    assert "bookings" not in freshness.stale_bundles(tmp_path)
    source = tmp_path / "src/littlelemon/bookings/x.py"
    later = bundle.stat().st_mtime + 10
    os.utime(source, (later, later))
    assert "bookings" in freshness.stale_bundles(tmp_path)
    # a byte-compiled file is no source
    cache = tmp_path / "src/littlelemon/bookings/__pycache__/x.cpython-311.pyc"
    cache.parent.mkdir()
    cache.write_bytes(b"")
    os.utime(source, (later - 20, later - 20))
    os.utime(cache, (later, later))
    assert "bookings" not in freshness.stale_bundles(tmp_path)


def test_the_inputs_digest_follows_infra_sources_bundles_and_context(tmp_path: Path) -> None:
    tree(tmp_path, {"infra/app.py": "one", "cdk.json": "{}", "build/api-lambda.zip": "z"})
    first = freshness.inputs_digest(context={}, root=tmp_path, profile="lean")
    assert first == freshness.inputs_digest(context={}, root=tmp_path, profile="lean")
    assert first != freshness.inputs_digest(context={}, root=tmp_path, profile="standard")
    assert first != freshness.inputs_digest(context={"a": "1"}, root=tmp_path, profile="lean")
    (tmp_path / "infra/app.py").write_text("two")
    assert first != freshness.inputs_digest(context={}, root=tmp_path, profile="lean")
    second = freshness.inputs_digest(context={}, root=tmp_path, profile="lean")
    (tmp_path / "build/api-lambda.zip").write_text("new bundle")
    assert second != freshness.inputs_digest(context={}, root=tmp_path, profile="lean")


def test_cost_resynthesizes_a_stale_assembly_and_reuses_a_current_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[list[str]] = []
    digest = {"value": "one"}

    def fake_run(argv: list[str]) -> None:
        runs.append(list(argv))
        if "synth" in argv:  # what `cdk synth` leaves behind
            out = Path(argv[argv.index("--output") + 1])
            out.mkdir(parents=True, exist_ok=True)
            (out / "manifest.json").write_text("{}")

    monkeypatch.setattr(deploy_module, "run", fake_run)
    monkeypatch.setattr(deploy_module, "ensure_toolchain", lambda: None)
    monkeypatch.setattr(freshness, "stale_bundles", lambda root=None: [])
    monkeypatch.setattr(
        freshness, "inputs_digest", lambda *, context, profile, root=None: digest["value"]
    )
    outdir = tmp_path / "lean"
    assert deploy_module.synth_if_stale(profile="lean", outdir=outdir) is True
    assert deploy_module.synth_if_stale(profile="lean", outdir=outdir) is False
    digest["value"] = "two"  # infra/ changed
    assert deploy_module.synth_if_stale(profile="lean", outdir=outdir) is True
    assert sum("synth" in argv for argv in runs) == 2
    assert cost_cli is not None


def completed(stdout: str = "", returncode: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess([], returncode, stdout=stdout, stderr="")


def which_all(name: str) -> str | None:
    return f"/usr/bin/{name}"


def test_missing_cdk_library_is_installed_from_the_deploy_lock_with_one_line() -> None:
    lines: list[str] = []
    calls: list[list[str]] = []

    def run(argv: list[str], check: bool) -> subprocess.CompletedProcess[str]:
        calls.append(argv)
        return completed()

    assert ensure_deploy_requirements(run=run, echo=lines.append, missing=["aws_cdk"]) is True
    assert len(lines) == 1
    assert "requirements/deploy.txt" in lines[0]
    (argv,) = calls
    assert argv[1:4] == ["pip", "install", "--quiet"]
    assert "--require-hashes" in argv
    assert argv[argv.index("--python") + 1] == sys.executable
    assert argv[-1] == str(toolchain.DEPLOY_REQUIREMENTS)
    assert ensure_deploy_requirements(run=run, echo=lines.append, missing=[]) is False
    assert toolchain.DEPLOY_REQUIREMENTS.is_file()


def test_a_failed_install_is_one_clear_line() -> None:
    with pytest.raises(ToolMissingError, match="exit status 3"):
        ensure_deploy_requirements(
            run=lambda argv, check: completed(returncode=3), echo=lambda line: None, missing=["x"]
        )


@pytest.mark.parametrize(
    ("which", "version", "cli_exists", "message"),
    [
        (lambda name: None, "", True, "Node.js is not installed"),
        (which_all, "v18.20.8", True, "too old"),
        (lambda name: None if name == "npx" else "/usr/bin/node", "v22.1.0", True, "npx"),
        (which_all, "v22.1.0", False, "npm ci"),
    ],
)
def test_absent_tools_are_named_in_one_line(
    tmp_path: Path, which: Any, version: str, cli_exists: bool, message: str
) -> None:
    cli = tmp_path / "cdk"
    if cli_exists:
        cli.write_text("")
    with pytest.raises(ToolMissingError, match=message) as raised:
        check_node(
            run=lambda argv, **kwargs: completed(version + "\n"),
            which=which,
            cdk_cli=cli,
            environ={},
            echo=lambda line: None,
        )
    assert "\n" not in str(raised.value)


def test_node_20_silences_jsii_for_exactly_that_version_and_says_what_to_install(
    tmp_path: Path,
) -> None:
    cli = tmp_path / "cdk"
    cli.write_text("")
    environ: dict[str, str] = {}
    lines: list[str] = []
    major = check_node(
        run=lambda argv, **kwargs: completed("v20.20.2\n"),
        which=which_all,
        cdk_cli=cli,
        environ=environ,
        echo=lines.append,
    )
    assert major == 20
    assert environ == {"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    assert lines == [toolchain.NODE_20_NOTE]
    environ.clear()
    check_node(
        run=lambda argv, **kwargs: completed("v22.11.0\n"),
        which=which_all,
        cdk_cli=cli,
        environ=environ,
        echo=lines.append,
    )
    assert environ == {}  # a supported Node prints no banner to silence


def test_cost_without_node_prints_one_line_and_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(freshness, "stale_bundles", lambda root=None: [])
    monkeypatch.setattr(toolchain.shutil, "which", lambda name: None)
    monkeypatch.setattr(toolchain, "missing_modules", lambda modules=(): [])
    result = CliRunner().invoke(
        cost_cli.command, ["--profile", "lean", "--assembly", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("Error: Node.js is not installed")
    assert result.exception is None or isinstance(result.exception, SystemExit)

"""`littlelemon synth|deploy|destroy`: the CDK command lines they build, never run here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner
from moto import mock_aws

from littlelemon import deploy as deploy_module
from littlelemon.api.core.keys import generate_private_key_pem, public_key_pem
from littlelemon.deploy import (
    app_command,
    bundle_argv,
    deploy,
    deploy_argv,
    destroy,
    destroy_argv,
    ensure_app_secret,
    parse_context,
    synth,
    synth_argv,
)
from tests.infra.infra_support import Synthesized

CDK = ["npx", "--no-install", "cdk"]
DEPLOY = ["-c", "alarmEmail=alarms@example.com", "--assembly"]


URLS = ("https://api.example.com", "https://www.example.com")


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record the command lines instead of running them; the account is faked at the edges:
    preflight (tested in test_preflight.py) adapts nothing, verify (tested against the
    local stack in tests/e2e/test_verify.py) records what it was given, every bundle is
    stale so its build shows."""
    from littlelemon.ops import freshness

    recorded: list[list[str]] = []
    monkeypatch.setattr(deploy_module, "run", lambda argv: recorded.append(list(argv)))
    monkeypatch.setattr(deploy_module, "ensure_toolchain", lambda: None)
    monkeypatch.setattr(freshness, "stale_bundles", lambda root=None: ["api", "bookings", "web"])
    monkeypatch.setattr(
        deploy_module,
        "preflight",
        lambda **kwargs: recorded.append(["preflight", kwargs["profile"]]) or {},
    )
    monkeypatch.setattr(deploy_module, "deployed_urls", lambda outputs_file: URLS)
    monkeypatch.setattr(
        deploy_module,
        "smoke_check",
        lambda **urls: recorded.append(["verify", urls["api_url"], urls["site_url"]]) or True,
    )
    return recorded


@pytest.fixture
def assembly(lean: Synthesized, tmp_path: Path) -> Path:
    """An assembly root whose `lean/` is the session's synthesized lean profile."""
    (tmp_path / "lean").symlink_to(lean.outdir)
    return tmp_path


@pytest.fixture
def secrets_client(monkeypatch: pytest.MonkeyPatch) -> Any:
    with mock_aws():
        client = boto3.client("secretsmanager", region_name="us-east-1")
        monkeypatch.setattr(deploy_module, "_secrets_client", lambda region: client)
        yield client


def test_synth_uses_the_pinned_cli_with_the_profile_first() -> None:
    argv = synth_argv(
        profile="standard",
        outdir=Path("cdk.out/standard"),
        context={"alarmEmail": "a@example.com", "domainName": "example.com"},
    )
    assert argv == [
        *CDK,
        "synth",
        "--quiet",
        "--app",
        app_command(),
        "--output",
        "cdk.out/standard",
        "-c",
        "profile=standard",
        "-c",
        "alarmEmail=a@example.com",
        "-c",
        "domainName=example.com",
    ]


def test_deploy_deploys_the_synthesized_assembly_and_asks_for_broadening_changes() -> None:
    assert deploy_argv(outdir=Path("cdk.out/lean")) == [
        *CDK,
        "deploy",
        "--app",
        "cdk.out/lean",
        "--all",
        "--require-approval",
        "broadening",
        "--outputs-file",
        "cdk.out/lean/outputs.json",
    ]


def test_deploy_with_yes_tells_cdk_not_to_ask_again() -> None:
    argv = deploy_argv(outdir=Path("cdk.out/lean"), approved=True)
    assert argv[argv.index("--require-approval") + 1] == "never"


def test_destroy_names_the_stacks() -> None:
    assert destroy_argv(outdir=Path("o"), stacks=["Web", "Api"]) == [
        *CDK,
        "destroy",
        "--app",
        "o",
        "Web",
        "Api",
        "--force",
    ]


def test_context_values_must_be_key_value() -> None:
    assert parse_context(["a=1", "b=x=y"]) == {"a": "1", "b": "x=y"}
    with pytest.raises(Exception, match="key=value"):
        parse_context(["oops"])


def test_synth_command_runs_one_cdk_synth(commands: list[list[str]], tmp_path: Path) -> None:
    result = CliRunner().invoke(
        synth, ["--profile", "lean", "--assembly", str(tmp_path), "-c", "snapStart=true"]
    )
    assert result.exit_code == 0, result.output
    assert commands[:3] == [bundle_argv("api"), bundle_argv("bookings"), bundle_argv("web")]
    assert commands[3:] == [
        [
            *CDK,
            "synth",
            "--quiet",
            "--app",
            app_command(),
            "--output",
            str(tmp_path / "lean"),
            "-c",
            "profile=lean",
            "-c",
            "snapStart=true",
        ]
    ]


def test_deploy_prints_the_estimate_and_stops_when_the_answer_is_no(
    commands: list[list[str]], assembly: Path, secrets_client: Any
) -> None:
    result = CliRunner().invoke(deploy, [*DEPLOY, str(assembly)], input="n\n")
    assert result.exit_code == 1
    assert "TOTAL" in result.output
    assert "RDS MySQL db.t4g.micro" in result.output
    # preflight first; the stale bundles are built, then synthesized and priced, never deployed
    assert commands[0] == ["preflight", "lean"]
    assert commands[1:4] == [bundle_argv("api"), bundle_argv("bookings"), bundle_argv("web")]
    assert [argv[3] for argv in commands[4:]] == ["synth"]
    assert secrets_client.list_secrets()["SecretList"] == []


def test_deploy_on_yes_creates_the_app_secret_once_then_deploys(
    commands: list[list[str]], assembly: Path, secrets_client: Any
) -> None:
    result = CliRunner().invoke(deploy, [*DEPLOY, str(assembly)], input="y\n")
    assert result.exit_code == 0, result.output
    assert "created the application secret littlelemon/app" in result.output
    # answered in the terminal: CDK still asks for broadening changes; then verify runs
    assert commands[-2] == deploy_argv(outdir=assembly / "lean")
    assert commands[-1] == ["verify", *URLS]
    value = json.loads(secrets_client.get_secret_value(SecretId="littlelemon/app")["SecretString"])
    assert set(value) == {
        "django_secret_key",
        "jwt_private_key",
        "jwt_public_key",
        "web_secret_key",
        "session_encryption_keys",
        "web_tier_key",
        "admin_password",
    }
    assert value["jwt_private_key"].startswith("-----BEGIN PRIVATE KEY-----")
    assert value["jwt_public_key"] == public_key_pem(value["jwt_private_key"])
    assert value["django_secret_key"] not in result.output

    again = CliRunner().invoke(deploy, [*DEPLOY, str(assembly), "--yes"])
    assert again.exit_code == 0, again.output
    assert "created the application secret" not in again.output
    # --yes answered our question: no CDK prompt either (it would hang without a terminal)
    assert commands[-2] == deploy_argv(outdir=assembly / "lean", approved=True)
    assert (
        json.loads(secrets_client.get_secret_value(SecretId="littlelemon/app")["SecretString"])
        == value
    )


def test_bundle_command_line_runs_this_interpreters_littlelemon() -> None:
    argv = bundle_argv("api")
    assert argv[1:] == ["-m", "littlelemon", "bundle", "api"]
    assert Path(argv[0]).name.startswith("python")


def test_deploy_refuses_to_start_without_an_alarm_email(
    commands: list[list[str]], tmp_path: Path
) -> None:
    result = CliRunner().invoke(deploy, ["--assembly", str(tmp_path), "--yes"])
    assert result.exit_code == 2
    assert "alarmEmail" in result.output
    assert commands == []


def test_ensure_app_secret_keeps_existing_values_and_adds_missing_keys(
    secrets_client: Any,
) -> None:
    secrets_client.create_secret(Name="custom/app", SecretString='{"django_secret_key": "x"}')
    assert ensure_app_secret(secrets_client, "custom/app") is False
    value = json.loads(secrets_client.get_secret_value(SecretId="custom/app")["SecretString"])
    assert value["django_secret_key"] == "x"
    assert {"jwt_private_key", "admin_password", "session_encryption_keys"} <= set(value)
    assert ensure_app_secret(secrets_client, "other/app") is True


def test_ensure_app_secret_gives_an_existing_private_key_its_own_public_half(
    secrets_client: Any,
) -> None:
    private = generate_private_key_pem()
    secrets_client.create_secret(
        Name="older/app", SecretString=json.dumps({"jwt_private_key": private})
    )
    ensure_app_secret(secrets_client, "older/app")
    value = json.loads(secrets_client.get_secret_value(SecretId="older/app")["SecretString"])
    assert value["jwt_private_key"] == private
    assert value["jwt_public_key"] == public_key_pem(private)
    # A private key replaced by hand: the next deploy derives its public half again.
    replaced = generate_private_key_pem()
    value["jwt_private_key"] = replaced
    secrets_client.put_secret_value(SecretId="older/app", SecretString=json.dumps(value))
    ensure_app_secret(secrets_client, "older/app")
    value = json.loads(secrets_client.get_secret_value(SecretId="older/app")["SecretString"])
    assert value["jwt_public_key"] == public_key_pem(replaced)


def test_destroy_keeps_the_data_stacks_unless_asked_and_says_what_stays(
    commands: list[list[str]], tmp_path: Path
) -> None:
    result = CliRunner().invoke(destroy, ["--assembly", str(tmp_path), "--yes"])
    assert result.exit_code == 0, result.output
    assert commands[-1] == destroy_argv(
        outdir=tmp_path / "lean", stacks=["Budget", "Observability", "Web", "Bookings", "Api"]
    )
    assert "--include-data" in result.output
    assert "littlelemon/app" in result.output


def test_destroy_with_data_lifts_deletion_protection_first_and_lists_the_final_snapshot(
    commands: list[list[str]], tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        destroy, ["--assembly", str(tmp_path), "--include-data"], input="y\n"
    )
    assert result.exit_code == 0, result.output
    *bundles, synth_unprotected, deploy_data, destroy_all = commands
    assert bundles == [bundle_argv("api"), bundle_argv("bookings"), bundle_argv("web")]
    assert "dbDeletionProtection=false" in synth_unprotected
    assert deploy_data == deploy_argv(outdir=tmp_path / "lean", stacks=["Data"])
    assert destroy_all[-3:] == ["Data", "Network", "--force"]
    assert "final DB snapshot" in result.output
    assert "aws rds delete-db-snapshot" in result.output
    assert "aws dynamodb delete-table" in result.output


def test_destroy_stops_when_the_answer_is_no(commands: list[list[str]], tmp_path: Path) -> None:
    result = CliRunner().invoke(destroy, ["--assembly", str(tmp_path)], input="n\n")
    assert result.exit_code == 1
    assert commands == []

"""Continuous delivery: the OIDC bootstrap stack, the workflow, its commands and its price."""

from __future__ import annotations

import json
import re
import shlex
from importlib import resources
from typing import Any

import click
import jsonschema
import pytest
import yaml
from aws_cdk import App
from aws_cdk.assertions import Annotations, Match, Template
from infra_support import REPO_ROOT

from infra.config import ConfigError
from infra.delivery_app import build
from infra.stacks.delivery import GITHUB_OIDC_URL, STS_AUDIENCE, DeliveryConfig
from littlelemon.cli import main
from littlelemon.cost.delivery import (
    DeliveryUsage,
    cdk_pipelines_lines,
    github_actions_lines,
    monthly_usd,
)

ACCOUNT = "123456789012"
REGION = "eu-west-1"
REPOSITORY = "acme/littlelemon"
WORKFLOW = REPO_ROOT / ".github" / "workflows" / "deploy.yml"
README = REPO_ROOT / "README.md"


def synth(**context: Any) -> tuple[App, Template]:
    app = App(
        context={
            "githubRepository": REPOSITORY,
            "account": ACCOUNT,
            "region": REGION,
            **context,
        }
    )
    app, stack = build(app)
    app.synth()
    return app, Template.from_stack(stack)


@pytest.fixture(scope="module")
def delivery() -> tuple[App, Template]:
    return synth()


def role_policy(template: Template, environment: str) -> dict[str, Any]:
    roles = template.find_resources(
        "AWS::IAM::Role", {"Properties": {"RoleName": f"littlelemon-github-deploy-{environment}"}}
    )
    (logical_id,) = roles
    policies = [
        resource["Properties"]["PolicyDocument"]
        for resource in template.find_resources("AWS::IAM::Policy").values()
        if {"Ref": logical_id} in resource["Properties"]["Roles"]
    ]
    (document,) = policies
    return document  # type: ignore[no-any-return]


def arn(value: Any) -> str:
    """An ARN of the template as the `aws` partition resolves it (Fn::Join on AWS::Partition)."""
    if isinstance(value, str):
        return value
    separator, parts = value["Fn::Join"]
    return separator.join("aws" if part == {"Ref": "AWS::Partition"} else part for part in parts)


def workflow() -> dict[str, Any]:
    loaded: dict[Any, Any] = yaml.safe_load(WORKFLOW.read_text())
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    if True in loaded:
        loaded["on"] = loaded.pop(True)
    return loaded


# --- the bootstrap stack ------------------------------------------------------------------


def test_github_oidc_provider_has_the_sts_audience_and_no_pinned_thumbprint(
    delivery: tuple[App, Template],
) -> None:
    _, template = delivery
    (provider,) = template.find_resources("AWS::IAM::OIDCProvider").values()
    assert provider["Properties"]["Url"] == GITHUB_OIDC_URL
    assert provider["Properties"]["ClientIdList"] == [STS_AUDIENCE]
    assert "ThumbprintList" not in provider["Properties"]


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_deploy_role_trusts_only_jobs_of_the_repository_in_its_environment(
    delivery: tuple[App, Template], environment: str
) -> None:
    _, template = delivery
    template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "RoleName": f"littlelemon-github-deploy-{environment}",
            "MaxSessionDuration": 3600,
            "AssumeRolePolicyDocument": {
                "Statement": [
                    {
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Effect": "Allow",
                        "Principal": {"Federated": {"Ref": Match.string_like_regexp("GitHub")}},
                        "Condition": {
                            "StringEquals": {
                                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                                "token.actions.githubusercontent.com:sub": (
                                    f"repo:{REPOSITORY}:environment:{environment}"
                                ),
                            }
                        },
                    }
                ]
            },
        },
    )


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_deploy_role_may_assume_exactly_the_three_cdk_bootstrap_roles_and_its_secret(
    delivery: tuple[App, Template], environment: str
) -> None:
    _, template = delivery
    statements = {s["Sid"]: s for s in role_policy(template, environment)["Statement"]}
    assert set(statements) == {"AssumeCdkBootstrapRoles", "ManageTheEnvironmentsAppSecret"}
    assume = statements["AssumeCdkBootstrapRoles"]
    assert assume["Action"] == "sts:AssumeRole"
    assert sorted(arn(resource) for resource in assume["Resource"]) == [
        f"arn:aws:iam::{ACCOUNT}:role/cdk-hnb659fds-deploy-role-{ACCOUNT}-{REGION}",
        f"arn:aws:iam::{ACCOUNT}:role/cdk-hnb659fds-file-publishing-role-{ACCOUNT}-{REGION}",
        f"arn:aws:iam::{ACCOUNT}:role/cdk-hnb659fds-lookup-role-{ACCOUNT}-{REGION}",
    ]
    secret = statements["ManageTheEnvironmentsAppSecret"]
    assert arn(secret["Resource"]) == (
        f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:littlelemon/{environment}/app-??????"
    )
    assert "secretsmanager:DeleteSecret" not in secret["Action"]


def test_no_delivery_statement_names_a_wildcard_resource(delivery: tuple[App, Template]) -> None:
    _, template = delivery
    resources_named = [
        arn(resource)
        for policy in template.find_resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        for resource in (
            statement["Resource"]
            if isinstance(statement["Resource"], list)
            else [statement["Resource"]]
        )
    ]
    assert len(resources_named) == 8  # 2 environments x (3 roles + 1 secret)
    for resource in resources_named:
        # the only wildcard allowed: the six random characters Secrets Manager appends
        assert "*" not in resource
        assert "?" not in resource.removesuffix("-??????")


def test_an_existing_oidc_provider_is_reused_instead_of_created() -> None:
    arn = f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"
    _, template = synth(githubOidcProviderArn=arn, githubEnvironments="staging")
    template.resource_count_is("AWS::IAM::OIDCProvider", 0)
    template.has_resource_properties(
        "AWS::IAM::Role",
        {
            "AssumeRolePolicyDocument": {
                "Statement": [Match.object_like({"Principal": {"Federated": arn}})]
            }
        },
    )


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"githubRepository": ""}, "githubRepository"),
        ({"githubRepository": "not a repository"}, "githubRepository"),
        ({"githubEnvironments": "Staging!"}, "githubEnvironments"),
    ],
)
def test_bad_delivery_context_stops_synthesis_naming_the_key(
    context: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        synth(**context)


def test_cdk_nag_reports_no_error_on_the_delivery_stack(delivery: tuple[App, Template]) -> None:
    app, _ = delivery
    (stack,) = [child for child in app.node.children if child.node.id == "Delivery"]
    errors = Annotations.from_stack(stack).find_error(  # type: ignore[arg-type]
        "*", Match.string_like_regexp("AwsSolutions-.*")
    )
    assert [error.entry.data for error in errors] == []


# --- the workflow -------------------------------------------------------------------------


def github_workflow_schema() -> dict[str, Any]:
    """SchemaStore's schema of GitHub workflows, as check-jsonschema vendors it."""
    schemas = resources.files("check_jsonschema") / "builtin_schemas" / "vendor"
    loaded: dict[str, Any] = json.loads((schemas / "github-workflows.json").read_text())
    return loaded


def test_workflow_is_valid_under_the_github_workflow_schema() -> None:
    jsonschema.validate(workflow(), github_workflow_schema())


def test_the_schema_check_rejects_a_misspelt_permission() -> None:
    broken = workflow()
    broken["jobs"]["staging"]["permissions"]["id-token"] = "wrte"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, github_workflow_schema())


def test_workflow_tests_then_deploys_staging_then_production_in_their_environments() -> None:
    jobs = workflow()["jobs"]
    assert list(jobs) == ["test", "staging", "production"]
    assert "needs" not in jobs["test"]
    assert jobs["staging"]["needs"] == "test"
    assert jobs["production"]["needs"] == "staging"
    # the GitHub environment is what the role's `sub` condition names, and where the
    # required reviewers of production hold the job
    assert jobs["staging"]["environment"] == "staging"
    assert jobs["production"]["environment"] == "production"
    assert "environment" not in jobs["test"]


def test_only_the_deploy_jobs_may_ask_for_an_oidc_token() -> None:
    loaded = workflow()
    assert loaded["permissions"] == {"contents": "read"}
    jobs = loaded["jobs"]
    assert "permissions" not in jobs["test"]
    for name in ("staging", "production"):
        assert jobs[name]["permissions"] == {"contents": "read", "id-token": "write"}
        credentials = [
            s for s in jobs[name]["steps"] if "configure-aws-credentials" in s.get("uses", "")
        ]
        (step,) = credentials
        assert step["with"]["role-to-assume"] == "${{ vars.AWS_DEPLOY_ROLE_ARN }}"
        assert "aws-access-key-id" not in step["with"]


def test_no_key_or_secret_is_referenced_by_the_workflow() -> None:
    assert "secrets." not in WORKFLOW.read_text()
    assert "AWS_SECRET_ACCESS_KEY" not in WORKFLOW.read_text()


def run_lines(job: dict[str, Any]) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def test_each_job_runs_the_right_commands_in_order() -> None:
    jobs = workflow()["jobs"]
    assert run_lines(jobs["test"])[-1] == "make test"
    for name in ("staging", "production"):
        lines = run_lines(jobs[name])
        assert lines[0] == "make dev"
        deploy, verify = (shlex.split(line) for line in lines[1:])
        assert deploy[:3] == [".venv/bin/littlelemon", "deploy", "--yes"]
        assert f"env={name}" in deploy
        # the secret the deploy creates is the one the environment's role may manage
        secret = DeliveryConfig(repository=REPOSITORY).app_secret_name(name)
        assert f"appSecretName={secret}" in deploy
        assert verify[:2] == [".venv/bin/littlelemon", "verify"]
        assert f"env={name}" in verify


def readme_commands() -> set[str]:
    """Every command line in the README's shell code blocks, without its trailing comment."""
    blocks = re.findall(r"```(?:sh|bash)\n(.*?)```", README.read_text(), flags=re.DOTALL)
    commands = set()
    for block in blocks:
        for raw in block.splitlines():
            command = re.sub(r"\s+#.*$", "", raw).strip()
            if command and not command.startswith("#"):
                commands.add(command)
    return commands


def test_every_command_the_workflow_runs_is_documented_in_the_readme() -> None:
    documented = readme_commands()
    run = [line for job in workflow()["jobs"].values() for line in run_lines(job)]
    assert len(run) == 8
    assert [line for line in run if line not in documented] == []


# --- the price ----------------------------------------------------------------------------


def test_github_actions_costs_nothing_for_a_public_repository_or_within_the_allowance() -> None:
    assert monthly_usd(github_actions_lines(DeliveryUsage(private_repository=False))) == 0
    within = DeliveryUsage(releases_per_month=10)  # 10 x (45 + 2 x 25) = 950 minutes
    assert within.runner_minutes == 950
    assert monthly_usd(github_actions_lines(within)) == 0


def test_github_actions_bills_the_minutes_past_the_allowance_at_the_linux_rate() -> None:
    busy = DeliveryUsage(releases_per_month=40)  # 3,800 minutes, 1,800 past 2,000
    (line,) = github_actions_lines(busy)
    assert line.quantity == 1_800
    assert monthly_usd([line]) == pytest.approx(1_800 * 0.006)


def test_cdk_pipelines_prices_codebuild_and_codepipeline_minutes() -> None:
    usage = DeliveryUsage()  # 20 releases
    pipeline, build_minutes = cdk_pipelines_lines(usage)
    # builds: 20 x (45 test + 6 overhead + 2 x 3 verify) = 1,140, less 100 free
    assert build_minutes.quantity == 1_040
    # actions: the builds plus 20 x 2 x 25 deploy minutes = 2,140, less 100 free
    assert pipeline.quantity == 2_040
    assert monthly_usd([pipeline, build_minutes]) == pytest.approx(2_040 * 0.002 + 1_040 * 0.005)
    assert monthly_usd([pipeline, build_minutes]) > monthly_usd(github_actions_lines(usage))


def test_every_littlelemon_command_of_the_workflow_parses_with_its_options() -> None:
    """The options the workflow passes exist (a renamed option fails here, not in CI)."""
    runs = [
        shlex.split(line)
        for job in workflow()["jobs"].values()
        for line in run_lines(job)
        if line.startswith(".venv/bin/littlelemon ")
    ]
    assert {argv[1] for argv in runs} == {"deploy", "verify"}
    for argv in runs:
        name, args = argv[1], argv[2:]
        group_context = click.Context(main)
        command = main.get_command(group_context, name)
        assert command is not None, f"littlelemon has no {name} command"
        context = command.make_context(name, list(args), parent=group_context)
        assert context.params  # parsed into the command's own parameters

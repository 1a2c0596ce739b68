"""The migrations custom resource as synthesized: Provider framework, exact IAM, no passwords."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk.assertions import Match
from infra_support import Synthesized

RUNNER = "migrations_runner.on_event"


def functions(synth: Synthesized) -> dict[str, dict[str, Any]]:
    template = synth.template_json("api")
    return {
        logical_id: resource
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == "AWS::Lambda::Function"
    }


def test_the_runner_is_the_provider_frameworks_handler_and_outlives_the_manage_function(
    synthesized: Synthesized,
) -> None:
    runner = next(
        f for f in functions(synthesized).values() if f["Properties"]["Handler"] == RUNNER
    )
    manage = next(
        f
        for f in functions(synthesized).values()
        if f["Properties"]["Handler"] == "littlelemon.runtime.manage.handler"
    )
    assert "ZipFile" not in runner["Properties"]["Code"]  # a module asset, not inline code
    assert runner["Properties"]["Timeout"] > manage["Properties"]["Timeout"]
    assert runner["Properties"]["Environment"]["Variables"]["MANAGE_TIMEOUT_S"] == str(
        manage["Properties"]["Timeout"]
    )
    # the custom resource goes to the framework, not to the runner itself
    resource = next(
        r
        for r in synthesized.template_json("api")["Resources"].values()
        if r["Type"] == "Custom::DjangoMigrate"
    )
    token = json.dumps(resource["Properties"]["ServiceToken"])
    assert "Provider" in token
    assert "Runner" not in token


def test_no_function_configuration_holds_a_database_password(synthesized: Synthesized) -> None:
    for stack in synthesized.templates:
        template = synthesized.template_json(stack)
        for logical_id, resource in template["Resources"].items():
            if resource["Type"] != "AWS::Lambda::Function":
                continue
            variables = resource["Properties"].get("Environment", {}).get("Variables", {})
            text = json.dumps(variables)
            assert not [name for name in variables if "PASSWORD" in name and "DATABASE" in name]
            # the RDS-managed master secret (GetAtt ...MasterUserSecret.SecretArn), resolved
            # into a variable, was how the master password got there
            assert "MasterUserSecret" not in text, logical_id


def test_lean_runner_reads_exactly_the_master_secret(lean: Synthesized) -> None:
    lean.templates["api"].has_resource_properties(
        "Custom::DjangoMigrate",
        {"MasterUser": "llmaster", "MasterSecretArn": Match.any_value()},
    )
    reads = [
        statement
        for statement in _statements(lean.template_json("api"))
        if "secretsmanager:GetSecretValue" in _as_list(statement["Action"])
    ]
    assert len(reads) == 1
    assert "*" not in json.dumps(reads[0]["Resource"])
    assert len(_as_list(reads[0]["Resource"])) == 1


def test_runner_may_describe_only_its_own_stack(synthesized: Synthesized) -> None:
    describes = [
        statement
        for statement in _statements(synthesized.template_json("api"))
        if "cloudformation:DescribeStacks" in _as_list(statement["Action"])
    ]
    assert [statement["Resource"] for statement in describes] == [{"Ref": "AWS::StackId"}]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _statements(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        statement
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::IAM::Policy"
        for statement in resource["Properties"]["PolicyDocument"]["Statement"]
    ]


def test_standard_runner_reads_exactly_the_master_and_the_app_user_secret(
    standard: Synthesized,
) -> None:
    standard.templates["api"].has_resource_properties(
        "Custom::DjangoMigrate",
        {"MasterSecretArn": Match.any_value(), "AppUserSecretArn": Match.any_value()},
    )
    reads = [
        statement
        for statement in _statements(standard.template_json("api"))
        if "secretsmanager:GetSecretValue" in _as_list(statement["Action"])
    ]
    assert len(reads) == 1
    assert len(_as_list(reads[0]["Resource"])) == 2
    assert "*" not in json.dumps(reads[0]["Resource"])

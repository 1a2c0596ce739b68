"""Read replicas in the cost model (and, with -c readReplicas=N, in the data stack)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aws_cdk.assertions import Annotations, Match
from cfnlint.api import ManualArgs, lint
from infra_support import Synthesized, resources, statements, synthesize

from infra.config import ConfigError
from littlelemon.cost.assembly import load_templates
from littlelemon.cost.model import Usage, estimate
from littlelemon.cost.prices import HOURS_PER_MONTH, PRICES

PRIMARY: dict[str, Any] = {
    "Type": "AWS::RDS::DBInstance",
    "Properties": {"DBInstanceClass": "db.t4g.micro", "AllocatedStorage": "20"},
}


def replica(**properties: Any) -> dict[str, Any]:
    return {
        "Type": "AWS::RDS::DBInstance",
        "Properties": {
            "DBInstanceClass": "db.t4g.micro",
            "SourceDBInstanceIdentifier": {"Ref": "Database"},
            **properties,
        },
    }


def test_each_read_replica_bills_its_instance_hours_and_a_copy_of_the_storage() -> None:
    templates = {"data": {"Resources": {"P": PRIMARY, "R1": replica(), "R2": replica()}}}

    lines = estimate(templates, profile="lean", usage=Usage()).lines

    replicas = [line for line in lines if "read replica db.t4g.micro" in line.item]
    assert [line.quantity for line in replicas] == [HOURS_PER_MONTH, HOURS_PER_MONTH]
    assert sum(line.usd for line in replicas) == 2 * 730 * PRICES["rds.db.t4g.micro.hour"].usd
    storage = [line for line in lines if line.item.startswith("RDS read replica storage")]
    # without its own AllocatedStorage a replica copies the primary's 20 GB
    assert [line.quantity for line in storage] == [20.0, 20.0]


def test_a_replica_with_its_own_storage_is_priced_on_that() -> None:
    templates = {"data": {"Resources": {"P": PRIMARY, "R": replica(AllocatedStorage="50")}}}

    lines = estimate(templates, profile="lean", usage=Usage()).lines

    (storage,) = [line for line in lines if line.item.startswith("RDS read replica storage")]
    assert storage.quantity == 50.0


# --- the data stack with -c readReplicas=2 -------------------------------------------------


def db_instances(synth: Synthesized) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    found = [resource for _, _, resource in resources(synth, "AWS::RDS::DBInstance")]
    (primary,) = [r for r in found if "SourceDBInstanceIdentifier" not in r["Properties"]]
    return primary, [r for r in found if "SourceDBInstanceIdentifier" in r["Properties"]]


def api_environment(synth: Synthesized, handler: str) -> dict[str, Any]:
    (function,) = [
        resource
        for _, _, resource in resources(synth, "AWS::Lambda::Function")
        if resource["Properties"].get("Handler") == handler
    ]
    variables: dict[str, Any] = function["Properties"]["Environment"]["Variables"]
    return variables


def test_read_replicas_copy_the_primarys_class_network_and_encryption(
    lean_replicas: Synthesized,
) -> None:
    primary, replicas = db_instances(lean_replicas)
    assert len(replicas) == 2
    for replica in replicas:
        properties = replica["Properties"]
        assert properties["DBInstanceClass"] == primary["Properties"]["DBInstanceClass"]
        assert properties["VPCSecurityGroups"] == primary["Properties"]["VPCSecurityGroups"]
        assert properties["PubliclyAccessible"] is False
        # encryption comes from the (encrypted) source; RDS refuses StorageEncrypted here
        assert "StorageEncrypted" not in properties
        assert primary["Properties"]["StorageEncrypted"] is True
        assert properties["EnableIAMDatabaseAuthentication"] is True
        assert properties["DBParameterGroupName"] == primary["Properties"]["DBParameterGroupName"]
        assert replica["DeletionPolicy"] == "Delete"  # RDS takes no snapshot of a replica


def test_without_the_option_there_is_no_replica(lean: Synthesized) -> None:
    _, replicas = db_instances(lean)
    assert replicas == []
    assert "DATABASE_REPLICA_URLS" not in api_environment(lean, "littlelemon.runtime.api.handler")


def test_the_api_function_reads_from_the_replicas_and_may_connect_to_each(
    lean_replicas: Synthesized,
) -> None:
    environment = api_environment(lean_replicas, "littlelemon.runtime.api.handler")
    urls = environment["DATABASE_REPLICA_URLS"]
    (separator, parts) = urls["Fn::Join"]
    assert separator == ""
    text = "".join(part if isinstance(part, str) else "<endpoint>" for part in parts)
    assert text == (
        "mysql://littlelemon@<endpoint>:3306/littlelemon,mysql://littlelemon@<endpoint>:3306/littlelemon"
    )
    manage = api_environment(lean_replicas, "littlelemon.runtime.manage.handler")
    assert "DATABASE_REPLICA_URLS" not in manage  # migrations only ever touch the primary
    connect = [
        statement
        for _, _, statement in statements(lean_replicas)
        if statement.get("Action") == "rds-db:connect"
    ]
    assert connect
    replica_grants = [s for s in connect if isinstance(s["Resource"], list)]
    assert any(len(s["Resource"]) == 2 for s in replica_grants)
    for statement in connect:
        for arn in (
            statement["Resource"]
            if isinstance(statement["Resource"], list)
            else [statement["Resource"]]
        ):
            assert "*" not in str(arn)
            assert "dbuser:" in str(arn)
            assert "/littlelemon" in str(arn)


def test_cfn_lint_finds_no_error_with_replicas(lean_replicas: Synthesized) -> None:
    templates = sorted(lean_replicas.outdir.glob("*.template.json"))
    assert templates
    for template in templates:
        matches = lint(template.read_text(), config=ManualArgs(regions=["us-east-1"]))
        assert [f"{template.name}: {m}" for m in matches if m.rule.id.startswith("E")] == []


def test_cdk_nag_reports_no_unsuppressed_error_with_replicas(lean_replicas: Synthesized) -> None:
    findings = [
        f"{name}: {error.id} {error.entry.data}"
        for name, stack in lean_replicas.stacks.items()
        for error in Annotations.from_stack(stack).find_error(
            "*", Match.string_like_regexp("AwsSolutions-.*")
        )
    ]
    assert findings == []


def test_the_estimate_of_the_synthesized_profile_prices_both_replicas(
    lean: Synthesized, lean_replicas: Synthesized
) -> None:
    without = estimate(load_templates(lean.outdir), profile="lean", usage=Usage())
    with_two = estimate(load_templates(lean_replicas.outdir), profile="lean", usage=Usage())
    per_replica = HOURS_PER_MONTH * PRICES["rds.db.t4g.micro.hour"].usd + 20 * (
        PRICES["rds.storage.gp3.gb_month"].usd
    )
    assert with_two.total - without.total == pytest.approx(2 * per_replica)


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ({"profile": "standard", "readReplicas": "1"}, "without RDS Proxy"),
        ({"profile": "lean", "readReplicas": "9"}, "readReplicas must be 0 to 5"),
        ({"profile": "lean", "readReplicas": "two"}, "whole number"),
    ],
)
def test_bad_replica_counts_stop_synthesis_naming_the_key(
    bundles: dict[str, Path], tmp_path: Path, context: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        synthesize(bundles, tmp_path, **context)

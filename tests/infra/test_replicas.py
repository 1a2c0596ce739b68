"""Read replicas in the cost model (and, with -c readReplicas=N, in the data stack)."""

from __future__ import annotations

from typing import Any

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

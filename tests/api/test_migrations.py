"""Data migrations: names that differ only by case are renamed deterministically, then unique."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_case_duplicates_are_renamed_oldest_first_before_the_constraints() -> None:
    before = [("accounts", "0002_login_sessions"), ("menu", "0001_initial")]
    old_apps = _migrate(before)
    try:
        user = old_apps.get_model("auth", "User")
        if connection.vendor == "mysql":
            # MariaDB/MySQL's case-insensitive collation already enforced the rule: there
            # is nothing to rename, and the old unique index refuses the duplicate.
            user.objects.create(username="Dup")
            with pytest.raises(IntegrityError), transaction.atomic():
                user.objects.create(username="dup")
            return
        first = user.objects.create(username="Dup")
        second = user.objects.create(username="dup")
        third = user.objects.create(username="DUP")
        category = old_apps.get_model("menu", "Category")
        mains = category.objects.create(slug="mains", title="Mains")
        shouting = category.objects.create(slug="MAINS", title="MAINS")

        new_apps = _migrate(_latest())

        names = dict(new_apps.get_model("auth", "User").objects.values_list("pk", "username"))
        assert names == {
            first.pk: "Dup",
            second.pk: f"dup-{second.pk}",
            third.pk: f"DUP-{third.pk}",
        }
        rows = new_apps.get_model("menu", "Category").objects.order_by("pk")
        assert [(row.slug, row.title) for row in rows] == [
            ("mains", "Mains"),
            (f"MAINS-{shouting.pk}", f"MAINS ({shouting.pk})"),
        ]
        assert mains.pk < shouting.pk
    finally:
        _migrate(_latest())

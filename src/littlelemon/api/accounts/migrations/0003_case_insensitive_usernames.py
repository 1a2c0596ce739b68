"""Usernames unique ignoring case on every database (MariaDB's collation already did so).

`auth.User` is Django's model, so its Meta cannot carry the constraint: this migration adds
a unique index on LOWER(username) through the schema editor (SQLite, PostgreSQL, MySQL 8;
MariaDB has no expression indexes, and its case-insensitive collation makes the existing
unique index enforce the same rule). Existing accounts that differ only by case are renamed
first, deterministically: the oldest (lowest id) keeps its name, each later one gets its id
appended (`Customer` -> `Customer-7`); the sign-up serializer checks the same rule.
"""

from __future__ import annotations

from django.db import migrations, models
from django.db.models.functions import Lower

CONSTRAINT = "auth_user_username_unique_ci"
MAX_USERNAME = 150


def _constraint() -> models.UniqueConstraint:
    return models.UniqueConstraint(Lower("username"), name=CONSTRAINT)


def rename_case_duplicates(apps, schema_editor):  # type: ignore[no-untyped-def]
    user = apps.get_model("auth", "User")
    seen: set[str] = set()
    for row in user.objects.using(schema_editor.connection.alias).order_by("pk"):
        if row.username.lower() in seen:
            suffix = f"-{row.pk}"
            row.username = f"{row.username[: MAX_USERNAME - len(suffix)]}{suffix}"
            row.save(update_fields=["username"])
        seen.add(row.username.lower())


def add_constraint(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.add_constraint(apps.get_model("auth", "User"), _constraint())


def remove_constraint(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.remove_constraint(apps.get_model("auth", "User"), _constraint())


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_login_sessions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [
        migrations.RunPython(rename_case_duplicates, migrations.RunPython.noop),
        migrations.RunPython(add_constraint, remove_constraint),
    ]

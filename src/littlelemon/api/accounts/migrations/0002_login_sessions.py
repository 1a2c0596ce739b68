"""Login sessions: what logout ends (every token carries its session id, `sid`)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import littlelemon.api.accounts.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_role_groups"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LoginSession",
            fields=[
                (
                    "id",
                    models.CharField(
                        default=littlelemon.api.accounts.models.new_session_id,
                        max_length=32,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("expires_at", models.DateTimeField()),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                ("revoked_reason", models.CharField(blank=True, max_length=32)),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="login_sessions",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["user", "expires_at"], name="login_session_user_exp")
                ],
            },
        ),
    ]

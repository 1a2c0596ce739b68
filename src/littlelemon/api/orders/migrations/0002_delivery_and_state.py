"""Orders get a state (received ... delivered, cancelled) and delivery details."""

from django.conf import settings
from django.db import migrations, models


def state_from_status(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Orders delivered before states existed are `delivered`; the others stay `received`."""
    order = apps.get_model("orders", "Order")
    order.objects.using(schema_editor.connection.alias).filter(status=True).update(
        state="delivered"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="delivery_address",
            field=models.TextField(default="", max_length=300),
        ),
        migrations.AddField(
            model_name="order",
            name="delivery_notes",
            field=models.TextField(blank=True, default="", max_length=500),
        ),
        migrations.AddField(
            model_name="order",
            name="delivery_phone",
            field=models.CharField(default="", max_length=16),
        ),
        migrations.AddField(
            model_name="order",
            name="state",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("preparing", "Preparing"),
                    ("ready", "Ready"),
                    ("out_for_delivery", "Out for delivery"),
                    ("delivered", "Delivered"),
                    ("cancelled", "Cancelled"),
                ],
                db_index=True,
                default="received",
                max_length=20,
            ),
        ),
        migrations.RunPython(state_from_status, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "state__in",
                        (
                            "received",
                            "preparing",
                            "ready",
                            "out_for_delivery",
                            "delivered",
                            "cancelled",
                        ),
                    )
                ),
                name="order_state_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="order",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "delivered"), ("status", True)),
                    models.Q(("status", False), models.Q(("state", "delivered"), _negated=True)),
                    _connector="OR",
                ),
                name="order_status_in_step_with_state",
            ),
        ),
    ]

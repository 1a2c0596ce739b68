"""Dishes get a description, tags and a photo (its storage name and a thumbnail's)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("menu", "0002_case_insensitive_categories"),
    ]

    operations = [
        migrations.AddField(
            model_name="menuitem",
            name="description",
            field=models.TextField(blank=True, default="", max_length=1000),
        ),
        migrations.AddField(
            model_name="menuitem",
            name="image",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.AddField(
            model_name="menuitem",
            name="image_thumbnail",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.AddField(
            model_name="menuitem",
            name="tags",
            field=models.JSONField(blank=True, default=list),
        ),
    ]

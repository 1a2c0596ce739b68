"""Category slugs and titles unique ignoring case, on every database.

Existing rows that differ only by case are renamed first, deterministically: the oldest row
(lowest id) keeps its value, each later one gets its id appended (`mains-7`, `Mains (7)`).
"""

import django.db.models.functions.text
from django.db import migrations, models


def rename_case_duplicates(apps, schema_editor):  # type: ignore[no-untyped-def]
    category = apps.get_model("menu", "Category")
    rows = category.objects.using(schema_editor.connection.alias).order_by("pk")
    seen_slugs: set[str] = set()
    seen_titles: set[str] = set()
    for row in rows:
        changed = []
        if row.slug.lower() in seen_slugs:
            row.slug = f"{row.slug[: 63 - len(str(row.pk))]}-{row.pk}"
            changed.append("slug")
        if row.title.lower() in seen_titles:
            suffix = f" ({row.pk})"
            row.title = f"{row.title[: 120 - len(suffix)]}{suffix}"
            changed.append("title")
        seen_slugs.add(row.slug.lower())
        seen_titles.add(row.title.lower())
        if changed:
            row.save(update_fields=changed)


class Migration(migrations.Migration):
    dependencies = [
        ("menu", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(rename_case_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("slug"), name="category_slug_unique_ci"
            ),
        ),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("title"), name="category_title_unique_ci"
            ),
        ),
    ]

"""Organisation.path, the materialised path (orglife.orgs.services), filled for existing rows."""

from django.db import migrations, models

import orglife.orgs.models

# Frozen copy of orglife.orgs.services.child_path: a migration must not change when the service does.
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def child_path(parent_path, number):
    segment = ""
    for _ in range(4):
        number, digit = divmod(number, len(DIGITS))
        segment = DIGITS[digit] + segment
    return f"{parent_path}{segment}."


def fill_paths(apps, schema_editor):
    """Every organisation read once; roots first, each parent's children numbered in id order."""
    Organisation = apps.get_model("orglife", "Organisation")
    orgs = list(Organisation.objects.order_by("id"))
    children = {}
    for org in orgs:
        children.setdefault(org.parent_id, []).append(org)
    frontier = [(None, "")]
    while frontier:
        parent_id, parent_path = frontier.pop()
        for number, org in enumerate(children.get(parent_id, []), start=1):
            org.path = child_path(parent_path, number)
            frontier.append((org.id, org.path))
    Organisation.objects.bulk_update(orgs, ["path"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("orglife", "0008_anon_sealed_inbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="path",
            field=orglife.orgs.models.PathField(default="", editable=False, max_length=255, verbose_name="树中位置"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_paths, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="organisation",
            name="path",
            field=orglife.orgs.models.PathField(editable=False, max_length=255, unique=True, verbose_name="树中位置"),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(condition=models.Q(("path", ""), _negated=True), name="organisation_path_set"),
        ),
    ]

# Opinions released in batches (Opinion.released), and a random UUID key for
# SubmissionMarker. Written by hand from `makemigrations` output: PostgreSQL cannot
# turn a bigint key into a uuid one in place, so the new key is added beside the old,
# filled, made the primary key, and the old key dropped. Not reversible.

import uuid

from django.db import migrations, models
from django.db.models import Count, Q


def release_what_was_shown(apps, schema_editor):
    """Keep showing what the old rule showed: signed opinions, and every anonymous
    opinion of a campaign without hold-back or whose anonymous count had reached it."""
    Campaign = apps.get_model("orglife", "Campaign")
    Opinion = apps.get_model("orglife", "Opinion")
    Opinion.objects.filter(signature__isnull=False).update(released=True)
    campaigns = Campaign.objects.annotate(anonymous=Count("opinions", filter=Q(opinions__signature__isnull=True)))
    for campaign in campaigns:
        if campaign.hold_back <= 1 or campaign.anonymous >= campaign.hold_back:
            Opinion.objects.filter(campaign=campaign).update(released=True)


def fill_marker_keys(apps, schema_editor):
    SubmissionMarker = apps.get_model("orglife", "SubmissionMarker")
    for pk in SubmissionMarker.objects.values_list("pk", flat=True):
        SubmissionMarker.objects.filter(pk=pk).update(uuid=uuid.uuid4())


def drop_old_primary_key(apps, schema_editor):
    """PostgreSQL: drop the bigint key's constraint so that the uuid column can become
    the primary key. SQLite needs nothing: it rebuilds the table in the next step."""
    if schema_editor.connection.vendor == "sqlite":
        return
    table = apps.get_model("orglife", "SubmissionMarker")._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    for name, info in constraints.items():
        if info["primary_key"]:
            quote = schema_editor.quote_name
            schema_editor.execute(schema_editor.sql_delete_pk % {"table": quote(table), "name": quote(name)})


class Migration(migrations.Migration):
    dependencies = [
        ("orglife", "0003_opinions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="campaign",
            name="hold_back",
            field=models.PositiveSmallIntegerField(
                default=3,
                help_text="匿名意见每满这个条数显示一批（征求意见结束后全部显示），避免凭提交时间推断是谁提的",
                verbose_name="匿名意见显示门槛",
            ),
        ),
        migrations.AddField(
            model_name="opinion",
            name="released",
            field=models.BooleanField(default=False, editable=False, verbose_name="已显示"),
        ),
        migrations.RunPython(release_what_was_shown, migrations.RunPython.noop),
        migrations.AddField(
            model_name="submissionmarker",
            name="uuid",
            field=models.UUIDField(null=True, editable=False, serialize=False),
        ),
        migrations.RunPython(fill_marker_keys),
        migrations.RunPython(drop_old_primary_key),
        migrations.AlterField(
            model_name="submissionmarker",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False),
        ),
        migrations.RemoveField(model_name="submissionmarker", name="id"),
        migrations.RenameField(model_name="submissionmarker", old_name="uuid", new_name="id"),
    ]

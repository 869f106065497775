# Anonymous opinions wait sealed (SealedItem) instead of as unreleased Opinion rows;
# hold-back has a floor of 3; changes to the hold-back and the dates are recorded
# (CampaignChange). Written from `makemigrations` output, with two data steps.

import uuid

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def raise_hold_back_to_the_floor(apps, schema_editor):
    Campaign = apps.get_model("orglife", "Campaign")
    Campaign.objects.filter(hold_back__lt=3).update(hold_back=3)


def seal_what_is_held_back(apps, schema_editor):
    """Move each anonymous opinion nobody has seen yet into its campaign's sealed box.

    Under the old rule an unreleased opinion was hidden while its campaign ran with a
    hold-back above 1; one the committee could see (the campaign is over, or had no
    hold-back) or has acted on stays an opinion, as do signed ones.
    """
    from orglife.common.sealed import seal_payload

    Campaign = apps.get_model("orglife", "Campaign")
    Opinion = apps.get_model("orglife", "Opinion")
    SealedItem = apps.get_model("orglife", "SealedItem")
    today = timezone.localdate()
    for campaign in Campaign.objects.filter(closes_on__gte=today, hold_back__gt=1):
        held = Opinion.objects.filter(
            campaign=campaign,
            released=False,
            signature__isnull=True,
            status="pending",
            response="",
            problem__isnull=True,
            duplicate_of__isnull=True,
            duplicates__isnull=True,
        )
        box = f"opinion:{campaign.pk}"
        items, ids = [], []
        for opinion in held:
            payload = {
                "source": opinion.source,
                "category": opinion.category_id,
                "text": opinion.text,
                "day": str(opinion.received_on),
            }
            items.append(SealedItem(box=box, sealed=seal_payload(box=box, payload=payload)))
            ids.append(opinion.pk)
        SealedItem.objects.bulk_create(items)
        Opinion.objects.filter(pk__in=ids).delete()
    if schema_editor.connection.vendor == "postgresql":
        # Fire the deferred foreign-key checks of those deletes now: PostgreSQL refuses
        # to alter a table with pending trigger events, and the next step alters it.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [
        ("orglife", "0007_cycle_unique_branch_year_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CampaignChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "field",
                    models.CharField(
                        choices=[("hold_back", "匿名意见显示门槛"), ("opens_on", "开始日期"), ("closes_on", "截止日期")],
                        max_length=20,
                        verbose_name="设置项",
                    ),
                ),
                ("old", models.CharField(max_length=20, verbose_name="原值")),
                ("new", models.CharField(max_length=20, verbose_name="新值")),
                ("at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="修改时间")),
                (
                    "by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="修改人",
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="changes",
                        to="orglife.campaign",
                        verbose_name="征求意见活动",
                    ),
                ),
            ],
            options={
                "verbose_name": "征求意见设置变更",
                "verbose_name_plural": "征求意见设置变更",
                "ordering": ["-at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="SealedItem",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("box", models.CharField(max_length=64, verbose_name="收件箱")),
                ("sealed", models.BinaryField(verbose_name="密文")),
            ],
            options={
                "verbose_name": "待显示的匿名提交",
                "verbose_name_plural": "待显示的匿名提交",
                "indexes": [models.Index(fields=["box"], name="sealed_item_box")],
            },
        ),
        migrations.RunPython(seal_what_is_held_back, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="opinion", name="opinion_held_back"),
        migrations.RemoveField(model_name="opinion", name="released"),
        migrations.RunPython(raise_hold_back_to_the_floor, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="campaign",
            name="hold_back",
            field=models.PositiveSmallIntegerField(
                default=3,
                help_text="同一来源的匿名意见每满这个条数显示一批（征求意见结束后全部显示），避免凭提交时间推断是谁提的；不能低于3，征求意见开始后只能调高",
                validators=[django.core.validators.MinValueValidator(3, "匿名意见显示门槛不能低于%(limit_value)s条。")],
                verbose_name="匿名意见显示门槛",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(condition=models.Q(("hold_back__gte", 3)), name="campaign_hold_back_floor"),
        ),
    ]

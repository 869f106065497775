"""Opinion collection (征求意见): a campaign per cycle, and the opinions it receives.

Anonymity is structural. The `Opinion` table has no column that could name a
person: no user, session, IP address, user agent or time finer than a day, and a
random UUID key so that neither the key nor a listing reveals the order of
arrival. A member who chooses to sign adds an `OpinionSignature` row beside it.
The one-submission-per-member rule lives in `SubmissionMarker`, a keyed hash of
(campaign, user) with no link to any opinion and no timestamp, under a random
UUID key.

What the database itself still reveals, to whoever can read it below the app (a
database administrator, a backup, a disk image):

- Physical row order. PostgreSQL keeps each row version at a `ctid` (page, slot)
  and stamps it with `xmin`, the id of the transaction that wrote it; transaction
  ids grow with time. SQLite gives every row of these tables a hidden, growing
  `rowid`. Both follow the order in which rows were written, so an opinion's
  place among its neighbours, and roughly when it was written, can be read there.
- Closeness of a marker and an opinion. `orglife.services.opinion.opinion_submit`
  writes the marker and the opinion in separate transactions, so they never share
  an `xmin`; but the two transactions follow each other, and someone comparing
  transaction ids or the server's logs (statement logging, replication, WAL) can
  still pair them when few people submit at the same time.
- Until an anonymous opinion is released (see `Opinion.released`), that it is one
  of the latest arrivals, and its place in the order of arrival. Releasing a batch
  while the campaign is open deletes its rows and writes them again in a random
  order (opinions the committee may already have acted on are only marked
  released, in place: orglife.services.opinion.release_held_back), so they share the
  `xmin` of the release and their ctid/rowid order says nothing about arrival within
  the batch (nor matches the order of the markers). The deleted row versions stay
  on disk until PostgreSQL's (auto)vacuum reclaims them, and in SQLite's free pages
  until overwritten (`PRAGMA secure_delete` would zero them).

The app never lists, orders, filters or exports by any of these: it has no query
on ctid, xmin or rowid, and orders opinions by category and text (`Opinion.Meta`).
Keeping a database administrator from reading them is a matter of who is given
database access, not of this schema.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .cycle import Category, Cycle
from .material import Problem


class Source(models.TextChoices):
    """Who gave an opinion, as printed in the 意见建议汇总表."""

    MEMBER = "member", _("党员")
    MASSES = "masses", _("群众")
    SERVED = "served", _("服务对象")
    HIGHER = "higher", _("上级")


class Campaign(models.Model):
    """One round of asking for opinions, reached by the public at /o/<token>/."""

    cycle = models.ForeignKey(Cycle, verbose_name=_("组织生活会"), on_delete=models.PROTECT, related_name="campaigns")
    title = models.CharField(_("名称"), max_length=200)
    intro = models.TextField(_("说明"), blank=True, help_text=_("显示在意见表上方，如征求意见的范围和用途"))
    token = models.CharField(_("链接标识"), max_length=32, unique=True, editable=False)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    sources = models.JSONField(_("征求范围"), default=list, help_text=_("党员、群众、服务对象、上级中的一项或多项"))
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("征求对谁的意见"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinion_campaigns",
        help_text=_("留空表示对支部班子的意见"),
    )
    categories = models.ManyToManyField(Category, verbose_name=_("意见方面"), related_name="campaigns", blank=True)
    hold_back = models.PositiveSmallIntegerField(
        _("匿名意见显示门槛"),
        default=3,
        help_text=_("匿名意见每满这个条数显示一批（征求意见结束后全部显示），避免凭提交时间推断是谁提的"),
    )
    one_per_member = models.BooleanField(
        _("登录用户限提交一次"), default=True, help_text=_("只记录“已提交”，不记录是哪一条")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    # The 意见建议汇总表 as the committee published it to the branch (公布汇总):
    # orglife.opinions.summary.Summary as JSON; null while unpublished or withdrawn.
    published_summary = models.JSONField(_("公布的汇总表"), null=True, blank=True, editable=False)
    summary_published_at = models.DateTimeField(_("汇总表公布时间"), null=True, blank=True, editable=False)
    summary_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("汇总表公布人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    summary_withdrawn_at = models.DateTimeField(_("汇总表撤回时间"), null=True, blank=True, editable=False)
    summary_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("汇总表撤回人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("征求意见活动")
        verbose_name_plural = _("征求意见活动")
        ordering = ["cycle", "-opens_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="campaign_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(published_summary__isnull=True)
                | Q(summary_published_at__isnull=False, summary_published_by__isnull=False),
                name="campaign_published_summary_says_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def source_labels(self) -> list[str]:
        return [str(Source(value).label) for value in Source.values if value in self.sources]

    @property
    def subject_text(self) -> str:
        return f"{self.subject.get_full_name()}同志" if self.subject_id else "党支部班子"


class Opinion(models.Model):
    """One opinion. Identifies nobody: see the module docstring before adding a field.

    `released` says whether an anonymous opinion may be shown yet. Anonymous
    opinions arrive unreleased and are released in batches of at least the
    campaign's `hold_back` when the committee next opens the campaign
    (orglife.services.opinion.release_held_back), so that none of them shows
    alone right after someone was seen using the form. Signed opinions are stored
    released. The flag names nobody: it only separates the latest unreleased batch.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        ADOPTED = "adopted", _("已采纳")
        ANSWERED = "answered", _("已答复")
        DECLINED = "declined", _("不予采纳")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("征求意见活动"), on_delete=models.PROTECT, related_name="opinions"
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("方面"), on_delete=models.PROTECT, null=True, blank=True, related_name="opinions"
    )
    text = models.TextField(_("意见建议"))
    received_on = models.DateField(_("收到日期"))
    status = models.CharField(_("处理情况"), max_length=20, choices=Status.choices, default=Status.PENDING)
    released = models.BooleanField(_("已显示"), default=False, editable=False)
    response = models.TextField(_("答复或说明"), blank=True)
    problem = models.ForeignKey(
        Problem,
        verbose_name=_("采纳为问题"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("与之相同的意见"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )

    class Meta:
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        # Never the order of arrival: by category, then by text.
        ordering = ["campaign", F("category__position").asc(nulls_last=True), "text", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(problem__isnull=True) | Q(status="adopted"), name="opinion_problem_only_when_adopted"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["answered", "declined"]) | ~Q(response=""),
                name="opinion_answer_has_text",
            ),
            models.CheckConstraint(condition=~Q(duplicate_of=F("id")), name="opinion_not_duplicate_of_itself"),
        ]
        # Every anonymous submission counts the held-back opinions of its campaign:
        # this keeps that count as small as the hold-back, however many have arrived.
        indexes = [models.Index(fields=["campaign"], condition=Q(released=False), name="opinion_held_back")]

    def __str__(self) -> str:
        return self.text[:40]


class OpinionSignature(models.Model):
    """The name under an opinion whose author chose to sign it."""

    opinion = models.OneToOneField(
        Opinion, verbose_name=_("意见建议"), on_delete=models.CASCADE, related_name="signature"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("署名人"), on_delete=models.PROTECT, related_name="signed_opinions"
    )

    class Meta:
        verbose_name = _("署名")
        verbose_name_plural = _("署名")

    def __str__(self) -> str:
        return str(self.author)


class SubmissionMarker(models.Model):
    """Marks "this account has submitted to this campaign": a keyed hash, no time, no opinion.

    The key is a random UUID, not a growing number, so it does not tell in which
    order members submitted (nor, by lining it up with opinions, whose is whose).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, verbose_name=_("征求意见活动"), on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(_("标记"), max_length=64)

    class Meta:
        verbose_name = _("提交标记")
        verbose_name_plural = _("提交标记")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "digest"], name="submission_marker_unique"),
        ]

    def __str__(self) -> str:
        return self.digest[:8]

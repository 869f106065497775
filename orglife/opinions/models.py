"""Opinion collection (征求意见): a campaign per cycle, and the opinions it receives.

Anonymity is structural. The `Opinion` table has no column that could name a
person: no user, session, IP address, user agent or time finer than a day, and a
random UUID key. A member who chooses to sign adds an `OpinionSignature` row
beside it. The one-submission-per-member rule lives in `SubmissionMarker`, a keyed
hash of (campaign, user) with no link to any opinion and no timestamp.

An anonymous opinion is not written to the `Opinion` table when it is submitted.
It is sealed (orglife.common.sealed: encrypted and authenticated with a key
derived from SECRET_KEY, padded to one size) into an inbox row
(orglife.common.models.SealedItem: a random key, the campaign's box, the
ciphertext), in the same transaction as the member's marker. The opinions are
written later, by a release (orglife.opinions.services.release_held_back, run when
the committee opens the campaign): once at least `hold_back` (never fewer than 3)
opinions of one source (党员, 群众, …) wait, all of that source are written at once,
in random order, in one transaction that also deletes their inbox rows, each dated
the day the last of the release arrived. When the campaign is over, all that waits
is released. An opinion is written once and keeps its id from then on.

Threat model: who can learn what.

- Anyone with the public link can submit, and learns nothing about anyone else's
  submission. The form's requests are kept out of the app's own request logs
  (orglife.opinions.logfilter); what a deployment's reverse proxy may log is in the
  README.
- The committee (the board, the summaries, the material's counts) sees signed
  opinions at once and anonymous ones only once released: in batches of at least
  `hold_back` sharing their source, ordered by category and text, never by
  arrival, with no count of what is waiting shown anywhere. `hold_back` cannot go
  below 3, cannot be lowered once the campaign has opened, a running campaign
  can be ended today at the earliest (ending it releases what waits), and every
  change to the hold-back and the dates is kept (`CampaignChange`, shown on the
  campaign page). So someone who saw a colleague at the form learns only that
  their opinion is one of a batch. What remains: when the campaign ends, the rest of each source is released
  whatever its number (if only one member took part after the last batch of
  members, theirs is the one 党员 opinion of that release), and an opinion's text
  and chosen category may give its author away, as any handwriting does.
- A superuser's admin lists released opinions only (the inbox is not registered),
  with their date, never a time; signatures and markers are not registered either.
- Someone who can read the database, its logs, its WAL and its backups, but does
  not hold SECRET_KEY (a database administrator, a backup, a disk image): sees who
  logged in and when (`last_login`, the session rows) and, through the markers and
  inbox rows, which are written in one transaction with each other, that a member
  (not which: the marker's hash needs the key) took part at about the time of a
  session; their order (ctid, xmin, SQLite's rowid) follows arrival. They see
  ciphertexts of one length, which say nothing. They see the released opinions, all
  of a release written by one transaction, in random physical order, of one date,
  and nothing that points from any of them to an inbox row or a marker: the inbox
  row's transaction and place are never carried over. Such a reader cannot link an
  anonymous opinion to a person by any column, system column, row order,
  transaction order or timing; what they can learn is what the committee can.
- Someone who holds SECRET_KEY and the database (the operator of the app) can open
  the inbox while opinions wait, also from backups or the WAL after the release
  (the deleted rows' versions stay there until vacuumed or overwritten), and pair an
  inbox row with the member whose session it follows; and can test whether a given
  member has a marker. Protecting the key is what protects the senders.

The app never lists, orders, filters or exports by ctid, xmin or rowid, and orders
opinions by category and text (`Opinion.Meta`).
"""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Category, Cycle
from orglife.materials.models import Problem


class Source(models.TextChoices):
    """Who gave an opinion, as printed in the 意见建议汇总表."""

    MEMBER = "member", _("党员")
    MASSES = "masses", _("群众")
    SERVED = "served", _("服务对象")
    HIGHER = "higher", _("上级")
    TALK = "talk", _("谈心谈话")  # filed by the committee from a talk record (orglife.talks), never on the form


# Anonymous opinions show in batches of at least this many: fewer would let whoever
# saw someone at the form pick out their opinion.
HOLD_BACK_FLOOR = 3


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
        default=HOLD_BACK_FLOOR,
        validators=[MinValueValidator(HOLD_BACK_FLOOR, _("匿名意见显示门槛不能低于%(limit_value)s条。"))],
        help_text=_(
            "同一来源的匿名意见每满这个条数显示一批（征求意见结束后全部显示），避免凭提交时间推断是谁提的；"
            "不能低于3，征求意见开始后只能调高"
        ),
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
            models.CheckConstraint(condition=Q(hold_back__gte=HOLD_BACK_FLOOR), name="campaign_hold_back_floor"),
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

    Signed opinions are written at once; anonymous ones only when released, in a
    batch (orglife.opinions.services.release_held_back), so every row of this table
    may be shown to the committee. `received_on` is the day it arrived, for an
    anonymous opinion the day the last opinion of its release arrived.
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


class CampaignChange(models.Model):
    """A change to what decides when anonymous opinions show: who made it, when, from what to what.

    Kept so that lowering the hold-back or ending a campaign early to see a lone
    opinion cannot happen without trace; shown on the campaign page.
    """

    class Field(models.TextChoices):
        HOLD_BACK = "hold_back", _("匿名意见显示门槛")
        OPENS_ON = "opens_on", _("开始日期")
        CLOSES_ON = "closes_on", _("截止日期")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("征求意见活动"), on_delete=models.CASCADE, related_name="changes"
    )
    field = models.CharField(_("设置项"), max_length=20, choices=Field.choices)
    old = models.CharField(_("原值"), max_length=20)
    new = models.CharField(_("新值"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("征求意见设置变更")
        verbose_name_plural = _("征求意见设置变更")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.old} → {self.new}"

    def _text(self, raw: str) -> str:
        if self.field == self.Field.HOLD_BACK:
            return f"{raw}条"
        day = datetime.date.fromisoformat(raw)
        return f"{day.year}年{day.month}月{day.day}日"

    @property
    def old_text(self) -> str:
        return self._text(self.old)

    @property
    def new_text(self) -> str:
        return self._text(self.new)

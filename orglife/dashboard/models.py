import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orglife.materials.models import Material


class ExportJob(models.Model):
    """A bulk export run in the background (orglife.dashboard.jobs): its selection, frozen
    when it was asked for, and how far the task has come.

    The task renders `items` in order and records each finished one in `done`, so a
    task started again after its worker died goes on from there. The file is kept in
    the "exports" storage until `expires_at`.
    """

    class Kind(models.TextChoices):
        MATERIALS = "materials", _("班子对照检查材料PDF压缩包")
        DASHBOARD = "dashboard", _("总览表Excel")

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    title = models.CharField(_("名称"), max_length=200)
    # Dashboard filters (kind DASHBOARD) or the material ids in order (kind MATERIALS).
    selection = models.JSONField(_("导出范围"), default=dict)
    total = models.PositiveIntegerField(_("总数"), default=0)
    done = models.PositiveIntegerField(_("已完成数"), default=0)
    attempts = models.PositiveSmallIntegerField(_("运行次数"), default=0)
    task_id = models.CharField(_("任务标识"), max_length=64, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("最近进展时间"), null=True, blank=True)
    file_name = models.CharField(_("文件"), max_length=300, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("文件保留至"), null=True, blank=True)

    class Meta:
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="exportjob_status_heartbeat")]
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=models.F("total")), name="exportjob_done_within_total"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        return 100 if self.status == self.Status.DONE else (self.done * 100 // self.total if self.total else 0)


class CopySignature(models.Model):
    """A committee material's MinHash signature (orglife.dashboard.copies), for finding
    similar materials without comparing every pair. `text_hash` says which text it was
    made from: a signature whose material changed since is made again."""

    material = models.OneToOneField(
        Material, verbose_name=_("材料"), on_delete=models.CASCADE, related_name="copy_signature"
    )
    text_hash = models.CharField(_("文本摘要"), max_length=64)
    values = models.JSONField(_("签名"))
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("材料相似度签名")
        verbose_name_plural = _("材料相似度签名")

    def __str__(self) -> str:
        return f"{self.material_id}: {self.text_hash[:12]}"


class CopyBand(models.Model):
    """One LSH band of a signature: two materials sharing any (band, bucket) are candidates."""

    signature = models.ForeignKey(CopySignature, on_delete=models.CASCADE, related_name="bands")
    band = models.PositiveSmallIntegerField()
    bucket = models.BigIntegerField()

    class Meta:
        verbose_name = _("相似度分桶")
        verbose_name_plural = _("相似度分桶")
        indexes = [models.Index(fields=["band", "bucket"], name="copyband_band_bucket")]
        constraints = [models.UniqueConstraint(fields=["signature", "band"], name="copyband_one_per_band")]

    def __str__(self) -> str:
        return f"{self.band}:{self.bucket}"


class CycleSummary(models.Model):
    """Where a cycle stands, as its step cards said when last computed: what the
    dashboard counts, filters and sorts on without running every card of every branch
    per request. Made by orglife.dashboard.services.summaries_refresh (the worker
    refreshes stale ones; the rows a page shows are always computed afresh).

    The cycle's year and planned date and its branch's path and name are copied here
    when the summary is computed, so that counting, filtering and sorting read this
    table alone, through its indexes; like the state, they are as of `computed_at`.
    """

    cycle = models.OneToOneField(
        "orglife.Cycle",
        verbose_name=_("组织生活会"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary",
    )
    state = models.CharField(_("当前环节"), max_length=30, db_index=True)
    step_position = models.PositiveSmallIntegerField(_("当前环节序号"))
    overdue = models.BooleanField(_("逾期"), default=False, db_index=True)
    computed_at = models.DateTimeField(_("统计时间"), db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"), default=0)
    planned_date = models.DateField(_("计划召开日期"), null=True, blank=True)
    branch_path = models.CharField(_("党支部在树中位置"), max_length=255, default="")
    branch_name = models.CharField(_("党支部名称"), max_length=100, default="")

    class Meta:
        verbose_name = _("组织生活会进度统计")
        verbose_name_plural = _("组织生活会进度统计")
        indexes = [
            # The year's cycles below a path (LIKE 'prefix%'), in tree order: the counts, the default page.
            models.Index(
                fields=["year", "branch_path"],
                opclasses=["int2_ops", "varchar_pattern_ops"],
                name="cyclesummary_year_path",
            ),
            models.Index(fields=["year", "state", "branch_path"], name="cyclesummary_year_state"),
            models.Index(fields=["year", "branch_name"], name="cyclesummary_year_name"),
        ]

    def __str__(self) -> str:
        return f"{self.cycle_id}: {self.state}"

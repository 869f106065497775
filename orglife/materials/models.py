from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Category, Cycle


class Material(models.Model):
    """A 对照检查材料: the committee's for a cycle, or one member's personal one.

    Ordinals (一、（一）一是…) are never stored: they are generated from positions
    when the material is assembled (orglife.materials.document.assembly).
    """

    class Kind(models.TextChoices):
        COMMITTEE = "committee", _("班子对照检查材料")
        PERSONAL = "personal", _("个人对照检查材料")

    class Layout(models.TextChoices):
        RUN_ON = "run_on", _("条目连排（一是……二是……在同一段）")
        PARAGRAPHS = "paragraphs", _("条目分段（每条单独成段）")

    class Brackets(models.TextChoices):
        FULL = "full", _("全角括号（一）")
        HALF = "half", _("半角括号(一)")

    cycle = models.ForeignKey(Cycle, verbose_name=_("组织生活会"), on_delete=models.PROTECT, related_name="materials")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.COMMITTEE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("本人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personal_materials",
        help_text=_("个人材料的撰写人；班子材料留空"),
    )
    title = models.CharField(_("标题"), max_length=300)
    preamble = models.TextField(_("开头"), blank=True, help_text=_("多段用换行分隔"))
    problems_heading = models.CharField(_("问题部分标题"), max_length=100, default="存在的问题")
    causes_heading = models.CharField(_("原因部分标题"), max_length=100, default="产生问题的原因剖析")
    causes_intro = models.TextField(_("原因部分引言"), blank=True)
    directions_heading = models.CharField(_("措施部分标题"), max_length=100, default="今后努力方向和整改措施")
    directions_intro = models.TextField(_("措施部分引言"), blank=True)
    closing = models.TextField(_("结尾"), blank=True)
    signature = models.CharField(_("署名"), max_length=100, blank=True)
    signed_on = models.DateField(_("日期"), null=True, blank=True)
    layout = models.CharField(_("条目排法"), max_length=20, choices=Layout.choices, default=Layout.PARAGRAPHS)
    brackets = models.CharField(_("序号括号"), max_length=10, choices=Brackets.choices, default=Brackets.FULL)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("对照检查材料")
        verbose_name_plural = _("对照检查材料")
        ordering = ["cycle", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"], condition=Q(kind="committee"), name="material_one_committee_per_cycle"
            ),
            models.UniqueConstraint(
                fields=["cycle", "author"], condition=Q(kind="personal"), name="material_one_personal_per_author"
            ),
            models.CheckConstraint(
                condition=Q(kind="committee", author__isnull=True) | Q(kind="personal", author__isnull=False),
                name="material_author_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ExtraSection(models.Model):
    """A part of its own, such as 基本情况 or 上年度整改落实情况, numbered with the others."""

    class Placement(models.TextChoices):
        BEFORE = "before", _("在问题之前")
        AFTER = "after", _("在措施之后")

    material = models.ForeignKey(Material, verbose_name=_("材料"), on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("序号"))
    placement = models.CharField(_("位置"), max_length=10, choices=Placement.choices, default=Placement.BEFORE)
    heading = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), blank=True, help_text=_("多段用换行分隔"))

    class Meta:
        verbose_name = _("其他部分")
        verbose_name_plural = _("其他部分")
        ordering = ["material", "position"]
        constraints = [
            models.UniqueConstraint(fields=["material", "position"], name="section_unique_position"),
        ]

    def __str__(self) -> str:
        return self.heading


class CategoryIntro(models.Model):
    """The lead paragraph a material gives one category before its problems."""

    material = models.ForeignKey(
        Material, verbose_name=_("材料"), on_delete=models.CASCADE, related_name="category_intros"
    )
    category = models.ForeignKey(Category, verbose_name=_("查摆方面"), on_delete=models.PROTECT, related_name="intros")
    text = models.TextField(_("引言"))

    class Meta:
        verbose_name = _("方面引言")
        verbose_name_plural = _("方面引言")
        constraints = [
            models.UniqueConstraint(fields=["material", "category"], name="category_intro_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.text[:20]}"


class Problem(models.Model):
    material = models.ForeignKey(Material, verbose_name=_("材料"), on_delete=models.CASCADE, related_name="problems")
    category = models.ForeignKey(
        Category, verbose_name=_("查摆方面"), on_delete=models.PROTECT, related_name="problems"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("内容"), help_text=_("先写概括句，再写具体表现"))

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题")
        ordering = ["material", "category__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["material", "category", "position"], name="problem_unique_position"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class Cause(models.Model):
    material = models.ForeignKey(Material, verbose_name=_("材料"), on_delete=models.CASCADE, related_name="causes")
    position = models.PositiveSmallIntegerField(_("序号"))
    heading = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("剖析"), blank=True)

    class Meta:
        verbose_name = _("原因")
        verbose_name_plural = _("原因")
        ordering = ["material", "position"]
        constraints = [
            models.UniqueConstraint(fields=["material", "position"], name="cause_unique_position"),
        ]

    def __str__(self) -> str:
        return self.heading


class Direction(models.Model):
    material = models.ForeignKey(Material, verbose_name=_("材料"), on_delete=models.CASCADE, related_name="directions")
    position = models.PositiveSmallIntegerField(_("序号"))
    heading = models.CharField(_("标题"), max_length=200)
    intro = models.TextField(_("引言"), blank=True)

    class Meta:
        verbose_name = _("努力方向")
        verbose_name_plural = _("努力方向")
        ordering = ["material", "position"]
        constraints = [
            models.UniqueConstraint(fields=["material", "position"], name="direction_unique_position"),
        ]

    def __str__(self) -> str:
        return self.heading


class Measure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("未开始")
        IN_PROGRESS = "in_progress", _("推进中")
        DONE = "done", _("已完成")

    direction = models.ForeignKey(
        Direction, verbose_name=_("努力方向"), on_delete=models.CASCADE, related_name="measures"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("内容"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
    )
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    problems = models.ManyToManyField(
        Problem, verbose_name=_("针对的问题"), through="MeasureProblem", related_name="measures", blank=True
    )

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = _("整改措施")
        ordering = ["direction", "position"]
        constraints = [
            models.UniqueConstraint(fields=["direction", "position"], name="measure_unique_position"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class MeasureProblem(models.Model):
    """A measure answers a problem; a linked problem cannot be deleted until unlinked."""

    measure = models.ForeignKey(Measure, verbose_name=_("整改措施"), on_delete=models.CASCADE)
    problem = models.ForeignKey(Problem, verbose_name=_("问题"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("措施与问题的对应")
        verbose_name_plural = _("措施与问题的对应")
        constraints = [
            models.UniqueConstraint(fields=["measure", "problem"], name="measure_problem_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} → {self.problem}"


class UsedUndoToken(models.Model):
    """An undo token of the editor (orglife.materials.editor.views.part_undo) that has been used.

    Each token undoes one delete once, whichever worker answers: the record is in
    the database because without a shared cache (no REDIS_URL) every worker kept
    its own, and a token was accepted twice. Only a digest of the token is kept;
    rows older than a token's lifetime are deleted as new ones are recorded.
    """

    digest = models.CharField(_("摘要"), max_length=64, unique=True)
    used_at = models.DateTimeField(_("使用时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("已使用的撤销凭据")
        verbose_name_plural = _("已使用的撤销凭据")

    def __str__(self) -> str:
        return self.digest[:12]

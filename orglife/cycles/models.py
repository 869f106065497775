from django.db import models
from django.utils.translation import gettext_lazy as _

from orglife.orgs.models import Organisation

# Review categories seen in different years and units (domain.md). A cycle copies
# one of these into its own ordered Category rows, which the secretary may edit.
CATEGORY_PRESETS: dict[str, tuple[str, list[str]]] = {
    "traditional": (_("传统四方面"), ["思想", "学习", "工作", "生活"]),
    "2019": (
        _("2019年四个方面"),
        ["政治功能强不强", "工作作风实不实", "发挥作用好不好", "自我要求严不严"],
    ),
    "2021_members": (
        _("2021年党员四个方面"),
        ["坚定理想信念", "增强历史自觉", "弘扬优良传统", "加强党性锤炼"],
    ),
    "2023_branch": (
        _("2023年支部六个方面"),
        [
            "组织开展主题教育",
            "执行上级组织决定",
            "严格组织生活",
            "加强党员教育管理监督",
            "联系服务群众",
            "抓好自身建设",
        ],
    ),
    "2024_six": (
        _("2024年六个方面"),
        ["政治信仰", "党员意识", "理论学习", "能力本领", "作用发挥", "纪律作风"],
    ),
    "six_disciplines": (
        _("六项纪律"),
        ["政治纪律", "组织纪律", "廉洁纪律", "群众纪律", "工作纪律", "生活纪律"],
    ),
}


def category_preset_choices() -> list[tuple[str, str]]:
    """Choices for a form: each preset with its categories spelled out."""
    return [(key, f"{label}：{'、'.join(names)}") for key, (label, names) in CATEGORY_PRESETS.items()]


class Cycle(models.Model):
    """One meeting's whole process, from the notice to the rectification ledger.

    How far it has come is never stored: each step's state is derived from its
    records (orglife.cycles.steps)."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("年度组织生活会")
        SPECIAL = "special", _("专题组织生活会")
        DEMOCRATIC = "democratic", _("民主生活会")

    branch = models.ForeignKey(Organisation, verbose_name=_("党支部"), on_delete=models.PROTECT, related_name="cycles")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.ANNUAL)
    theme = models.CharField(_("主题"), max_length=200, blank=True)
    title = models.CharField(_("名称"), max_length=200)
    notice = models.TextField(
        _("依据通知"), blank=True, help_text=_("上级党组织的通知，如：区委组织部《关于召开……的通知》")
    )
    study_content = models.TextField(_("学习内容"), blank=True)
    planned_date = models.DateField(_("计划召开日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("组织生活会")
        verbose_name_plural = _("组织生活会")
        ordering = ["-year", "-id"]
        constraints = [
            # One meeting of a kind per branch and year: a second 2023 annual meeting is a typo.
            models.UniqueConstraint(fields=["branch", "year", "kind"], name="cycle_unique_branch_year_kind"),
        ]

    def __str__(self) -> str:
        return self.title


class Category(models.Model):
    """A review category (查摆方面) of one cycle; its order is the printed order."""

    cycle = models.ForeignKey(Cycle, verbose_name=_("组织生活会"), on_delete=models.CASCADE, related_name="categories")
    position = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("名称"), max_length=100, help_text=_("如：思想"))
    heading = models.CharField(
        _("标题"), max_length=200, blank=True, help_text=_("材料中的标题，留空则为“名称+方面”，如：思想方面")
    )

    class Meta:
        verbose_name = _("查摆方面")
        verbose_name_plural = _("查摆方面")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "position"], name="category_unique_position"),
            models.UniqueConstraint(fields=["cycle", "name"], name="category_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def heading_text(self) -> str:
        return self.heading or f"{self.name}方面"

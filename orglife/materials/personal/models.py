from django.db import models
from django.utils.translation import gettext_lazy as _

from orglife.materials.models import Material


class SpeechOutline(models.Model):
    """The 发言提纲 a member reads at the meeting: a short outline of their personal material.

    `sections` holds the points without ordinals (they are made from order when it is
    shown or printed): a list of {"part": "problems" | "causes" | "directions",
    "heading": str, "points": [str, …]} in print order, as
    orglife.materials.personal.outline.outline_from_material makes it and the member edits it.
    """

    material = models.OneToOneField(
        Material, verbose_name=_("个人对照检查材料"), on_delete=models.CASCADE, related_name="outline"
    )
    sections = models.JSONField(_("提纲内容"), default=list)
    generated_at = models.DateTimeField(_("生成时间"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("发言提纲")
        verbose_name_plural = _("发言提纲")

    def __str__(self) -> str:
        return f"{self.material}（发言提纲）"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orglife.materials.models import Material


class MaterialRevision(models.Model):
    """A saved copy of a material's whole content, to look at, download or restore.

    `data` is in the import JSON shape (orglife.materials.document.shape.MaterialData),
    so restoring is material_fill(data) and a download can be imported elsewhere.
    Automatic copies are taken before an import or a restore replaces the content;
    the editor saves manual ones on demand (automatic=False, a reason the user typed).
    """

    material = models.ForeignKey(Material, verbose_name=_("材料"), on_delete=models.CASCADE, related_name="revisions")
    created_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("说明"), max_length=200, help_text=_("如：导入前自动保存"))
    automatic = models.BooleanField(_("自动保存"), default=True)
    data = models.JSONField(_("内容"))

    class Meta:
        verbose_name = _("材料历史版本")
        verbose_name_plural = _("材料历史版本")
        ordering = ["material", "-created_at", "-id"]
        indexes = [models.Index(fields=["material", "-created_at"], name="revision_material_created")]

    def __str__(self) -> str:
        return f"{self.material} · {self.reason}"

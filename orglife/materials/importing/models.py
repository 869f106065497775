from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orglife.cycles.models import Cycle
from orglife.materials.models import Material


class ImportPreview(models.Model):
    """An uploaded or pasted material waiting, between the preview and the confirm, to be imported.

    Kept in its own row rather than in the session (which is read and written on
    every request, and would carry up to 10 MB of text for each preview). The
    session holds only `key`; the confirm step looks the preview up by key and
    owner, re-parses `text`, and checks `digest` against the page being confirmed.
    A row lives until it is confirmed, replaced by the owner's next preview of the
    same material, or past `expires_at` (orglife.materials.importing.services removes expired
    rows whenever a preview is stored). `material` is the one the import would
    replace when the preview was made (empty for a new material).
    """

    key = models.CharField(_("键"), max_length=64, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.CASCADE, related_name="import_previews"
    )
    cycle = models.ForeignKey(Cycle, verbose_name=_("组织生活会"), on_delete=models.CASCADE, related_name="+")
    personal = models.BooleanField(_("个人材料"), default=False)
    material = models.ForeignKey(
        Material, verbose_name=_("材料"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("过期时间"), db_index=True)
    size = models.PositiveIntegerField(_("大小（字节）"))
    digest = models.CharField(_("摘要"), max_length=64)
    text = models.TextField(_("文字"))
    payload = models.JSONField(_("读取信息"), default=dict, help_text=_("文件名和读取文件时的提示"))

    class Meta:
        verbose_name = _("导入预览")
        verbose_name_plural = _("导入预览")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["owner", "created_at"], name="import_preview_owner_created")]

    def __str__(self) -> str:
        return f"{self.owner} · {self.payload.get('source') or '粘贴的文字'}"

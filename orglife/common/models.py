"""Sealed items: what a person handed in anonymously, before it may be written in the clear.

See `SealedItem`.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class SealedItem(models.Model):
    """One anonymous submission waiting in its box, readable only with the app's SECRET_KEY.

    `sealed` is the submission encrypted and authenticated (AES-256-GCM, a key derived
    from SECRET_KEY, the box's name as associated data) and padded to a fixed size, so
    that neither its content nor its length can be read from the table. The key is a
    random UUID and there is no time, user, address or counter: the row says only "one
    submission is waiting in this box". orglife.common.sealed writes and releases
    these rows; the records they become (an opinion, later a ballot) are written only
    at a release, several at once and in random order, and the rows are deleted in
    the same transaction. The threat model is in orglife/opinions/models.py.

    Never registered in the admin, never listed, counted or shown by any view.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    box = models.CharField(_("收件箱"), max_length=64)
    sealed = models.BinaryField(_("密文"))

    class Meta:
        verbose_name = _("待显示的匿名提交")
        verbose_name_plural = _("待显示的匿名提交")
        indexes = [models.Index(fields=["box"], name="sealed_item_box")]

    def __str__(self) -> str:
        return self.box

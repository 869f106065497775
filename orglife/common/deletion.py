from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _


class DeletionRefused(Exception):
    """Raised instead of deleting a record other records still depend on."""

    def __init__(self, message: str, blockers: list[models.Model]):
        super().__init__(message)
        self.message = message
        self.blockers = blockers


def _describe(blockers: list[models.Model], limit: int = 3) -> str:
    shown = "、".join(f"{b._meta.verbose_name}“{str(b)[:20]}”" for b in blockers[:limit])
    if len(blockers) > limit:
        shown += _("等%(count)d项") % {"count": len(blockers)}
    return shown


def delete_object(*, obj: models.Model) -> None:
    """Delete `obj` with its cascade, or raise DeletionRefused naming what still uses it.

    Side effects: deletes `obj` and whatever its foreign keys cascade to, all in one
    transaction; nothing is deleted when the delete is refused.
    """
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        blockers = sorted(exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects, key=str)
        message = _("无法删除%(kind)s“%(name)s”：%(blockers)s仍在使用它，请先修改或删除这些记录。") % {
            "kind": obj._meta.verbose_name,
            "name": str(obj)[:30],
            "blockers": _describe(blockers),
        }
        raise DeletionRefused(message, blockers) from exc

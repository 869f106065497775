"""The organisation tree: creating an organisation and moving it under another parent.

Each organisation's `path` is its parent's path plus one segment: the organisation's
number among its siblings, in SEGMENT_WIDTH base-36 digits, and a dot ("0001.0003.").
"Everything below X" is then `path__startswith=X.path`, one indexed query.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Value
from django.db.models.functions import Concat, Length, Substr

from orglife.orgs.models import Organisation

SEGMENT_WIDTH = 4
DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_CHILDREN = len(DIGITS) ** SEGMENT_WIDTH - 1
MAX_DEPTH = Organisation._meta.get_field("path").max_length // (SEGMENT_WIDTH + 1)


def child_path(parent_path: str, number: int) -> str:
    """The path of the `number`th child (from 1) of the organisation at `parent_path` ("" for a root)."""
    if not 1 <= number <= MAX_CHILDREN:
        raise ValueError(f"child number {number} outside 1..{MAX_CHILDREN}")
    segment = ""
    for _ in range(SEGMENT_WIDTH):
        number, digit = divmod(number, len(DIGITS))
        segment = DIGITS[digit] + segment
    return f"{parent_path}{segment}."


def _next_child_path(parent: Organisation | None) -> str:
    """The path after the last child of `parent`; the caller holds the parent's lock.

    Siblings' paths have the same length and differ only in their last segment, whose
    digits sort the same way in every collation, so the greatest path is the last child.
    """
    last = Organisation.objects.filter(parent=parent).order_by("-path").values_list("path", flat=True).first()
    number = int(last[-SEGMENT_WIDTH - 1 : -1], len(DIGITS)) + 1 if last else 1
    if number > MAX_CHILDREN:
        raise ValidationError(f"“{parent}”下的党组织已达上限（{MAX_CHILDREN}个），不能再添加。")
    return child_path(parent.path if parent is not None else "", number)


def _check_depth(path: str, levels_below: int = 0) -> None:
    if len(path) // (SEGMENT_WIDTH + 1) + levels_below > MAX_DEPTH:
        raise ValidationError(f"党组织的层级不能超过{MAX_DEPTH}级。")


def check_move(*, organisation: Organisation, parent: Organisation | None) -> None:
    """Raise ValidationError when `organisation` cannot go under `parent`: itself or one of its own below."""
    if parent is not None and parent.path.startswith(organisation.path):
        raise ValidationError("不能把党组织移到它自己或它的下级党组织之下。")


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, code: str, parent: Organisation | None = None, short_name: str = ""
) -> Organisation:
    """Create an organisation as the last child of `parent` (a root when None).

    Side effects: locks the parent row until the transaction ends, so that two
    organisations created under it at once get different paths (two roots created at
    once: the second fails on the unique path). One INSERT.
    """
    if parent is not None:
        parent = Organisation.objects.select_for_update().get(pk=parent.pk)
    path = _next_child_path(parent)
    _check_depth(path)
    return Organisation.objects.create(name=name, short_name=short_name, kind=kind, code=code, parent=parent, path=path)


@transaction.atomic
def organisation_move(*, organisation: Organisation, parent: Organisation | None) -> Organisation:
    """Make `organisation` the last child of `parent` (a root when None), with everything below it.

    Side effects: locks the organisation and the new parent; one UPDATE rewrites the
    path of the organisation and of every organisation below it, one sets its parent.
    Nothing changes when `parent` is already its parent. Raises ValidationError (check_move)
    for a move under itself or its own below, or one that makes the tree too deep.
    `organisation` is updated in place.
    """
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if parent is not None:
        parent = Organisation.objects.select_for_update().get(pk=parent.pk)
    check_move(organisation=locked, parent=parent)
    if locked.parent_id == (parent.pk if parent is not None else None):
        organisation.parent, organisation.path = parent, locked.path
        return organisation
    old = locked.path
    new = _next_child_path(parent)
    below = Organisation.objects.filter(path__startswith=old)
    longest = below.aggregate(n=Max(Length("path")))["n"]
    _check_depth(new, (longest - len(old)) // (SEGMENT_WIDTH + 1))
    below.update(path=Concat(Value(new), Substr(F("path"), len(old) + 1)))
    Organisation.objects.filter(pk=locked.pk).update(parent=parent)
    organisation.parent, organisation.path = parent, new
    return organisation

"""Places of records among their siblings: the next free one, and moving one up or down."""

from django.db import models
from django.db.models import Max


def next_position(model: type[models.Model], **scope) -> int:
    """The position after the last of the `model` records in `scope` (1 when there are none)."""
    return (model.objects.filter(**scope).aggregate(last=Max("position"))["last"] or 0) + 1


def swap_with_neighbour(siblings: models.QuerySet, obj: models.Model, delta: int) -> bool:
    """Swap `obj` with the sibling just before (delta < 0) or after (delta > 0) it by `position`.

    `siblings` are the records `obj` is ordered among (itself included); the caller
    holds the lock that keeps them still. Positions are unique among siblings, so the
    swap goes through a free position. Returns False, changing nothing, when `obj` is
    already first or last. Side effects: three UPDATEs; `obj.position` is updated.
    """
    if delta < 0:
        neighbour = siblings.filter(position__lt=obj.position).order_by("-position").first()
    else:
        neighbour = siblings.filter(position__gt=obj.position).order_by("position").first()
    if neighbour is None:
        return False
    model = type(obj)
    mine, theirs = obj.position, neighbour.position
    free = siblings.aggregate(last=Max("position"))["last"] + 1
    model.objects.filter(pk=obj.pk).update(position=free)
    model.objects.filter(pk=neighbour.pk).update(position=mine)
    model.objects.filter(pk=obj.pk).update(position=theirs)
    obj.position = theirs
    return True

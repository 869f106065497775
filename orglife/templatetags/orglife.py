"""Ordinals for the editor's labels, from an item's place in its list."""

from django import template

from orglife.document import ordinals
from orglife.services.editor import PART_KINDS, version_token

register = template.Library()


@register.filter
def item_ordinal(n: int) -> str:
    return ordinals.item_ordinal(n)


@register.filter
def section_ordinal(n: int) -> str:
    return ordinals.section_ordinal(n)


@register.filter
def part_ordinal(n: int) -> str:
    return ordinals.part_ordinal(n)


@register.filter
def anchor(obj, kind: str) -> str:
    """The id of a part's card on the editor page, e.g. problem-12."""
    return f"{kind}-{obj.pk}"


@register.filter
def base_token(obj, kind: str) -> str:
    """The version a card shows, sent with a delete so it cannot remove newer text unseen."""
    return version_token(obj, PART_KINDS[kind].fields)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, "")

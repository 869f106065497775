"""Ordinals for the editor's labels, from an item's place in its list."""

from django import template

from orglife.document import ordinals

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
def get_item(mapping: dict, key):
    return mapping.get(key, "")

"""Ordinals for the editor's labels, from an item's place in its list."""

from django import template

from orglife.common import ordinals
from orglife.materials.editor.parts import KINDS, PARTS
from orglife.materials.editor.services import version_token

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
    return version_token(obj, KINDS[kind].fields)


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, "")


@register.filter
def list_target(kind: str, parent_pk="") -> str:
    """The selector of the list a part of `kind` is in, e.g. #category-3 or #causes."""
    return PARTS[kind].list_target(parent_pk)


@register.filter
def part_list_target(obj, kind: str) -> str:
    """The selector of the list `obj` (a part of `kind`) is in."""
    return PARTS[kind].list_target(PARTS[kind].parent_pk(obj))


@register.simple_tag
def add_parent_pk(kind: str, category=None, direction=None):
    """The pk of the list an add form of `kind` adds to: its category's or direction's, else ""."""
    parent = {"category": category, "direction": direction}.get(PARTS[kind].parent)
    return parent.pk if parent else ""


@register.filter
def in_list(field, parent_pk) -> str:
    """An add form's field rendered with an id of its own list: the same add form is shown
    under every category (problems) and every direction (measures), and ids must not repeat."""
    if not parent_pk:
        return field.as_widget()
    return field.as_widget(attrs={"id": f"{field.auto_id}-{parent_pk}"})


@register.filter
def add_label(kind: str) -> str:
    return PARTS[kind].add_label


@register.filter
def parent_input(kind: str) -> str:
    """The name of the add form's hidden field naming the list it adds to ("" for none)."""
    return PARTS[kind].parent_input


@register.simple_tag(takes_context=True)
def editor_url(context, name: str, *args) -> str:
    """An editor URL of this material: {% editor_url "editor_part" kind obj.pk %} (EditorUrls)."""
    return context["urls"](name, *args)

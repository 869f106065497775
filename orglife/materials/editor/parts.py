"""The editor's part kinds, in one registry: what a problem, a cause, a direction, a
measure, an extra part and a category's intro are to the editor.

The services (orglife.materials.editor.services), the views (orglife.materials.editor.views,
orglife.materials.editor.context) and the page's partials (templates/editor/editor.html,
through orglife.templatetags.orglife) read a kind's model, forms, list and labels here
instead of each switching on the kind's name. A kind's name is also its URL segment
(/materials/<id>/edit/<kind>/<pk>/) and the prefix of its card's id (problem-12).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from orglife.materials.editor.forms import (
    CauseForm,
    DirectionForm,
    MeasureAddForm,
    MeasureForm,
    ProblemAddForm,
    ProblemForm,
    SectionForm,
)
from orglife.materials.models import CategoryIntro, Cause, Direction, ExtraSection, Material, Measure, Problem


@dataclass(frozen=True)
class PartKind:
    name: str
    model: type[models.Model]
    fields: tuple[str, ...]  # the fields an editor changes, compared for conflicts
    scope: tuple[str, ...]  # positions are unique within these fields (empty: no position)
    snapshot: tuple[str, ...] = ()  # what an undo of a delete puts back (and the links, see services.editor)
    # The list a part belongs to, when it is not the material's: "category" or "direction".
    parent: str = ""
    parent_input: str = ""  # the add form's hidden field naming that list
    list_id: str = ""  # the id of the list's element on the page; {} is the parent's pk
    block: str = ""  # the partial of editor.html that shows the list, re-rendered after a change
    edit_form: type[forms.Form] | None = None
    add_form: type[forms.Form] | None = None
    add_label: str | Promise = ""  # the add form's summary

    @property
    def material_lookup(self) -> str:
        """The lookup from a part to its material."""
        return "direction__material" if self.parent == "direction" else "material"

    def of(self, material: Material) -> dict[str, Any]:
        """The filter that keeps a query to `material`'s parts of this kind."""
        return {self.material_lookup: material}

    def list_target(self, parent_pk: Any = "") -> str:
        """The selector of the list a part is in (#category-3, #causes)."""
        return "#" + self.list_id.format(parent_pk)

    def parent_pk(self, obj: models.Model) -> Any:
        return getattr(obj, f"{self.parent}_id") if self.parent else ""

    def needs_material(self) -> bool:
        """Whether the forms choose among the material's records (categories, owners, problems)."""
        return self.parent != ""


PARTS: dict[str, PartKind] = {
    kind.name: kind
    for kind in (
        PartKind(
            "problem",
            Problem,
            ("category_id", "text"),
            ("material_id", "category_id"),
            snapshot=("category_id", "position", "text"),
            parent="category",
            parent_input="add-problem-category",
            list_id="category-{}",
            block="#category-block",
            edit_form=ProblemForm,
            add_form=ProblemAddForm,
            add_label=_("添加问题"),
        ),
        PartKind(
            "cause",
            Cause,
            ("heading", "body"),
            ("material_id",),
            snapshot=("position", "heading", "body"),
            list_id="causes",
            block="#causes-block",
            edit_form=CauseForm,
            add_form=CauseForm,
            add_label=_("添加原因"),
        ),
        PartKind(
            "direction",
            Direction,
            ("heading", "intro"),
            ("material_id",),
            snapshot=("position", "heading", "intro"),
            list_id="directions",
            block="#directions-block",
            edit_form=DirectionForm,
            add_form=DirectionForm,
            add_label=_("添加努力方向"),
        ),
        PartKind(
            "measure",
            Measure,
            ("text", "owner_id", "deadline", "status", "problem_ids"),
            ("direction_id",),
            snapshot=("direction_id", "position", "text", "owner_id", "status"),
            parent="direction",
            parent_input="direction",
            list_id="direction-{}",
            block="#direction-card",
            edit_form=MeasureForm,
            add_form=MeasureAddForm,
            add_label=_("添加整改措施"),
        ),
        PartKind(
            "section",
            ExtraSection,
            ("heading", "body", "placement"),
            ("material_id",),
            snapshot=("position", "heading", "body", "placement"),
            list_id="sections",
            block="#sections-block",
            edit_form=SectionForm,
            add_form=SectionForm,
            add_label=_("添加部分"),
        ),
    )
}

# A category's lead paragraph is edited in place of the category (one per category and
# material, no position, never added, moved or deleted on its own).
INTRO = PartKind("intro", CategoryIntro, ("text",), ())

# Every kind whose version a form carries.
KINDS: dict[str, PartKind] = {**PARTS, "intro": INTRO}

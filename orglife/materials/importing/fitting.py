"""Fit a parsed material to the cycle it is imported into.

A cycle's categories (查摆方面) are shared by every material of the cycle and only
the branch committee may change them. When someone else imports, a category the
cycle lacks must not be created: its text is kept as an extra part instead.
"""

from __future__ import annotations

from collections.abc import Collection

from orglife.materials.document.shape import CategoryData, SectionData
from orglife.materials.importing import warnings as w
from orglife.materials.importing.parser import ParsedMaterial
from orglife.materials.importing.warnings import ImportWarning


def fit_categories(parsed: ParsedMaterial, known: Collection[str]) -> ParsedMaterial:
    """`parsed` with every category not named in `known` moved into an extra part, with a warning.

    Nothing is lost: the part's heading is the category's printed heading (or its
    name + 方面) and its text the category's intro and items, one per line.
    """
    kept = [category for category in parsed.data["categories"] if category["name"] in known]
    moved = [category for category in parsed.data["categories"] if category["name"] not in known]
    if not moved:
        return parsed
    sections = [category_as_section(category) for category in moved]
    data = {**parsed.data, "categories": kept, "extra_sections": [*parsed.data["extra_sections"], *sections]}
    warnings = [*parsed.warnings, *(_unknown_category(section["heading"]) for section in sections)]
    return ParsedMaterial(data, warnings, list(parsed.removed))


def category_as_section(category: CategoryData) -> SectionData:
    """An extra part (placed with the problems, before them) holding a category's text."""
    texts = [category["intro"], *(item["text"] for item in category["items"])]
    section: SectionData = {
        "heading": category["heading"] or category["name"] + "方面",
        "text": "\n".join(text for text in texts if text),
        "placement": "before",
    }
    return {**section, "generated": True} if category.get("generated") else section


def _unknown_category(heading: str) -> ImportWarning:
    return ImportWarning(
        w.UNKNOWN_CATEGORY,
        f"“{heading}”不是本次组织生活会的查摆方面，已作为其他部分保存；如需单列，请支部委员先添加该方面。",
        heading,
    )

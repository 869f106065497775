from .cycle import CATEGORY_PRESETS, Category, Cycle, category_preset_choices
from .importing import ImportPreview
from .material import (
    CategoryIntro,
    Cause,
    Direction,
    ExtraSection,
    Material,
    Measure,
    MeasureProblem,
    Problem,
)
from .opinion import Campaign, Opinion, OpinionSignature, Source, SubmissionMarker
from .org import Membership, Organisation, User
from .revision import MaterialRevision

__all__ = [
    "CATEGORY_PRESETS",
    "Campaign",
    "Category",
    "CategoryIntro",
    "Cause",
    "Cycle",
    "Direction",
    "ExtraSection",
    "ImportPreview",
    "Material",
    "MaterialRevision",
    "Measure",
    "MeasureProblem",
    "Membership",
    "Opinion",
    "OpinionSignature",
    "Organisation",
    "Problem",
    "Source",
    "SubmissionMarker",
    "User",
    "category_preset_choices",
]

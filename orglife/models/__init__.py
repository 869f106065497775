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
    UsedUndoToken,
)
from .opinion import HOLD_BACK_FLOOR, Campaign, CampaignChange, Opinion, OpinionSignature, Source, SubmissionMarker
from .org import Membership, Organisation, User
from .revision import MaterialRevision
from .sealed import SealedItem

__all__ = [
    "CATEGORY_PRESETS",
    "HOLD_BACK_FLOOR",
    "Campaign",
    "CampaignChange",
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
    "SealedItem",
    "Source",
    "SubmissionMarker",
    "UsedUndoToken",
    "User",
    "category_preset_choices",
]

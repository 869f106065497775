from orglife.common.models import SealedItem
from orglife.cycles.models import CATEGORY_PRESETS, Category, Cycle, category_preset_choices
from orglife.dashboard.models import CopyBand, CopySignature, CycleSummary, ExportJob
from orglife.materials.importing.models import ImportPreview
from orglife.materials.models import (
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
from orglife.materials.revisions.models import MaterialRevision
from orglife.opinions.models import (
    HOLD_BACK_FLOOR,
    Campaign,
    CampaignChange,
    Opinion,
    OpinionSignature,
    Source,
    SubmissionMarker,
)
from orglife.orgs.models import Membership, Organisation, User

__all__ = [
    "CATEGORY_PRESETS",
    "HOLD_BACK_FLOOR",
    "Campaign",
    "CampaignChange",
    "Category",
    "CategoryIntro",
    "Cause",
    "CopyBand",
    "CopySignature",
    "Cycle",
    "CycleSummary",
    "Direction",
    "ExportJob",
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

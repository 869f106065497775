from orglife.common.models import SealedItem
from orglife.cycles.models import CATEGORY_PRESETS, Category, Cycle, category_preset_choices
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
from orglife.rectification.models import Evidence, ItemStatus, LedgerItem, ProgressEntry
from orglife.report.models import Report, ReportSection

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
    "Evidence",
    "ExtraSection",
    "ImportPreview",
    "ItemStatus",
    "LedgerItem",
    "Material",
    "MaterialRevision",
    "Measure",
    "MeasureProblem",
    "Membership",
    "Opinion",
    "OpinionSignature",
    "Organisation",
    "Problem",
    "ProgressEntry",
    "Report",
    "ReportSection",
    "SealedItem",
    "Source",
    "SubmissionMarker",
    "UsedUndoToken",
    "User",
    "category_preset_choices",
]

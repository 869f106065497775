from orglife.common.models import SealedItem
from orglife.cycles.models import CATEGORY_PRESETS, Category, Cycle, category_preset_choices
from orglife.dashboard.models import CopyBand, CopySignature, CycleSummary, ExportJob
from orglife.evaluation.models import Evaluation, FinalGrade, Receipt, SelfAssessment, Subject, Vote, Voted, Voter
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
from orglife.materials.personal.models import SpeechOutline
from orglife.materials.revisions.models import MaterialRevision
from orglife.meeting.models import AgendaItem, Attendance, CriticismRemark, CriticismTurn, Meeting, MinutesVersion
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
from orglife.review.models import Comment, Notification, Review, Transition
from orglife.talks.models import MemberLiaison, Talk, TalkOpinion, TalkParticipant

__all__ = [
    "CATEGORY_PRESETS",
    "HOLD_BACK_FLOOR",
    "AgendaItem",
    "Attendance",
    "Campaign",
    "CampaignChange",
    "Category",
    "CategoryIntro",
    "Cause",
    "Comment",
    "CopyBand",
    "CopySignature",
    "CriticismRemark",
    "CriticismTurn",
    "Cycle",
    "CycleSummary",
    "Direction",
    "Evaluation",
    "Evidence",
    "ExportJob",
    "ExtraSection",
    "FinalGrade",
    "ImportPreview",
    "ItemStatus",
    "LedgerItem",
    "Material",
    "MaterialRevision",
    "Measure",
    "MeasureProblem",
    "Meeting",
    "MemberLiaison",
    "Membership",
    "MinutesVersion",
    "Notification",
    "Opinion",
    "OpinionSignature",
    "Organisation",
    "Problem",
    "ProgressEntry",
    "Receipt",
    "Report",
    "ReportSection",
    "Review",
    "SealedItem",
    "SelfAssessment",
    "Source",
    "SpeechOutline",
    "Subject",
    "SubmissionMarker",
    "Talk",
    "TalkOpinion",
    "TalkParticipant",
    "Transition",
    "UsedUndoToken",
    "User",
    "Vote",
    "Voted",
    "Voter",
    "category_preset_choices",
]

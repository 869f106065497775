from .cycle import CATEGORY_PRESETS, Category, Cycle, category_preset_choices
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
from .org import Membership, Organisation, User

__all__ = [
    "CATEGORY_PRESETS",
    "Category",
    "CategoryIntro",
    "Cause",
    "Cycle",
    "Direction",
    "ExtraSection",
    "Material",
    "Measure",
    "MeasureProblem",
    "Membership",
    "Organisation",
    "Problem",
    "User",
    "category_preset_choices",
]

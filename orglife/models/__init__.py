from .cycle import CATEGORY_PRESETS, Category, Cycle
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
]

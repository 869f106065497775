"""What the importer tells the user about a material it read: {code, message, excerpt}.

The codes are stable (tests and, later, the editor match on them); the messages
are for people and may be reworded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

EXCERPT_LENGTH = 40

ORDINAL_REPEATED = "ordinal_repeated"
ORDINAL_SKIPPED = "ordinal_skipped"
ORDINAL_MIXED = "ordinal_mixed"
HALF_BRACKETS = "half_brackets"
ASCII_QUOTES = "ascii_quotes"
ASCII_PUNCTUATION = "ascii_punctuation"
EMPTY_CATEGORY = "empty_category"
EMPTY_ITEM = "empty_item"
DUPLICATE_CATEGORY = "duplicate_category"
NO_CATEGORIES = "no_categories"
NO_TITLE = "no_title"
NO_PARTS = "no_parts"
MISSING_PART = "missing_part"
UNPLACED_TEXT = "unplaced_text"
UNKNOWN_PART = "unknown_part"
DUPLICATE_PART = "duplicate_part"
SECTION_MOVED = "section_moved"
ITEMS_AS_SECTIONS = "items_as_sections"
NO_SECTIONS = "no_sections"
LONG_HEADING = "long_heading"
CONTROL_CHARS = "control_chars"
TRACKED_CHANGES = "tracked_changes"
TEXT_BOXES = "text_boxes"
NUMBERING_FORMAT = "numbering_format"
NUMBERING_SKIPPED = "numbering_skipped"
NUMBERING_UNREADABLE = "numbering_unreadable"
MIXED_LAYOUT = "mixed_layout"
TRAILING_LINES = "trailing_lines"
ORDINALS_NORMALISED = "ordinals_normalised"
UNKNOWN_CATEGORY = "unknown_category"
# What the importer reshaped (issue 13): shown first in the preview, under 导入时已做的处理.
LINES_JOINED = "lines_joined"
TITLE_JOINED = "title_joined"
RUN_ON_HEADING = "run_on_heading"
TRADITIONAL = "traditional"
CAUSES_IN_PROBLEMS = "causes_in_problems"
ITEMS_AS_CATEGORIES = "items_as_categories"
SIGNATURE_LABEL = "signature_label"
PDF_READ = "pdf_read"
CONVERTED = "converted"

# Codes that only inform (nothing looks wrong; the import changes how something prints).
INFO_CODES = frozenset({ORDINALS_NORMALISED})
# Codes that say how the importer reshaped a file (each asks the user to check the result).
DONE_CODES = frozenset(
    {
        LINES_JOINED,
        TITLE_JOINED,
        RUN_ON_HEADING,
        TRADITIONAL,
        CAUSES_IN_PROBLEMS,
        ITEMS_AS_CATEGORIES,
        SIGNATURE_LABEL,
        PDF_READ,
        CONVERTED,
    }
)


@dataclass(frozen=True)
class ImportWarning:
    code: str
    message: str
    excerpt: str = ""

    @property
    def is_info(self) -> bool:
        """True for a notice that needs no correction, only the user's awareness."""
        return self.code in INFO_CODES

    @property
    def is_done(self) -> bool:
        """True for a notice of how the file was reshaped (lines joined, a heading split off…)."""
        return self.code in DONE_CODES

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def excerpt(text: str, start: int = 0, length: int = EXCERPT_LENGTH) -> str:
    """A short, single-line piece of `text` from `start`, for showing where a problem is."""
    piece = " ".join(text[start : start + length].split())
    return piece + ("……" if len(text) > start + length else "")


def excerpt_around(text: str, index: int, radius: int = 15) -> str:
    """A short piece of `text` centred on `index`."""
    start = max(0, index - radius)
    piece = " ".join(text[start : index + radius].split())
    return ("……" if start else "") + piece + ("……" if index + radius < len(text) else "")

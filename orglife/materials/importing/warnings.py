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

# Codes that only inform (nothing looks wrong; the import changes how something prints).
INFO_CODES = frozenset({ORDINALS_NORMALISED})


@dataclass(frozen=True)
class ImportWarning:
    code: str
    message: str
    excerpt: str = ""

    @property
    def is_info(self) -> bool:
        """True for a notice that needs no correction, only the user's awareness."""
        return self.code in INFO_CODES

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

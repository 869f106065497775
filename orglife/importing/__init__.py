"""Import existing materials (issue 3): read a file, parse its text, report what looks wrong."""

from .decoding import MAX_BYTES, UnreadableDocument, check_text
from .parser import ParsedMaterial, Removed, parse_material
from .reading import read_document
from .warnings import ImportWarning

__all__ = [
    "MAX_BYTES",
    "ImportWarning",
    "ParsedMaterial",
    "Removed",
    "UnreadableDocument",
    "check_text",
    "parse_material",
    "read_document",
]

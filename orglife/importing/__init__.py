"""Import existing materials (issue 3): read a file, parse its text, report what looks wrong."""

from .decoding import MAX_BYTES, UnreadableDocument, check_text
from .fitting import fit_categories
from .parser import ParsedMaterial, Removed, parse_material
from .reading import Reading, read_document, read_upload
from .warnings import ImportWarning

__all__ = [
    "MAX_BYTES",
    "ImportWarning",
    "ParsedMaterial",
    "Reading",
    "Removed",
    "UnreadableDocument",
    "check_text",
    "fit_categories",
    "parse_material",
    "read_document",
    "read_upload",
]

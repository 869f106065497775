"""Import existing materials (issue 3): read a file, parse its text, report what looks wrong."""

from orglife.materials.importing.decoding import MAX_BYTES, UnreadableDocument, check_text
from orglife.materials.importing.fitting import fit_categories
from orglife.materials.importing.parser import ParsedMaterial, Removed, parse_material
from orglife.materials.importing.reading import Reading, read_document, read_upload
from orglife.materials.importing.warnings import ImportWarning

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

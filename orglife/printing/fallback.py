"""Smaller copies of the free fallback fonts, made once when the project is set up.

The Debian CJK fonts are 17–27 MB collections of 65,000 glyphs; WeasyPrint copies
and subsets every font it uses on every render, which made the demo PDF take about
0.3 s. Copies cut down to GB2312 (the 6,763 characters of everyday Chinese, plus
ASCII and punctuation) render it in about 0.19 s. They are registered under their
own family names ("Orglife Serif"…), listed in the stylesheet before the full
fonts, so a rarer character (镕, 喆, 堃) simply comes from the full font after them.
Without the copies (not built yet) the print uses the full fonts, only slower.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Fallback:
    family: str  # the name the stylesheet asks for
    weight: str
    source: str  # the Debian font file
    face: str  # the family name of the face to take from a collection
    filename: str


FALLBACKS = (
    Fallback(
        "Orglife Serif",
        "normal",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "Noto Serif CJK SC",
        "serif-regular.otf",
    ),
    Fallback(
        "Orglife Serif",
        "bold",
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
        "Noto Serif CJK SC",
        "serif-bold.otf",
    ),
    Fallback(
        "Orglife Sans",
        "normal",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "Noto Sans CJK SC",
        "sans-regular.otf",
    ),
    Fallback("Orglife Kai", "normal", "/usr/share/fonts/truetype/arphic/ukai.ttc", "AR PL UKai CN", "kai.ttf"),
)

# Full-width forms, CJK punctuation and the typographic marks official documents use.
_PUNCTUATION = (
    "　、。〃々〇〈〉《》「」『』【】〔〕〖〗〝〞—…‘’“”·！＂＃％＆＇（）＊＋，－．／：；＜＝＞？＠［］＿｛｜｝～￥"
)


def fallback_dir() -> Path:
    return Path(settings.ORGLIFE_FONT_DIR) / "fallback"


def gb2312_characters() -> str:
    """Every character of GB2312, ASCII and the punctuation above."""
    chars = {chr(c) for c in range(0x20, 0x7F)} | set(_PUNCTUATION)
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(sorted(chars))


def built_fallbacks() -> list[tuple[Fallback, Path]]:
    """The fallback copies that exist, with their paths."""
    folder = fallback_dir()
    return [(f, folder / f.filename) for f in FALLBACKS if (folder / f.filename).is_file()]


def build_fallback(fallback: Fallback, folder: Path) -> Path | None:
    """Write the cut-down copy of one fallback font; None when its source is not installed.

    Side effects: writes `folder/filename` (through a temporary file, so a reader
    never sees half a font).
    """
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset" is expected

    source = Path(fallback.source)
    if not source.is_file():
        return None
    number = 0
    if source.suffix.lower() == ".ttc":
        collection = TTCollection(str(source), lazy=True)
        for index, font in enumerate(collection.fonts):
            if any(str(record) == fallback.face for record in font["name"].names if record.nameID == 1):
                number = index
                break
        collection.close()
    options = subset.Options()
    options.font_number = number
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in gb2312_characters()])
    subsetter.subset(font)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / fallback.filename
    partial = target.with_suffix(target.suffix + ".part")
    subset.save_font(font, str(partial), options)
    os.replace(partial, target)
    return target


def needs_build(fallback: Fallback, folder: Path) -> bool:
    """Whether the copy is missing or older than its installed source."""
    source, target = Path(fallback.source), folder / fallback.filename
    return source.is_file() and (not target.is_file() or target.stat().st_mtime < source.stat().st_mtime)

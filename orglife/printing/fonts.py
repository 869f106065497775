"""Which fonts the print uses: the official ones from a font folder, free ones otherwise.

Deployments copy the official fonts (方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体,
宋体) from office PCs into `settings.ORGLIFE_FONT_DIR`. Each file found there is
recognised by the family names inside it, whatever the file is called, and
registered with WeasyPrint through an @font-face rule under the role's first
official name. Each role's font list (its official names, then the free
fallbacks) is declared once, as a CSS variable (`--font-fangsong`…) every print
stylesheet uses, so every document prints with the official fonts when they are
present and with the Debian fallbacks when they are not.
"""

from __future__ import annotations

import glob
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from fontTools.ttLib import TTFont, TTLibError

from orglife.printing.fallback import built_fallbacks

FONT_SUFFIXES = (".ttf", ".otf")


@dataclass(frozen=True)
class FontRole:
    """A typeface the layout needs, by the names offices know it under."""

    names: tuple[str, ...]
    # The free fonts that stand in (shared/print-spec.md): the cut-down copies
    # (orglife.printing.fallback) first, then the full Debian font, then a generic family.
    fallbacks: tuple[str, ...]
    # 小标宋 is a heavy design in a single regular face. Declaring that face as
    # bold lets the title ask for bold (which the Noto fallback needs) without
    # the official face being emboldened a second time.
    weight: str = "normal"

    @property
    def family(self) -> str:
        return self.names[0]

    @property
    def stack(self) -> str:
        """The CSS font-family list: the official names, then the fallbacks."""
        *families, generic = (*self.names, *self.fallbacks)
        return ", ".join([*(_css_string(family) for family in families), generic])


_SERIF = ("Orglife Serif", "Noto Serif CJK SC", "serif")
# Print stylesheets ask for a role as `font-family: var(--font-<key>)`.
ROLES: dict[str, FontRole] = {
    "title": FontRole(
        ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSongS-B05"),
        _SERIF,
        weight="bold",
    ),
    "fangsong": FontRole(("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"), _SERIF),
    "kaiti": FontRole(("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"), ("Orglife Kai", "AR PL UKai CN", "serif")),
    "heiti": FontRole(("黑体", "SimHei"), ("Orglife Sans", "Noto Sans CJK SC", "sans-serif")),
    "songti": FontRole(("宋体", "SimSun"), _SERIF),
}


@dataclass(frozen=True)
class FontFace:
    role: FontRole
    path: Path


def font_dir() -> Path:
    return Path(settings.ORGLIFE_FONT_DIR)


@lru_cache(maxsize=64)
def _family_names(path: Path, mtime_ns: int, size: int) -> frozenset[str]:
    """Every family name (legacy and typographic, all languages) in a font file.

    `mtime_ns` and `size` are only part of the cache key: a replaced file is read again.
    """
    try:
        font = TTFont(path, lazy=True, fontNumber=0)
    except (TTLibError, OSError, ValueError):
        return frozenset()
    with font:
        return frozenset(str(record).strip() for record in font["name"].names if record.nameID in (1, 16))


def _font_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES and p.is_file())


def official_faces() -> list[FontFace]:
    """The official fonts present in the font folder, at most one file per role."""
    faces: dict[str, FontFace] = {}
    for path in _font_files(font_dir()):
        stat = path.stat()
        names = _family_names(path, stat.st_mtime_ns, stat.st_size)
        for key, role in ROLES.items():
            if key not in faces and names & set(role.names):
                faces[key] = FontFace(role, path)
    return list(faces.values())


def font_face_css(faces: Sequence[FontFace]) -> str:
    """@font-face rules registering the official fonts under the names the stylesheet asks
    for, and the cut-down fallback copies (orglife.printing.fallback) where they are built."""
    entries = [(face.role.family, face.path, face.role.weight) for face in faces]
    entries += [(fallback.family, path, fallback.weight) for fallback, path in built_fallbacks()]
    return "\n".join(
        f"@font-face {{ font-family: {_css_string(family)}; src: url({_css_string(path.as_uri())}); "
        f"font-weight: {weight}; }}"
        for family, path, weight in entries
    )


def font_stack_css() -> str:
    """The `--font-<role>` variables every print stylesheet takes its font lists from."""
    declarations = "".join(f"  --font-{key}: {role.stack};\n" for key, role in ROLES.items())
    return f":root {{\n{declarations}}}"


# The free fallbacks the stylesheet names, where Debian installs them
# (fonts-noto-cjk, fonts-arphic-ukai).
FALLBACK_FONT_GLOBS = ("/usr/share/fonts/opentype/noto/Noto*CJK*", "/usr/share/fonts/truetype/arphic/ukai*")


@lru_cache(maxsize=1)
def _fallback_fingerprint() -> str:
    """The installed fallback font files: a PDF rendered before they were installed
    (with missing glyphs) must not be served from the cache after."""
    files = sorted(Path(p) for pattern in FALLBACK_FONT_GLOBS for p in glob.glob(pattern))
    return "".join(f"{p}|{p.stat().st_size}|{p.stat().st_mtime_ns}\n" for p in files)


def font_version(faces: Sequence[FontFace]) -> str:
    """Changes whenever a font file in the folder, or a fallback font, is added, removed or replaced."""
    digest = hashlib.sha256(_fallback_fingerprint().encode())
    entries = [(face.role.family, face.path) for face in faces]
    entries += [(fallback.family, path) for fallback, path in built_fallbacks()]
    for family, path in entries:
        stat = path.stat()
        digest.update(f"{family}|{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def _css_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "")
    return f'"{escaped}"'

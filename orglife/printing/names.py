"""File names for downloaded prints."""

from __future__ import annotations

from orglife.materials.models import Material

_FORBIDDEN = set("\\/:*?<>|")


def download_name(material: Material, extension: str, *, suffix: str = "") -> str:
    """The material's title as a file name: `<title><suffix>.<extension>`.

    Characters that Windows or the shell reject become `_`; ASCII double quotes,
    which materials often mix into Chinese text, become Chinese quotes.
    """
    chars, quotes = [], 0
    for char in material.title:
        if char == '"':
            chars.append("“" if quotes % 2 == 0 else "”")
            quotes += 1
        elif char in _FORBIDDEN or ord(char) < 32:
            chars.append("_")
        else:
            chars.append(char)
    title = " ".join("".join(chars).split()).strip(" .") or "对照检查材料"
    return f"{title[:120]}{suffix}.{extension}"

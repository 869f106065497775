import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from orglife.models import Problem
from orglife.printing import fallback
from orglife.printing.fonts import font_face_css
from tests.printing.conftest import embedded_fonts, render, unicode_to_glyph_ids

KAI = next(f for f in fallback.FALLBACKS if f.filename == "kai.ttf")


@pytest.fixture(scope="session")
def built_copies(tmp_path_factory) -> Path:
    """The four cut-down fonts: those `make test` built under var/, else built here once (~20 s)."""
    made = Path(__file__).resolve().parents[2] / "var" / "fonts" / "fallback"
    if all((made / f.filename).is_file() and not fallback.needs_build(f, made) for f in fallback.FALLBACKS):
        return made
    folder = tmp_path_factory.mktemp("fallback")
    for f in fallback.FALLBACKS:
        fallback.build_fallback(f, folder)
    return folder


@pytest.fixture
def with_copies(settings, built_copies):
    """A font folder holding only the fallback copies (the print conftest empties it otherwise)."""
    shutil.copytree(built_copies, Path(settings.ORGLIFE_FONT_DIR) / "fallback")


def test_gb2312_characters_are_everyday_chinese_plus_ascii_and_punctuation():
    chars = fallback.gb2312_characters()

    assert ("党" in chars, "镕" in chars, "A" in chars, "“" in chars, "（" in chars) == (True, False, True, True, True)
    assert sum("\u4e00" <= c <= "\u9fff" for c in chars) == 6763


def test_build_fallback_keeps_gb2312_and_drops_the_rest(tmp_path):
    path = fallback.build_fallback(KAI, tmp_path)

    cmap = TTFont(path)["cmap"].getBestCmap()
    assert (ord("党") in cmap, ord("镕") in cmap) == (True, False)
    assert path.stat().st_size < Path(KAI.source).stat().st_size / 3
    assert fallback.needs_build(KAI, tmp_path) is False


def test_build_fallback_of_a_missing_source_is_none(tmp_path):
    missing = fallback.Fallback("X", "normal", str(tmp_path / "none.ttc"), "X", "x.otf")

    assert (fallback.build_fallback(missing, tmp_path), fallback.needs_build(missing, tmp_path)) == (None, False)


def test_pdf_uses_the_copies_and_the_full_font_for_rarer_characters(with_copies, demo_material):
    Problem.objects.filter(material=demo_material).order_by("pk").update(text="镕喆堃三位同志学习不够。")

    data = render(demo_material)

    reader = PdfReader(io.BytesIO(data))
    families = {name.split("+", 1)[1] for name in embedded_fonts(reader)}
    # The copies for everything in GB2312; the full Noto font only for 镕, 喆 and 堃.
    assert families == {"Orglife-Serif-Bold", "Orglife-Serif", "Orglife-Sans", "Orglife-Kai", "Noto-Serif-CJK-SC"}
    glyphs = unicode_to_glyph_ids(reader)
    assert all(glyphs[c] and 0 not in glyphs[c] for c in "镕喆堃")


def test_font_face_css_registers_the_built_copies(with_copies, settings):
    css = font_face_css(())

    folder = Path(settings.ORGLIFE_FONT_DIR) / "fallback"
    kai = (folder / "kai.ttf").as_uri()
    assert f'@font-face {{ font-family: "Orglife Kai"; src: url("{kai}"); font-weight: normal; }}' in css
    assert css.count("@font-face") == 4


def test_build_print_fonts_command_is_idempotent(settings, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(fallback, "FALLBACKS", (KAI,))
    settings.ORGLIFE_FONT_DIR = tmp_path

    call_command("build_print_fonts")
    call_command("build_print_fonts")

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"已生成 {tmp_path / 'fallback' / 'kai.ttf'}（")
    assert out[1] == "打印用的精简字体已是最新。"

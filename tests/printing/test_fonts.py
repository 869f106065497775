"""Official fonts dropped into the font folder are recognised by their names and used."""

import io
from pathlib import Path

from django.conf import settings
from fontTools import subset
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from orglife.models import Problem
from orglife.printing import fonts, pdf

from .conftest import text_rows
from .test_pdf import embedded_fonts

UKAI = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")
TEXT = "一是学习不深入。党支部班子对照检查材料存在的问题思想方面（）"


def fake_official_font(folder: Path, file_name: str, family: str, postscript: str) -> Path:
    """A small real font (a subset of AR PL UKai) that calls itself `family`."""
    font = TTFont(UKAI, fontNumber=0)
    options = subset.Options()
    options.name_IDs, options.name_languages, options.notdef_outline = ["*"], ["*"], True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=TEXT)
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = postscript
    path = folder / file_name
    font.save(path)
    return path


def test_official_faces_are_found_by_family_name_not_file_name():
    folder = settings.ORGLIFE_FONT_DIR
    fake_official_font(folder, "fs.ttf", "仿宋_GB2312", "FakeFangSong")
    fake_official_font(folder, "SIMHEI.TTF", "SimHei", "FakeHei")
    (folder / "readme.txt").write_text("not a font")
    (folder / "broken.ttf").write_bytes(b"not a font either")

    faces = {face.role.family: face.path.name for face in fonts.official_faces()}

    assert faces == {"仿宋_GB2312": "fs.ttf", "黑体": "SIMHEI.TTF"}


def test_font_face_css_registers_the_stylesheet_names():
    path = fake_official_font(settings.ORGLIFE_FONT_DIR, "xbs.ttf", "方正小标宋简体", "FakeXBS")

    css = fonts.font_face_css(fonts.official_faces())

    assert css == f'@font-face {{ font-family: "方正小标宋简体"; src: url("{path.as_uri()}"); font-weight: bold; }}'


def test_pdf_uses_an_official_font_from_the_folder(world):
    Problem.objects.create(material=world.material, category=world.categories[0], position=1, text="学习不深入。")
    without = pdf.prepare(world.material)
    fake_official_font(settings.ORGLIFE_FONT_DIR, "fangsong.ttf", "仿宋_GB2312", "FakeFangSong")

    job = pdf.prepare(world.material)
    data = pdf.render_pdf(job)

    assert job.key != without.key  # a new font means a new PDF, not a stale cached one
    body = next(row for row in text_rows(data) if row.text == "一是学习不深入。")
    assert body.font.endswith("+仿宋_GB2312")  # no such font on the system: it came from the folder
    assert all("/FontFile2" in d or "/FontFile3" in d for d in embedded_fonts(PdfReader(io.BytesIO(data))).values())


def test_font_version_changes_with_the_installed_fallback_fonts(monkeypatch, tmp_path):
    from orglife.printing import fonts

    fake = tmp_path / "NotoSerifCJK-Regular.ttc"
    fake.write_bytes(b"x")
    monkeypatch.setattr(fonts, "FALLBACK_FONT_GLOBS", (str(tmp_path / "Noto*CJK*"),))
    fonts._fallback_fingerprint.cache_clear()
    with_font = fonts.font_version(())
    fake.unlink()
    fonts._fallback_fingerprint.cache_clear()
    without = fonts.font_version(())
    fonts._fallback_fingerprint.cache_clear()

    assert with_font != without

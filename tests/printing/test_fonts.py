"""Official fonts dropped into the font folder are recognised by their names and used."""

import io

from django.conf import settings
from pypdf import PdfReader

from orglife.printing import fonts, pdf
from orglife.printing.material import material_job
from tests.factories import make_problem
from tests.printing.conftest import embedded_fonts, text_rows


def test_official_faces_are_found_by_family_name_not_file_name(official_font):
    folder = settings.ORGLIFE_FONT_DIR
    official_font("fs.ttf", "仿宋_GB2312", "FakeFangSong")
    official_font("SIMHEI.TTF", "SimHei", "FakeHei")
    (folder / "readme.txt").write_text("not a font")
    (folder / "broken.ttf").write_bytes(b"not a font either")

    faces = {face.role.family: face.path.name for face in fonts.official_faces()}

    assert faces == {"仿宋_GB2312": "fs.ttf", "黑体": "SIMHEI.TTF"}


def test_font_face_css_registers_the_stylesheet_names(official_font):
    path = official_font("xbs.ttf", "方正小标宋简体", "FakeXBS")

    css = fonts.font_face_css(fonts.official_faces())

    assert css == f'@font-face {{ font-family: "方正小标宋简体"; src: url("{path.as_uri()}"); font-weight: bold; }}'


def test_pdf_uses_an_official_font_from_the_folder(world, official_font):
    make_problem(material=world.material, category=world.categories[0], position=1, text="学习不深入。")
    without = material_job(world.material)
    official_font("fangsong.ttf", "仿宋_GB2312", "FakeFangSong")

    job = material_job(world.material)
    data = pdf.render(job)

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

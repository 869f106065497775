import io

import docx
import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from orglife.materials.document.assembly import assemble
from tests.factories import make_material


def test_print_material_writes_pdf_of_the_committee_material(demo_material, tmp_path):
    output = tmp_path / "材料.pdf"

    call_command(
        "print_material", str(demo_material.cycle_id), "--format", "pdf", "-o", str(output), stdout=io.StringIO()
    )

    reader = PdfReader(output)
    assert len(reader.pages) == 9
    assert reader.metadata.title == demo_material.title


def test_print_material_writes_docx(demo_material, tmp_path):
    output = tmp_path / "材料.docx"

    call_command(
        "print_material", str(demo_material.cycle_id), "--format", "docx", "-o", str(output), stdout=io.StringIO()
    )

    texts = [p.text.replace("\n", "") for p in docx.Document(output).paragraphs]
    assert texts == [p.text for p in assemble(demo_material)]


def test_print_material_personal(world, tmp_path):
    make_material(cycle=world.cycle, kind="personal", author=world.member, title="王党员个人对照检查材料")
    output = tmp_path / "个人.pdf"

    call_command("print_material", str(world.cycle.pk), "--personal", "member", "-o", str(output), stdout=io.StringIO())

    assert PdfReader(output).metadata.title == "王党员个人对照检查材料"


def test_print_material_unknown_cycle(db, tmp_path):
    with pytest.raises(CommandError, match=r"^没有编号为 999 的组织生活会。$"):
        call_command("print_material", "999", "-o", str(tmp_path / "x.pdf"))


def test_print_material_missing_personal_material(world, tmp_path):
    with pytest.raises(CommandError, match=r"^2022年专题组织生活会中没有用户 outsider 的个人对照检查材料。$"):
        call_command("print_material", str(world.cycle.pk), "--personal", "outsider", "-o", str(tmp_path / "x.pdf"))

"""One member's long material does not hold up everyone's PDF (issue 11, item 5)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from orglife.printing import pdf
from orglife.printing.material import material_job
from tests.factories import make_problem


@pytest.fixture
def long_material(world, monkeypatch):
    """The world's material, counted as long: anything over 20 characters is."""
    monkeypatch.setattr(pdf, "IN_PROCESS_CHARS", 20)
    make_problem(
        material=world.material, category=world.categories[0], position=1, text="理想信念不够坚定，学习不够深入。"
    )
    return world.material


def test_material_pdf_of_a_long_material_renders_in_a_child_while_the_render_lock_is_held(
    world, client_for, long_material, render_lock_held
):
    response = client_for(world.secretary).get(reverse("material_pdf", args=[long_material.pk]))

    body = b"".join(response.streaming_content)
    assert (response.status_code, pdf._render_lock.locked()) == (200, True)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "理想信念不够坚定" in "".join(text.split())


def test_material_pdf_waiting_past_wait_seconds_answers_503_with_the_reason(
    world, client_for, monkeypatch, render_lock_held
):
    monkeypatch.setattr(pdf, "WAIT_SECONDS", 0.1)

    response = client_for(world.secretary).get(reverse("material_pdf", args=[world.material.pk]))

    assert (response.status_code, response["Retry-After"]) == (503, "10")
    assert '<p class="error" role="alert">正在为其他材料生成PDF，请稍后再试（可以先导出Word）。</p>' in (
        response.content.decode()
    )


def test_render_pdf_of_a_long_material_past_the_time_limit_is_refused(world, long_material, monkeypatch):
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 0.01)

    with pytest.raises(pdf.PrintRefused) as refused:
        pdf.render(material_job(long_material))

    assert (refused.value.message, refused.value.busy) == (
        "这份材料太长，未能在0.01秒内生成PDF。请删减或拆分后再打印，也可以先导出Word。",
        False,
    )


def test_render_pdf_of_a_long_material_waits_for_the_one_child_slot_then_is_refused(world, long_material, monkeypatch):
    monkeypatch.setattr(pdf, "WAIT_SECONDS", 0.1)
    pdf._child_slot.acquire()  # another long material is being rendered
    try:
        with pytest.raises(pdf.PrintRefused) as refused:
            pdf.render(material_job(long_material))
    finally:
        pdf._child_slot.release()

    assert (refused.value.message, refused.value.busy) == (
        "正在为其他材料生成PDF，请稍后再试（可以先导出Word）。",
        True,
    )


def test_print_material_command_says_why_a_long_material_was_not_printed(world, long_material, monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 0.01)

    with pytest.raises(CommandError) as refused:
        call_command("print_material", str(world.cycle.pk), "-o", str(tmp_path / "out.pdf"))

    assert str(refused.value) == "这份材料太长，未能在0.01秒内生成PDF。请删减或拆分后再打印，也可以先导出Word。"

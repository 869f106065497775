import datetime
import io
from urllib.parse import quote

import docx
import pytest
from django.urls import reverse
from pypdf import PdfReader

from orglife.materials.revisions.services import revision_create
from orglife.models import Material, MaterialRevision, Problem
from orglife.printing import pdf
from tests.factories import make_material, make_problem

SAVED = datetime.datetime(2022, 11, 24, 2, 30, 5, tzinfo=datetime.UTC)  # 10:30:05 in Beijing


@pytest.fixture
def revision(world) -> MaterialRevision:
    """A revision of the material with one problem, saved at SAVED; since then the problem
    and the title have changed."""
    problem = make_problem(material=world.material, category=world.categories[0], position=1, text="学习不够深入。")
    revision = revision_create(material=world.material, by=world.secretary, reason="改之前")
    MaterialRevision.objects.filter(pk=revision.pk).update(created_at=SAVED)
    Problem.objects.filter(pk=problem.pk).update(text="学习很不够系统。")
    Material.objects.filter(pk=world.material.pk).update(title="党支部班子对照检查材料（第二稿）")
    revision.refresh_from_db()
    return revision


def test_revision_compare_header_shows_the_local_time_the_list_shows(world, client_for, revision):
    client = client_for(world.secretary)

    listed = client.get(reverse("material_revisions", args=[world.material.pk])).content.decode()
    compared = client.get(
        reverse("material_revision_compare", args=[world.material.pk]), {"a": revision.pk, "b": "current"}
    )

    assert "<td>2022年11月24日 10:30:05</td>" in listed
    assert (compared.context["old_label"], compared.context["new_label"]) == (
        "2022年11月24日 10:30:05 改之前",
        "当前内容",
    )
    assert "<del>2022年11月24日 10:30:05 改之前</del>" in compared.content.decode()


def test_revision_pdf_prints_the_revision_not_the_current_content(world, client_for, revision):
    response = client_for(world.member).get(reverse("material_revision_pdf", args=[world.material.pk, revision.pk]))

    body = b"".join(response.streaming_content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages).replace("\n", "")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        "党支部班子对照检查材料（2022年11月24日10时30分版本）.pdf"
    )
    assert ("学习不够深入" in text, "很不够系统" in text, "第二稿" in text) == (True, False, False)


def test_revision_pdf_answers_304_when_unchanged(world, client_for, revision):
    client = client_for(world.secretary)
    url = reverse("material_revision_pdf", args=[world.material.pk, revision.pk])

    etag = client.get(url)["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})

    assert again.status_code == 304


def test_revision_pdf_while_another_render_holds_the_engine_answers_503_with_the_way_on(
    world, client_for, revision, monkeypatch
):
    monkeypatch.setattr(pdf, "WAIT_SECONDS", 0.1)
    url = reverse("material_revision_pdf", args=[world.material.pk, revision.pk])

    with pdf._render_lock:  # another request's render
        response = client_for(world.secretary).get(url)

    html = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (503, "10")
    assert '<p class="error" role="alert">正在为其他材料生成PDF，请稍后再试（可以先导出Word）。</p>' in html
    back = reverse("material_revisions", args=[world.material.pk])
    word = reverse("material_revision_docx", args=[world.material.pk, revision.pk])
    assert f'<p><a href="{back}">返回历史版本</a>　<a href="{word}">下载Word</a></p>' in html


def test_revision_docx_is_the_revision_as_word(world, client_for, revision):
    response = client_for(world.reviewer).get(reverse("material_revision_docx", args=[world.material.pk, revision.pk]))

    document = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        "党支部班子对照检查材料（2022年11月24日10时30分版本）.docx"
    )
    assert texts[:4] == ["党支部班子对照检查材料", "一、存在的问题", "（一）思想方面。", "一是学习不够深入。"]
    assert document.core_properties.modified == SAVED


def test_revision_list_offers_pdf_and_word(world, client_for, revision):
    html = client_for(world.member).get(reverse("material_revisions", args=[world.material.pk])).content.decode()

    assert f'<a href="{reverse("material_revision_pdf", args=[world.material.pk, revision.pk])}">下载PDF</a>' in html
    assert f'<a href="{reverse("material_revision_docx", args=[world.material.pk, revision.pk])}">下载Word</a>' in html


@pytest.mark.parametrize("name", ["material_revision_pdf", "material_revision_docx"])
def test_revision_prints_are_404_for_outsiders_and_for_another_materials_revision(world, client_for, revision, name):
    other = make_material(cycle=world.cycle, kind="personal", author=world.secretary, title="个人材料")

    outsider = client_for(world.outsider).get(reverse(name, args=[world.material.pk, revision.pk])).status_code
    crossed = client_for(world.secretary).get(reverse(name, args=[other.pk, revision.pk])).status_code

    assert (outsider, crossed) == (404, 404)

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from pypdf import PdfReader

from orglife.printing.material import material_job
from tests.factories import make_material, make_problem

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_material_pdf_secretary_downloads_pdf_named_after_the_title(world, client_for):
    response = client_for(world.secretary).get(reverse("material_pdf", args=[world.material.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("党支部班子对照检查材料.pdf")
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF-")
    assert PdfReader(io.BytesIO(body)).metadata.title == "党支部班子对照检查材料"
    assert response["ETag"] == f'"{material_job(world.material).key}"'


def test_material_pdf_file_name_replaces_characters_files_cannot_hold(world, client_for):
    world.material.title = '党支部班子2022年"迎盛会"对照检查材料/第二稿'
    world.material.save()

    response = client_for(world.secretary).get(reverse("material_pdf", args=[world.material.pk]))

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        "党支部班子2022年“迎盛会”对照检查材料_第二稿.pdf"
    )


def test_material_pdf_member_and_reviewer_may_download(world, client_for):
    url = reverse("material_pdf", args=[world.material.pk])

    codes = [client_for(user).get(url).status_code for user in (world.committee, world.member, world.reviewer)]

    assert codes == [200, 200, 200]


@pytest.mark.parametrize("name", ["material_pdf", "material_docx"])
def test_material_print_outsider_gets_404(world, client_for, name):
    response = client_for(world.outsider).get(reverse(name, args=[world.material.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["material_pdf", "material_docx"])
def test_material_print_anonymous_is_sent_to_login(world, client, name):
    url = reverse(name, args=[world.material.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("name", ["material_pdf", "material_docx"])
def test_material_print_refuses_post(world, client_for, name):
    response = client_for(world.secretary).post(reverse(name, args=[world.material.pk]))

    assert response.status_code == 405


def test_material_print_personal_material_hidden_from_other_members(world, client_for):
    material = make_material(cycle=world.cycle, kind="personal", author=world.member, title="王党员个人对照检查材料")
    url = reverse("material_pdf", args=[material.pk])

    codes = [client_for(user).get(url).status_code for user in (world.member, world.secretary, world.outsider)]

    assert codes == [200, 200, 404]


def test_material_docx_downloads_word_file(world, client_for):
    response = client_for(world.secretary).get(reverse("material_docx", args=[world.material.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("党支部班子对照检查材料.docx")
    assert b"".join(response.streaming_content).startswith(b"PK")


def test_material_pdf_second_request_is_served_from_cache(world, client_for, render_calls):
    client = client_for(world.secretary)
    url = reverse("material_pdf", args=[world.material.pk])

    first = b"".join(client.get(url).streaming_content)
    second = b"".join(client.get(url).streaming_content)

    assert len(render_calls) == 1
    assert first == second


def test_material_pdf_unchanged_material_answers_304(world, client_for, render_calls):
    client = client_for(world.secretary)
    url = reverse("material_pdf", args=[world.material.pk])
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert len(render_calls) == 1


def test_material_pdf_edited_material_is_rendered_again(world, client_for, render_calls):
    client = client_for(world.secretary)
    url = reverse("material_pdf", args=[world.material.pk])
    etag = client.get(url)["ETag"]
    make_problem(material=world.material, category=world.categories[0], position=1, text="学习不深入。")

    response = client.get(url, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert len(render_calls) == 2


def test_material_page_links_to_pdf_and_word(world, client_for):
    html = client_for(world.member).get(reverse("material", args=[world.material.pk])).content.decode()

    pdf_url, docx_url = (reverse(name, args=[world.material.pk]) for name in ("material_pdf", "material_docx"))
    assert f'<a class="button" href="{pdf_url}">打印 PDF</a>' in html
    assert f'<a class="button secondary" href="{docx_url}">导出 Word</a>' in html

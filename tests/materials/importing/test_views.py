import hashlib
import json
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from orglife.materials.importing.services import material_import
from orglife.materials.revisions.services import material_to_data
from orglife.models import Material, MaterialRevision
from tests.factories import adopted_opinion, make_material
from tests.materials.importing.conftest import read_sample
from tests.materials.importing.documents import CFB


def upload(name: str, data: bytes) -> dict:
    return {"file": SimpleUploadedFile(name, data), "text": ""}


def preview(client, cycle, data: dict, *, personal: bool = False):
    return client.post(reverse("personal_import" if personal else "material_import", args=[cycle.pk]), data)


def confirm(client, cycle, digest: str, *, personal: bool = False):
    name = "personal_import_confirm" if personal else "material_import_confirm"
    return client.post(reverse(name, args=[cycle.pk]), {"digest": digest})


def digest_of(response) -> str:
    return response.context["confirm"].initial["digest"]


# The browser flow ----------------------------------------------------------------------


def test_import_page_shows_the_form_to_the_committee(world, client_for):
    response = client_for(world.committee).get(reverse("material_import", args=[world.cycle.pk]))

    assert response.status_code == 200
    assert response.templates[0].name == "materials/importing/upload.html"
    assert 'enctype="multipart/form-data"' in response.content.decode()


def test_cycle_page_links_to_import_and_revisions(world, client_for):
    html = client_for(world.secretary).get(reverse("cycle", args=[world.cycle.pk])).content.decode()

    assert f'href="{reverse("material_import", args=[world.cycle.pk])}"' in html
    assert f'href="{reverse("material_revisions", args=[world.material.pk])}"' in html


def test_cycle_page_hides_the_committee_import_from_members(world, client_for):
    html = client_for(world.member).get(reverse("cycle", args=[world.cycle.pk])).content.decode()

    assert f'href="{reverse("material_import", args=[world.cycle.pk])}"' not in html
    assert f'href="{reverse("personal_home", args=[world.cycle.pk])}"' in html


def test_upload_shows_a_preview_with_warnings_and_saves_nothing(world, client_for, sample_text):
    client = client_for(world.secretary)

    response = preview(client, world.cycle, upload("材料.txt", sample_text.encode("gbk")))

    assert response.status_code == 200
    assert response.templates[0].name == "materials/importing/preview.html"
    assert [w.code for w in response.context["warnings"]] == [
        "ordinal_repeated",
        "ordinal_mixed",
        "half_brackets",
        "ascii_quotes",
        "ascii_punctuation",
    ]
    html = response.content.decode()
    assert "“思想”方面的序号“二是”与上一条重复，导入后按顺序重新编号。" in html
    assert "确认后将替换现有材料“党支部班子对照检查材料”的全部内容" in html
    assert world.material.problems.count() == 0
    assert MaterialRevision.objects.count() == 0


def test_confirm_saves_the_previewed_material_and_a_revision(world, client_for, sample_text):
    client = client_for(world.secretary)
    empty = material_to_data(world.material)
    shown = preview(client, world.cycle, upload("材料.txt", sample_text.encode()))

    response = confirm(client, world.cycle, digest_of(shown))

    assert response.status_code == 302
    assert response["Location"] == reverse("material", args=[world.material.pk])
    world.material.refresh_from_db()
    assert [c.name for c in world.cycle.categories.order_by("position")] == ["思想", "学习", "工作", "生活"]
    assert world.material.problems.count() == 12
    assert world.material.causes.count() == 3
    revision = MaterialRevision.objects.get()
    assert (revision.material, revision.reason, revision.created_by, revision.data) == (
        world.material,
        "导入前自动保存（导入材料.txt）",
        world.secretary,
        empty,
    )
    assert client.session.get(f"orglife-import:{world.cycle.pk}:committee") is None


def test_pasted_text_goes_through_preview_and_confirm(world, client_for):
    client = client_for(world.committee)
    text = read_sample("school-branch.txt")

    shown = preview(client, world.cycle, {"text": text})
    confirm(client, world.cycle, digest_of(shown))

    world.material.refresh_from_db()
    assert world.material.title == "中共东城区实验小学党支部2023年度组织生活会对照检查材料"
    assert world.material.sections.get().heading == "基本情况"


def test_docx_upload_is_previewed(world, client_for):
    from tests.materials.importing.documents import make_docx, numbered_material

    response = preview(client_for(world.secretary), world.cycle, upload("材料.docx", make_docx(numbered_material)))

    assert [len(c["items"]) for c in response.context["data"]["categories"]] == [2, 3]


def test_confirm_with_a_stale_digest_imports_nothing(world, client_for, sample_text):
    client = client_for(world.secretary)
    preview(client, world.cycle, {"text": sample_text})

    response = confirm(client, world.cycle, hashlib.sha256(b"another preview").hexdigest())

    assert response.status_code == 302
    assert response["Location"] == reverse("material_import", args=[world.cycle.pk])
    assert world.material.problems.count() == 0
    assert MaterialRevision.objects.count() == 0


def test_confirm_without_a_preview_imports_nothing(world, client_for):
    response = confirm(client_for(world.secretary), world.cycle, "0" * 64)

    assert response.status_code == 302
    assert MaterialRevision.objects.count() == 0


def test_member_imports_their_personal_outline(world, client_for):
    client = client_for(world.member)
    shown = preview(client, world.cycle, {"text": read_sample("personal-outline.txt")}, personal=True)

    response = confirm(client, world.cycle, digest_of(shown), personal=True)

    material = Material.objects.get(kind="personal")
    assert response["Location"] == reverse("material", args=[material.pk])
    assert (material.author, material.signature, material.signed_on.isoformat()) == (world.member, "张三", "2022-11-24")
    assert MaterialRevision.objects.count() == 0  # nothing was replaced


# Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (upload("a.txt", b""), "文件是空的，没有可导入的文字。"),
        (
            upload("a.txt", b"\x00\x01\x02garbage" * 40),
            "文件内容不是文字（可能是图片、压缩包或其他二进制文件），无法导入。",
        ),
        (upload("a.docx", "文字".encode()), "文件扩展名是 .docx，但内容不是 Word 文档，可能只是改了扩展名或已损坏。"),
        (
            upload("a.docx", CFB + "EncryptedPackage".encode("utf-16-le")),
            "文档设置了密码（已加密），无法读取。请在 Word 中取消密码后另存为 .docx 再上传。",
        ),
        (
            upload("a.doc", CFB),
            "文件是旧版 Office 文件，但不是 Word（.doc）或 WPS 文字文档"
            "（可能是 Excel、PowerPoint 文件，或已损坏），无法导入。",
        ),
        (upload("a.txt", b"a" * (10 * 1024 * 1024 + 1)), "文件超过 10 MB，无法导入。"),
        ({"text": "   "}, "请上传文件或粘贴材料全文。"),
        (
            {**upload("a.txt", "一、存在的问题".encode()), "text": "也粘贴了"},
            "请只上传文件或只粘贴文字，不要同时使用两种方式。",
        ),
    ],
    ids=["empty", "binary", "fake-docx", "encrypted", "old-doc", "too-big", "nothing", "both"],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(world, client_for, data, message):
    client = client_for(world.secretary)

    response = preview(client, world.cycle, data)

    assert response.status_code == 200
    assert response.templates[0].name == "materials/importing/upload.html"
    assert message in [str(error) for errors in response.context["form"].errors.values() for error in errors]
    assert message in response.content.decode()
    assert client.session.get(f"orglife-import:{world.cycle.pk}:committee") is None
    assert (world.material.problems.count(), MaterialRevision.objects.count()) == (0, 0)


def test_text_without_parts_is_previewed_with_a_warning(world, client_for):
    response = preview(client_for(world.secretary), world.cycle, {"text": "一段没有任何结构的文字。"})

    assert [w.code for w in response.context["warnings"]] == ["no_title", "no_parts"]
    assert response.context["data"]["preamble"] == "一段没有任何结构的文字。"


# Revisions ------------------------------------------------------------------------------


@pytest.fixture
def imported(world, sample_text):
    """The committee material after an import: one revision holding the empty material."""
    return material_import(cycle=world.cycle, text=sample_text, by=world.secretary).revision


def test_revisions_page_lists_the_material_revisions(world, client_for, imported):
    response = client_for(world.member).get(reverse("material_revisions", args=[world.material.pk]))

    assert response.status_code == 200
    assert list(response.context["revisions"]) == [imported]
    assert response.context["can_edit"] is False
    html = response.content.decode()
    assert reverse("material_revision_download", args=[world.material.pk, imported.pk]) in html
    assert reverse("material_revision_restore", args=[world.material.pk, imported.pk]) not in html


def test_revision_download_is_the_json_data(world, client_for, imported):
    response = client_for(world.reviewer).get(
        reverse("material_revision_download", args=[world.material.pk, imported.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="material-{world.material.pk}-revision-{imported.pk}.json"'
    )
    assert json.loads(response.content) == imported.data


def test_restore_puts_the_revision_back_and_saves_the_current_content(world, client_for, imported):
    current = material_to_data(world.material)

    response = client_for(world.committee).post(
        reverse("material_revision_restore", args=[world.material.pk, imported.pk])
    )

    assert response.status_code == 302
    assert material_to_data(world.material) == imported.data
    newest = world.material.revisions.first()
    assert (newest.reason, newest.created_by, newest.data) == ("恢复前自动保存", world.committee, current)


# Permissions: outsider 404, read-only 403, and nothing changes ----------------------------


def import_endpoints(world, revision) -> list[tuple[str, str, dict]]:
    cycle, material = world.cycle.pk, world.material.pk
    return [
        ("get", reverse("material_import", args=[cycle]), {}),
        ("post", reverse("material_import", args=[cycle]), {"text": "一、存在的问题"}),
        ("post", reverse("material_import_confirm", args=[cycle]), {"digest": "0" * 64}),
        ("post", reverse("material_revision_restore", args=[material, revision.pk]), {}),
    ]


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("member", 403), ("reviewer", 403)])
def test_committee_import_and_restore_are_refused(world, client_for, imported, who, status):
    client = client_for(getattr(world, who))
    before = (material_to_data(world.material), MaterialRevision.objects.count())

    codes = [getattr(client, method)(url, data).status_code for method, url, data in import_endpoints(world, imported)]

    assert codes == [status] * 4
    assert (material_to_data(world.material), MaterialRevision.objects.count()) == before


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("reviewer", 403)])
def test_personal_import_is_refused_outside_the_branch_membership(world, client_for, who, status):
    client = client_for(getattr(world, who))
    urls = [
        reverse("personal_import", args=[world.cycle.pk]),
        reverse("personal_import_confirm", args=[world.cycle.pk]),
    ]

    codes = [client.get(urls[0]).status_code, client.post(urls[0], {"text": "x"}).status_code]
    codes.append(client.post(urls[1], {"digest": "0" * 64}).status_code)

    assert codes == [status] * 3
    assert Material.objects.filter(kind="personal").count() == 0


@pytest.mark.parametrize("name", ["material_revisions", "material_revision_download"])
def test_revision_pages_are_hidden_from_outsiders(world, client_for, imported, name):
    args = [world.material.pk] if name == "material_revisions" else [world.material.pk, imported.pk]

    response = client_for(world.outsider).get(reverse(name, args=args))

    assert response.status_code == 404


def test_personal_material_revisions_are_the_authors_to_restore(world, client_for):
    first = material_import(cycle=world.cycle, text=read_sample("personal-outline.txt"), author=world.member)
    second = material_import(cycle=world.cycle, text="一、存在的问题\n（一）思想方面。\n一是甲。", author=world.member)
    url = reverse("material_revision_restore", args=[first.material.pk, second.revision.pk])

    codes = [client_for(user).post(url).status_code for user in (world.committee, world.member)]

    assert codes == [403, 302]
    assert first.material.problems.count() == 5


def test_revision_of_another_material_is_not_found(world, client_for, imported):
    other = make_material(cycle=world.cycle, kind="personal", author=world.secretary, title="个人材料")

    response = client_for(world.secretary).post(reverse("material_revision_restore", args=[other.pk, imported.pk]))

    assert response.status_code == 404


def test_import_pages_send_anonymous_users_to_login(world, client):
    url = reverse("material_import", args=[world.cycle.pk])

    response = client.get(url)

    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


# A member's personal import ----------------------------------------------------------------


def test_member_personal_import_keeps_the_cycles_categories(world, client_for):
    client = client_for(world.member)
    before = list(world.cycle.categories.values_list("name", flat=True))
    text = read_sample("personal-outline.txt")  # its 理想信念 and 担当作为 are not the cycle's categories

    shown = preview(client, world.cycle, {"text": text}, personal=True)
    confirm(client, world.cycle, digest_of(shown), personal=True)

    assert [w.code for w in shown.context["warnings"]].count("unknown_category") == 2
    assert "“理想信念方面”不是本次组织生活会的查摆方面" in shown.content.decode()
    assert shown.context["data"]["categories"] == []
    assert list(world.cycle.categories.values_list("name", flat=True)) == before
    material = Material.objects.get(kind="personal")
    assert [s.heading for s in material.sections.order_by("position")] == ["理想信念方面", "担当作为方面"]


# Reading warnings reach the preview -----------------------------------------------------------


def test_docx_reading_warnings_are_shown_in_the_preview(world, client_for):
    from tests.materials.importing.documents import make_docx, marked_up_material

    response = preview(client_for(world.secretary), world.cycle, upload("材料.docx", make_docx(marked_up_material)))

    assert [w.code for w in response.context["warnings"]][:2] == ["tracked_changes", "text_boxes"]
    assert "文档中有 1 个文本框" in response.content.decode()


# Replacing content with unrecognised text needs explicit consent ---------------------------------

UNRECOGNISED = {"text": "一段没有任何结构的文字。"}


def test_unrecognised_text_over_existing_content_needs_the_checkbox(world, client_for, imported):
    client = client_for(world.secretary)
    before = material_to_data(world.material)
    shown = preview(client, world.cycle, UNRECOGNISED)
    assert "我确认用这段文字替换现有内容" in shown.content.decode()

    refused = confirm(client, world.cycle, digest_of(shown))

    assert refused.status_code == 200
    assert refused.templates[0].name == "materials/importing/preview.html"
    assert "如确实要替换，请勾选“我确认用这段文字替换现有内容”" in refused.content.decode()
    assert material_to_data(world.material) == before

    name = "material_import_confirm"
    accepted = client.post(reverse(name, args=[world.cycle.pk]), {"digest": digest_of(shown), "replace": "on"})

    assert accepted.status_code == 302
    world.material.refresh_from_db()
    assert (world.material.preamble, world.material.problems.count()) == ("一段没有任何结构的文字。", 0)


def test_unrecognised_text_into_an_empty_material_needs_no_checkbox(world, client_for):
    client = client_for(world.secretary)
    shown = preview(client, world.cycle, UNRECOGNISED)

    response = confirm(client, world.cycle, digest_of(shown))

    assert "我确认用这段文字替换现有内容" not in shown.content.decode()
    assert response.status_code == 302


# A body over DATA_UPLOAD_MAX_MEMORY_SIZE ------------------------------------------------------


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_too_large_paste_gets_a_chinese_message_and_413(world, encoding):
    client = Client(enforce_csrf_checks=True)  # as a browser: CSRF middleware runs first
    client.force_login(world.secretary)
    url = reverse("material_import", args=[world.cycle.pk])
    token = client.get(url).context["csrf_token"]
    data = {"csrfmiddlewaretoken": str(token), "text": "字" * 2000}

    if encoding == "multipart":
        response = client.post(url, data)
    else:
        response = client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")

    assert response.status_code == 413
    assert response.templates[0].name == "materials/importing/upload.html"
    assert "内容超过 10 MB，请拆分后分别导入，或上传 Word 文件。" in response.content.decode()
    assert client.session.get(f"orglife-import:{world.cycle.pk}:committee") is None


def test_upload_still_checks_the_csrf_token(world, client_for):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.secretary)

    response = client.post(reverse("material_import", args=[world.cycle.pk]), {"text": "一、存在的问题"})

    assert response.status_code == 403


def test_preview_warns_that_adopted_opinions_without_a_matching_problem_will_return_to_pending(
    world, client_for, sample_text
):
    adopted_opinion(cycle=world.cycle, category=world.categories[0])

    shown = preview(client_for(world.secretary), world.cycle, upload("材料.txt", sample_text.encode()))

    html = shown.content.decode()
    assert "现有材料中有 1 条已采纳的意见建议，" in html
    assert "即使保留，也将丢失 1 条已采纳的意见建议：" in html
    assert "问题 思想方面第1条<q>理论学习走过场。</q>：1 条已采纳的意见建议（将回到“待处理”）</li>" in html

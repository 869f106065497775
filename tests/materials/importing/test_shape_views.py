"""The import preview says what was done to each shape of issue 13, and a material in
traditional characters can be converted on confirmation."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orglife.materials.importing.services import material_import
from tests.materials.importing.test_files import material_pdf
from tests.materials.importing.test_shapes import COMMITTEE as WRITTEN
from tests.materials.importing.test_shapes import OUTLINE, TRADITIONAL, wrap


def preview(client, cycle, data):
    return client.post(reverse("material_import", args=[cycle.pk]), data)


def test_preview_of_a_pdf_lists_what_was_done(world, client_for):
    client = client_for(world.secretary)

    response = preview(client, world.cycle, {"file": SimpleUploadedFile("材料.pdf", material_pdf()), "text": ""})

    assert response.status_code == 200
    assert [w.code for w in response.context["done"]] == ["pdf_read", "lines_joined", "title_joined"]
    html = response.content.decode()
    assert "导入时已做的处理" in html
    assert "已读取 PDF 文件 2 页中的文字，去掉了 2 个页码。" in html
    assert "已把按行折断的文字重新连成段落" in html
    assert "标题分在 3 行，已连成一行。" in html
    assert "转换为简体字后导入" not in html
    assert world.material.problems.count() == 0


def test_preview_of_pasted_text_copied_out_of_a_pdf_says_lines_were_joined(world, client_for):
    response = preview(client_for(world.secretary), world.cycle, {"text": wrap(WRITTEN, 26)})

    assert [w.message for w in response.context["done"]] == [
        "文字每行约 26 字就断行（多是从 PDF 复制的），已把按行折断的文字重新连成段落：9 处断行连成了 7 段，请核对分段。"
    ]
    # The one thing left to say is the content rule's (orglife.materials.document.weight).
    assert [w.code for w in response.context["warnings"]] == ["thin_core"]
    assert "问题和原因只占全文的46%（169/364字），应当占一半以上。" in response.content.decode()


def test_preview_of_an_outline_says_aspects_became_categories_and_the_label_was_kept_apart(world, client_for):
    response = preview(client_for(world.secretary), world.cycle, {"text": OUTLINE})

    assert [w.code for w in response.context["done"]] == ["signature_label", "items_as_categories"]
    html = response.content.decode()
    assert "已把每条作为一个方面" in html
    assert '王某某 2023-12-05<span class="hint">（标签“发言人：”已与姓名分开）</span>' in html


def test_preview_of_traditional_text_offers_to_convert_it(world, client_for):
    response = preview(client_for(world.secretary), world.cycle, {"text": TRADITIONAL})

    assert [w.code for w in response.context["done"]] == ["traditional", "signature_label"]
    assert response.context["confirm"].traditional is True
    html = response.content.decode()
    assert 'name="simplify"' in html
    assert "转换为简体字后导入" in html


def test_confirm_with_simplify_imports_the_text_in_simplified_characters(world, client_for):
    client = client_for(world.secretary)
    response = preview(client, world.cycle, {"text": TRADITIONAL})
    digest = response.context["confirm"].initial["digest"]

    response = client.post(
        reverse("material_import_confirm", args=[world.cycle.pk]), {"digest": digest, "simplify": "on", "keep": "on"}
    )

    assert response.status_code == 302
    world.material.refresh_from_db()
    assert world.material.title == "第二党支部2023年度组织生活会对照检查材料"
    assert world.material.preamble == "根据上级党委通知要求，现将对照检查情况报告如下。"
    assert [(p.category.name, p.text) for p in world.material.problems.order_by("position")] == [
        ("学习", "理论学习不够系统。对党的创新理论学得不深。"),
        ("学习", "联系群众不够紧密。"),
    ]
    assert world.material.signature == "第二党支部 王某某"


def test_confirm_without_simplify_keeps_the_traditional_characters(world, client_for):
    client = client_for(world.secretary)
    response = preview(client, world.cycle, {"text": TRADITIONAL})
    digest = response.context["confirm"].initial["digest"]

    client.post(reverse("material_import_confirm", args=[world.cycle.pk]), {"digest": digest, "keep": "on"})

    world.material.refresh_from_db()
    assert world.material.title == "第二黨支部2023年度組織生活會對照檢查材料"
    assert list(world.material.problems.values_list("category__name", flat=True)) == ["學習", "學習"]


def test_simplify_is_ignored_for_a_material_in_simplified_characters(world, client_for):
    client = client_for(world.secretary)
    text = WRITTEN.replace("临江区", "臺灣")  # two traditional characters do not make a traditional material
    response = preview(client, world.cycle, {"text": text})

    client.post(
        reverse("material_import_confirm", args=[world.cycle.pk]),
        {"digest": response.context["confirm"].initial["digest"], "simplify": "on"},
    )

    world.material.refresh_from_db()
    assert world.material.title.startswith("臺灣发展和改革局")


def test_material_import_with_simplify_converts_before_parsing(world):
    outcome = material_import(cycle=world.cycle, text=TRADITIONAL, simplify=True)

    assert outcome.parsed.data["problems_heading"] == "存在问题"
    assert outcome.parsed.data["causes_heading"] == "产生问题的原因"
    assert "traditional" not in [w.code for w in outcome.parsed.warnings]

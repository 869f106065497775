"""A revision saved in the shape's first form (before category ids, placements, opinion
links and the measure's work rode along) still shows, compares, prints and restores."""

import pytest
from django.urls import reverse

from orglife.materials.document.assembly import assembled_text
from orglife.materials.document.snapshot import material_from_data
from orglife.materials.revisions.services import material_to_data, revision_restore
from orglife.materials.services import material_fill
from orglife.models import ExtraSection, MaterialRevision

# What material_to_data wrote when revisions were introduced (issue 3): no "id" or
# "heading" on categories, no "placement" on sections, no layout or brackets.
OLD_DATA = {
    "title": "旧版材料",
    "preamble": "根据通知要求。",
    "extra_sections": [{"heading": "基本情况", "text": "支部有党员12名。"}],
    "problems_heading": "存在的问题",
    "categories": [
        {"name": "思想", "intro": "思想引言。", "items": [{"text": "理想信念不够坚定。"}]},
        {"name": "学习", "intro": "", "items": [{"text": "学习不够深入。"}, {"text": "学用脱节。"}]},
    ],
    "causes_heading": "产生问题的原因剖析",
    "causes_intro": "",
    "causes": [{"heading": "党性修养不够", "text": "放松了要求。"}],
    "directions_heading": "今后努力方向和整改措施",
    "directions_intro": "",
    "directions": [{"heading": "加强学习", "intro": "", "measures": [{"text": "每周学习一次。"}]}],
    "closing": "",
    "signature": {"name": "第一党支部", "date": "2022-11-24"},
}


@pytest.fixture
def old_revision(world):
    material_fill(material=world.material, data={"title": "现在的材料", "categories": []})
    return MaterialRevision.objects.create(
        material=world.material, created_by=world.secretary, reason="旧版保存", data=OLD_DATA
    )


def test_an_old_format_revision_assembles_as_it_was(world, old_revision):
    text = assembled_text(material_from_data(world.material, old_revision.data))

    assert text.split("\n\n") == [
        "旧版材料",
        "根据通知要求。",
        "一、基本情况",
        "支部有党员12名。",
        "二、存在的问题",
        "（一）思想方面。",
        "思想引言。",
        "一是理想信念不够坚定。",
        "（二）学习方面。",
        "一是学习不够深入。",
        "二是学用脱节。",
        "三、产生问题的原因剖析",
        "（一）党性修养不够。",
        "放松了要求。",
        "四、今后努力方向和整改措施",
        "（一）加强学习。",
        "一是每周学习一次。",
        "第一党支部",
        "2022年11月24日",
    ]


def test_an_old_format_revision_restores_whole(world, old_revision):
    revision_restore(revision=old_revision, by=world.secretary)

    data = material_to_data(world.material)
    assert data["title"] == "旧版材料"
    assert data["extra_sections"] == [
        {"heading": "基本情况", "text": "支部有党员12名。", "placement": ExtraSection.Placement.BEFORE}
    ]
    assert [(c["name"], c["intro"], c["items"]) for c in data["categories"]] == [
        ("思想", "思想引言。", [{"text": "理想信念不够坚定。"}]),
        ("学习", "", [{"text": "学习不够深入。"}, {"text": "学用脱节。"}]),
    ]
    assert data["causes"] == [{"heading": "党性修养不够", "text": "放松了要求。"}]
    assert data["directions"] == [{"heading": "加强学习", "intro": "", "measures": [{"text": "每周学习一次。"}]}]
    assert data["signature"] == {"name": "第一党支部", "date": "2022-11-24"}
    assert (data["layout"], data["brackets"]) == ("paragraphs", "full")


def test_an_old_format_revision_compares_with_the_current_content(world, client_for, old_revision):
    url = reverse("material_revision_compare", args=[world.material.pk])

    response = client_for(world.secretary).get(url, {"a": old_revision.pk, "b": "current"})

    assert response.status_code == 200
    assert '<p class="diff-replace"><del>旧版</del><ins>现在的</ins>材料</p>' in response.content.decode()

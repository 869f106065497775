"""Every path that saves a material's text keeps it within TEXT_LIMITS (issue 11, item 5)."""

import pytest
from django.urls import reverse

from orglife.materials.editor import services as edit
from orglife.materials.revisions.services import revision_create
from orglife.materials.services import material_fill
from orglife.models import MaterialRevision, Problem

LONG = "学" * 5001
FORM_MESSAGE = "这一项最多5000字，现在有5001字。请删减或拆成几项后再保存。"
FILL_MESSAGE = "“思想”方面的第1个问题有5001字，超过了每项5000字的上限，没有保存任何内容。请删减或拆成几项后再试。"


def test_part_save_over_the_limit_is_refused_with_the_whole_text_kept(world, client_for, drafted):
    p1 = drafted["p1"]
    url = reverse("editor_part", args=[world.material.pk, "problem", p1.pk])
    base = edit.version_token(p1, edit.PART_KINDS["problem"].fields)

    response = client_for(world.secretary).post(
        url, {"base": base, "category": p1.category_id, "text": LONG}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert FORM_MESSAGE in html
    assert f">\n{LONG}</textarea>" in html
    assert "maxlength" not in html.split(f">\n{LONG}</textarea>")[0].rsplit("<textarea", 1)[1]
    assert Problem.objects.get(pk=p1.pk).text == "理想信念不够坚定。比如某次学习缺席。"


def test_problem_add_over_the_limit_is_refused_with_the_text_kept(world, client_for):
    url = reverse("editor_part_add", args=[world.material.pk, "problem"])

    response = client_for(world.secretary).post(
        url, {"add-problem-category": world.categories[0].pk, "add-problem-text": LONG}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert FORM_MESSAGE in html
    assert f">\n{LONG}</textarea>" in html
    assert Problem.objects.count() == 0


def test_material_fill_refuses_a_part_longer_than_the_editor_allows(world, drafted):
    data = {"title": "材料", "categories": [{"name": "思想", "intro": "", "items": [{"text": LONG}]}]}

    with pytest.raises(Exception) as refused:
        material_fill(material=world.material, data=data)

    assert refused.value.messages == [FILL_MESSAGE]
    assert list(Problem.objects.order_by("position").values_list("text", flat=True)) == [
        "理想信念不够坚定。比如某次学习缺席。",
        "宗旨意识有所淡化。",
    ]


def test_restore_of_a_revision_with_an_overlong_part_is_refused_and_changes_nothing(world, client_for, drafted):
    revision = revision_create(material=world.material, by=world.secretary, reason="手动保存")
    revision.data["categories"][0]["items"][0]["text"] = LONG  # e.g. saved before the limit existed
    revision.save()
    url = reverse("material_revision_restore", args=[world.material.pk, revision.pk])

    response = client_for(world.secretary).post(url, follow=True)

    assert response.redirect_chain == [(reverse("material_revisions", args=[world.material.pk]), 302)]
    assert [str(m) for m in response.context["messages"]] == [FILL_MESSAGE]
    assert MaterialRevision.objects.count() == 1
    assert Problem.objects.get(pk=drafted["p1"].pk).text == "理想信念不够坚定。比如某次学习缺席。"


def test_import_confirm_with_an_overlong_part_shows_why_and_saves_nothing(world, client_for, drafted):
    client = client_for(world.secretary)
    text = f"党支部班子对照检查材料\n一、存在的问题\n（一）思想方面。\n一是{LONG}。"
    shown = client.post(reverse("material_import", args=[world.cycle.pk]), {"text": text})

    response = client.post(
        reverse("material_import_confirm", args=[world.cycle.pk]),
        {"digest": shown.context["confirm"].initial["digest"], "replace": "on"},
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "“思想”方面的第1个问题有5002字，超过了每项5000字的上限，没有保存任何内容。请删减或拆成几项后再试。"
    ]
    assert (Problem.objects.count(), MaterialRevision.objects.count()) == (2, 0)

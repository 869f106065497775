"""A restore changes nothing the committee decided after the revision was saved (issue 11, item 10)."""

from django.urls import reverse

from orglife.cycles.services import category_add, category_delete
from orglife.materials.revisions.services import revision_create, revision_restore
from orglife.materials.services import material_fill
from orglife.models import ExtraSection, Opinion, Problem
from orglife.opinions.services import opinion_answer
from tests.factories import adopted_opinion, make_material


def _names(cycle) -> list[str]:
    return list(cycle.categories.order_by("position").values_list("name", flat=True))


def _personal_with_a_deleted_category(world):
    """The member's personal material, saved while it had a problem under 纪律, a category
    the committee added and, once nothing was filed under it, deleted."""
    discipline = category_add(cycle=world.cycle, name="纪律", heading="遵守纪律方面")
    material = make_material(cycle=world.cycle, kind="personal", author=world.member, title="个人对照检查材料")
    data = {
        "title": "个人对照检查材料",
        "categories": [
            {"name": "思想", "items": [{"text": "理想信念不够坚定。"}]},
            {"name": "纪律", "intro": "纪律意识有所放松。", "items": [{"text": "有时开会迟到。"}]},
        ],
    }
    material_fill(material=material, data=data)
    revision = revision_create(material=material, by=world.member, reason="手动保存")
    material_fill(material=material, data={"title": "个人对照检查材料", "categories": []})
    category_delete(category=discipline)
    return material, revision


def test_a_member_restoring_keeps_a_deleted_categorys_text_as_an_extra_part(world, client_for):
    material, revision = _personal_with_a_deleted_category(world)

    response = client_for(world.member).post(
        reverse("material_revision_restore", args=[material.pk, revision.pk]), follow=True
    )

    assert _names(world.cycle) == ["思想", "学习", "工作", "生活"]
    assert list(Problem.objects.filter(material=material).values_list("category__name", "text")) == [
        ("思想", "理想信念不够坚定。")
    ]
    assert list(ExtraSection.objects.filter(material=material).values_list("heading", "body", "placement")) == [
        ("遵守纪律方面", "纪律意识有所放松。\n有时开会迟到。", "before")
    ]
    assert [str(m) for m in response.context["messages"]] == [
        "已恢复到所选版本，恢复前的内容已自动保存为历史版本。",
        "“遵守纪律方面”已不是本次组织生活会的查摆方面，其中的内容已作为其他部分恢复；如需单列，请支部委员先添加该方面。",
    ]


def test_the_committee_restoring_brings_a_deleted_category_back(world):
    material, revision = _personal_with_a_deleted_category(world)

    revision_restore(revision=revision, by=world.secretary)

    assert _names(world.cycle) == ["思想", "学习", "工作", "生活", "纪律"]
    assert list(Problem.objects.filter(material=material).values_list("category__name", "text")) == [
        ("思想", "理想信念不够坚定。"),
        ("纪律", "有时开会迟到。"),
    ]


def test_restoring_leaves_an_opinion_the_committee_answered_since_answered(world):
    opinion = adopted_opinion(cycle=world.cycle, category=world.categories[0])
    before = revision_create(material=world.material, by=world.secretary, reason="改之前")
    material_fill(material=world.material, data={"title": "改过", "categories": []})
    opinion_answer(opinion=Opinion.objects.get(pk=opinion.pk), response="已当面答复。")

    revision_restore(revision=before, by=world.secretary)

    opinion.refresh_from_db()
    assert (opinion.status, opinion.problem, opinion.response) == ("answered", None, "已当面答复。")
    assert list(Problem.objects.filter(material=world.material).values_list("text", flat=True)) == ["理论学习走过场。"]

"""A member's own material: starting it, the checks that fit a person, and the 发言提纲."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from orglife.materials.document.checks import check_material
from orglife.materials.personal.outline import estimated_pages, lead_sentence, outline_lines
from orglife.materials.services import material_fill
from orglife.models import Material, SpeechOutline
from tests.factories import (
    make_category,
    make_cycle,
    make_direction,
    make_material,
    make_measure,
    make_member,
    make_problem,
    make_talk,
)


@pytest.fixture
def fellow(world):
    return make_member(username="fellow", full_name="孙预备", organisation=world.branch, role="probationary")


def _mine(world, user):
    return Material.objects.get(cycle=world.cycle, kind="personal", author=user)


def test_a_member_cannot_open_another_members_personal_material(client_for, world, fellow):
    theirs = make_material(cycle=world.cycle, author=world.member)

    for name in ("material", "editor", "outline", "material_pdf"):
        assert client_for(fellow).get(reverse(name, args=[theirs.pk])).status_code == 404, name


def test_a_blank_start_makes_an_empty_material_with_the_talks_in_its_opening(client_for, world):
    world.cycle.notice = "区委组织部《关于召开组织生活会的通知》"
    world.cycle.save()
    make_talk(cycle=world.cycle, lead=world.secretary, partners=[world.member])
    make_talk(cycle=world.cycle, lead=world.committee, partners=[world.member], form="phone")
    client = client_for(world.member)

    response = client.post(reverse("personal_start", args=[world.cycle.pk]), {"start": "blank"})
    again = client.post(reverse("personal_start", args=[world.cycle.pk]), {"start": "blank"})

    material = _mine(world, world.member)
    assert response.status_code == 302 and response["Location"] == reverse("editor", args=[material.pk])
    assert again.status_code == 302 and again["Location"] == reverse("personal_home", args=[world.cycle.pk])
    assert (material.title, material.signature, material.problems.count()) == (
        "2022年专题组织生活会个人对照检查材料",
        "王党员",
        0,
    )
    assert material.preamble.startswith(
        "根据区委组织部《关于召开组织生活会的通知》要求，本人认真学习了规定的学习内容，"
        "广泛听取了党员和群众的意见建议，与2名同志开展了谈心谈话，"
    )
    assert Material.objects.filter(kind="personal").count() == 1
    editor = client.get(reverse("editor", args=[material.pk])).content.decode()
    assert all(f"{c.name}方面" in editor for c in world.categories)


def test_starting_from_last_year_brings_causes_and_measures_but_no_problems(client_for, world):
    last_cycle = make_cycle(branch=world.branch, year=2021, title="2021年度组织生活会")
    thought = make_category(cycle=last_cycle, name="思想")
    last = make_material(cycle=last_cycle, author=world.member, title="2021年个人材料")
    material_fill(
        material=last,
        data={
            "title": "2021年个人材料",
            "preamble": "去年的开头。",
            "categories": [{"name": thought.name, "items": [{"text": "我学习不够。"}]}],
            "causes": [{"heading": "理论武装不够", "text": "我放松了学习。"}],
            "directions": [{"heading": "加强学习", "measures": [{"text": "每周学习一次。", "deadline": "2021-12-31"}]}],
        },
    )

    response = client_for(world.member).post(reverse("personal_start", args=[world.cycle.pk]), {"start": "previous"})

    material = _mine(world, world.member)
    assert response.status_code == 302
    measure = material.directions.get().measures.get()
    assert (material.preamble, material.problems.count(), material.causes.get().heading) == (
        "去年的开头。",
        0,
        "理论武装不够",
    )
    assert (material.directions.get().heading, measure.text, measure.deadline) == ("加强学习", "每周学习一次。", None)


def test_starting_from_last_year_without_one_says_so(client_for, world):
    client = client_for(world.member)

    response = client.post(reverse("personal_start", args=[world.cycle.pk]), {"start": "previous"}, follow=True)

    assert "没有找到您上一次组织生活会的个人对照检查材料，请从空白开始或导入。" in response.content.decode()
    assert Material.objects.filter(kind="personal").count() == 0


def test_a_reviewer_cannot_start_a_personal_material(client_for, world):
    response = client_for(world.reviewer).post(reverse("personal_start", args=[world.cycle.pk]), {"start": "blank"})

    assert response.status_code == 403
    assert Material.objects.filter(kind="personal").count() == 0


def test_personal_checks_ask_for_oneself_and_a_deadline_but_no_owner(world):
    material = make_material(cycle=world.cycle, author=world.member)
    problem = make_problem(material=material, category=world.categories[0], text="理论学习不够深入，比如3月只学了1次。")
    make_problem(material=material, category=world.categories[0], text="我对政策研究不深，比如2个项目拖延。")
    measure = make_measure(direction=make_direction(material=material), text="每周学习一次。")
    measure.problems.set([problem])
    dated = make_measure(direction=measure.direction, text="按月写笔记。", deadline=datetime.date(2022, 12, 31))
    dated.problems.set([problem])

    found = [
        (f.code, f.message) for f in check_material(material) if f.code in ("not_about_self", "measure_incomplete")
    ]

    assert found == [
        ("not_about_self", "思想方面第1个问题没有写到本人（没有“我”“本人”“自己”），个人材料要联系自身实际，见人见事。"),
        ("measure_incomplete", "整改措施“每周学习一次。”没有完成时限。"),
    ]


def test_a_committee_material_still_needs_owners_and_is_not_asked_for_oneself(world):
    direction = make_direction(material=world.material)
    make_measure(direction=direction, text="每周学习一次。", deadline=datetime.date(2022, 12, 31))
    make_problem(material=world.material, category=world.categories[0], text="学习不够，比如3月只学了1次。")

    codes = [
        (f.code, f.message)
        for f in check_material(world.material)
        if f.code in ("not_about_self", "measure_incomplete")
    ]

    assert codes == [("measure_incomplete", "整改措施“每周学习一次。”没有责任人。")]


def test_a_problem_repeating_ones_own_last_year_is_found(world):
    last_cycle = make_cycle(branch=world.branch, year=2021, title="2021年度组织生活会")
    make_problem(
        material=make_material(cycle=last_cycle, author=world.member),
        category=make_category(cycle=last_cycle, name="思想"),
        text="我理论学习不够深入，比如全年只写了3篇笔记。",
    )
    make_problem(  # someone else's last year: not the member's own
        material=make_material(cycle=last_cycle, author=world.committee),
        category=last_cycle.categories.get(),
        text="我服务群众不够主动，比如很少下基层。",
    )
    material = make_material(cycle=world.cycle, author=world.member)
    make_problem(material=material, category=world.categories[0], text="我理论学习不够深入，比如全年只写了3篇笔记。")
    make_problem(material=material, category=world.categories[2], text="我服务群众不够主动，比如很少下基层。")

    found = [f.message for f in check_material(material) if f.code == "repeated_problem"]

    assert found == ["思想方面第1个问题与本人2021年的问题相似度100%，疑似照搬往年问题。"]


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("理论学习不够深入。具体表现在：一是……", "理论学习不够深入。"),
        ("二是服务意识不强，具体表现在很少下基层", "服务意识不强。"),
        ("落实制度不严格，比如3次会议缺席；今后改进", "落实制度不严格。"),
        ("每周学习一次", "每周学习一次。"),
    ],
)
def test_lead_sentence(text, lead):
    assert lead_sentence(text) == lead


@pytest.fixture
def drafted(world):
    material = make_material(cycle=world.cycle, author=world.member)
    material_fill(
        material=material,
        data={
            "title": material.title,
            "categories": [
                {
                    "name": "思想",
                    "items": [
                        {"text": "我理论学习不够深入。比如3月只学了1次。"},
                        {"text": "我政治敏锐性不强，比如1次转发未核实的消息。"},
                    ],
                },
                {"name": "工作", "items": [{"text": "我服务企业不主动，比如2个项目拖延。"}]},
            ],
            "causes": [{"heading": "（一）党性修养锤炼不够", "text": "……"}, {"heading": "宗旨意识淡化", "text": "……"}],
            "directions": [{"heading": "加强学习", "measures": [{"text": "每周学习一次。按月写笔记。"}]}],
        },
    )
    return material


def test_the_outline_is_generated_from_the_material_and_printed_in_order(client_for, world, drafted):
    client = client_for(world.member)

    response = client.post(reverse("outline_generate", args=[drafted.pk]))

    outline = SpeechOutline.objects.get(material=drafted)
    assert response.status_code == 302
    assert outline.sections == [
        {"part": "problems", "heading": "思想方面", "points": ["我理论学习不够深入。", "我政治敏锐性不强。"]},
        {"part": "problems", "heading": "工作方面", "points": ["我服务企业不主动。"]},
        {"part": "causes", "heading": "", "points": ["党性修养锤炼不够", "宗旨意识淡化"]},
        {"part": "directions", "heading": "加强学习", "points": ["每周学习一次。"]},
    ]
    assert [(line.kind, line.lead + line.text) for line in outline_lines(drafted, outline.sections)] == [
        ("title", "王党员同志在2022年专题组织生活会上的发言提纲"),
        ("heading1", "一、存在的问题"),
        ("body", "（一）思想方面。一是我理论学习不够深入。二是我政治敏锐性不强。"),
        ("body", "（二）工作方面。一是我服务企业不主动。"),
        ("heading1", "二、产生问题的原因剖析"),
        ("body", "（一）党性修养锤炼不够。"),
        ("body", "（二）宗旨意识淡化。"),
        ("heading1", "三、今后努力方向和整改措施"),
        ("body", "（一）加强学习。一是每周学习一次。"),
    ]


def test_editing_the_outline_drops_typed_ordinals_and_blank_lines(client_for, world, drafted):
    client = client_for(world.member)
    client.post(reverse("outline_generate", args=[drafted.pk]))

    response = client.post(
        reverse("outline_edit", args=[drafted.pk]),
        {
            "part-0": "problems",
            "heading-0": "思想方面",
            "points-0": "一是我学习不够。\n\n二是  我不够敏锐。",
            "part-1": "problems",
            "heading-1": "工作方面",
            "points-1": "",
            "part-2": "causes",
            "points-2": "（一）党性不强",
            "part-3": "directions",
            "heading-3": "加强学习",
            "points-3": "1. 每周学习。",
        },
    )

    outline = SpeechOutline.objects.get(material=drafted)
    assert response.status_code == 302
    assert [s["points"] for s in outline.sections] == [
        ["我学习不够。", "我不够敏锐。"],
        [],
        ["党性不强"],
        ["每周学习。"],
    ]
    page = client.get(reverse("outline", args=[drafted.pk])).content.decode()
    assert "（二）工作方面" not in page and "（一）思想方面。" in page
    assert re.search(r'<span class="outline-pages" id="outline-pages">约1页</span>', page)


def test_only_the_author_edits_the_outline(client_for, world, drafted):
    client_for(world.member).post(reverse("outline_generate", args=[drafted.pk]))

    response = client_for(world.secretary).post(reverse("outline_generate", args=[drafted.pk]))

    assert response.status_code == 403
    assert client_for(world.secretary).get(reverse("outline", args=[drafted.pk])).status_code == 200


def test_the_outline_prints_on_one_page_and_says_when_it_is_too_long(client_for, world, drafted):
    client = client_for(world.member)
    client.post(reverse("outline_generate", args=[drafted.pk]))

    response = client.get(reverse("outline_pdf", args=[drafted.pk]))

    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert (response.status_code, len(reader.pages)) == (200, 1)
    text = reader.pages[0].extract_text().replace("\n", "")
    assert text.startswith(
        "王党员同志在2022年专题组织生活会上的发言提纲一、存在的问题（一）思想方面。一是我理论学习不够深入。"
    )
    outline = SpeechOutline.objects.get(material=drafted)
    long = [{"part": "problems", "heading": "思想方面", "points": ["我" + "学" * 200] * 8}]
    assert estimated_pages(outline_lines(drafted, outline.sections)) == 1
    assert estimated_pages(outline_lines(drafted, long)) == 3

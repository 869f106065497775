"""An import keeps the editor's work on the parts that match (issue 10, item 5)."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from orglife.materials.importing.keeping import (
    MAX_COMPARISONS,
    THRESHOLD,
    LostPart,
    Tally,
    match_texts,
    normalise,
    similar,
)
from orglife.materials.importing.services import keeping_plan, material_import, parse_for_cycle
from orglife.models import Measure, Opinion, Problem
from orglife.opinions.services import campaign_create, opinion_adopt, opinion_submit, release_all_now

# Matching -------------------------------------------------------------------------------


def test_normalise_drops_width_case_spaces_and_punctuation():
    assert normalise("一是 加强“四个意识”，ＡＢｃ！ 2022.") == "一是加强四个意识abc2022"


def test_match_texts_pairs_equal_texts_in_order_then_near_ones_best_first():
    old = ["每月集中学习两次。", "每季度开展一次研讨。", "每月走访群众。", "每月走访群众。", "完全不同的一条。"]
    new = ["每月走访群众。", "每月集中学习 两次！", "每季度开展一次专题研讨。", "另写的一条措施。", "每月走访群众。"]

    assert match_texts(old, new) == {0: 1, 1: 2, 2: 0, 3: 4}


def test_match_texts_is_one_to_one_when_two_old_parts_resemble_one_new_part():
    old = ["认真开展批评和自我批评。", "认真开展批评与自我批评。"]
    new = ["认真开展批评与自我批评！"]

    assert match_texts(old, new) == {1: 0}


def test_match_texts_threshold_separates_an_edit_from_a_rewrite():
    edited = "把学习党的理论作为制度常抓不懈，采取集中学习、自学、研讨等形式。"
    near = "把学习党的理论作为制度长抓不懈，采取集中学习、自学、研讨等多种形式。"
    rewritten = "把学习党的理论作为制度，组织参观、宣讲和考试。"

    assert round(similar(edited, near), 3) == 0.931
    assert round(similar(edited, rewritten), 3) == 0.458
    assert THRESHOLD == 0.8
    assert match_texts([edited], [near]) == {0: 0}
    assert match_texts([edited], [rewritten]) == {}


def test_tally_reads_in_chinese_with_the_kinds_present_only():
    assert str(Tally(owners=2, links=3, opinions=1)) == "2 个责任人、3 处措施与问题的对应、1 条已采纳的意见建议"


# The sample, with editor work, imported again after edits ---------------------------------

OLD_PROBLEM = (
    "一是对意识形态责任制落实不够有力。我们虽然坚持党管意识形态不动摇，但没有将意识形态工作摆上重要议事日程，"
    "总认为意识形态工作是党的高级干部和从事意识形态工作的事，把意识形态工作作为项软任务，"
    '存在"重业务轻意识形态工作"的倾向。具体表现在，对意识形态工作的重要性认识不足。比如，在工作中主动性、'
    "针对性不强，缺乏对思想动态的深层次研究,导致对意识形态工作抓的有些松懈。"
)
NEW_PROBLEM = "一是学习教育覆盖面不够广。退休党员和流动党员参加集中学习的次数偏少。"
OLD_MEASURE_1 = "一是加强理论学习。把深入学习党史"
NEW_MEASURE_1 = "一是加强理论学习。把认真学习党史"
DROPPED_MEASURE_2 = (
    '二是注重学习实效。以周五集中学习、"主题党日"等为载体，充分发挥理论中心组作用，把学习党的理论作为制度常抓不懈，'
    "采取集中学习、自学、研讨、宣讲、考试等多种形式，学深悟透，确保学习效果，不断用党的最新理论武装头脑，"
    "指导实践，推动工作。"
)


def edited_sample(sample_text: str) -> str:
    """The sample with 思想 item 1 rewritten, measure (一)1 lightly edited and measure (一)2 dropped."""
    for old, new in [(OLD_PROBLEM, NEW_PROBLEM), (OLD_MEASURE_1, NEW_MEASURE_1), (DROPPED_MEASURE_2, "")]:
        assert sample_text.count(old) == 1
        sample_text = sample_text.replace(old, new)
    return sample_text


def problem(material, category: str, n: int) -> Problem:
    return material.problems.filter(category__name=category).order_by("position")[n - 1]


def measure(material, direction: int, n: int) -> Measure:
    return Measure.objects.get(direction__material=material, direction__position=direction, position=n)


@pytest.fixture
def worked(world, sample_text):
    """The sample imported, then worked on in the editor and the opinion triage."""
    material_import(cycle=world.cycle, text=sample_text, by=world.secretary)
    material = world.material
    first = measure(material, 1, 1)
    first.owner, first.deadline, first.status = world.secretary, datetime.date(2022, 12, 31), Measure.Status.DONE
    first.save()
    first.problems.set([problem(material, "思想", 1), problem(material, "学习", 1)])
    second = measure(material, 1, 2)
    second.owner = world.committee
    second.save()
    second.problems.set([problem(material, "学习", 2)])
    last = measure(material, 3, 3)
    last.deadline, last.status = datetime.date(2023, 1, 15), Measure.Status.IN_PROGRESS
    last.save()
    today = datetime.date.today()
    campaign = campaign_create(
        cycle=world.cycle,
        title="征求意见",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=1),
        sources=["masses"],
        categories=world.categories,
    )
    opinion_submit(campaign=campaign, source="masses", category=world.categories[1], text="学习走过场。")
    with transaction.atomic():  # anonymous opinions wait sealed until released
        (opinion,) = release_all_now(campaign=campaign)
    opinion_adopt(opinion=opinion, problem=problem(material, "学习", 1))
    return world


def test_keeping_plan_reports_what_is_kept_and_lost(worked, sample_text):
    parsed = parse_for_cycle(cycle=worked.cycle, text=edited_sample(sample_text), by=worked.secretary)

    _, report = keeping_plan(material=worked.material, parsed=parsed)

    assert report.work == Tally(owners=2, deadlines=2, statuses=2, links=3, opinions=1)
    assert report.kept == Tally(owners=1, deadlines=2, statuses=2, links=1, opinions=1)
    assert report.lost_when_kept == Tally(owners=1, links=2)
    assert (report.matched_problems, report.matched_measures) == (11, 9)
    assert report.lost_parts == [
        LostPart(
            "整改措施",
            '“强化理论武装，树牢"四个意识"”第1条',
            '加强理论学习。把深入学习党史"四史"，特别是学习习近平新时代中国特色社会主义思想……',
            ["与问题“思想方面第1条”的对应"],
        ),
        LostPart(
            "整改措施",
            '“强化理论武装，树牢"四个意识"”第2条',
            '注重学习实效。以周五集中学习、"主题党日"等为载体，充分发挥理论中心组作用，把学……',
            ["责任人：李委员", "与问题“学习方面第2条”的对应"],
        ),
    ]


def preview_edited(client, world, sample_text):
    return client.post(reverse("material_import", args=[world.cycle.pk]), {"text": edited_sample(sample_text)})


def test_preview_says_what_is_kept_and_what_is_lost_and_keeps_by_default(worked, client_for, sample_text):
    response = preview_edited(client_for(worked.secretary), worked, sample_text)

    html = response.content.decode()
    assert "现有材料中有 2 个责任人、2 个完成时限、2 个完成状态、3 处措施与问题的对应、1 条已采纳的意见建议，" in html
    assert (
        "导入的材料中文字相同或相近的 11 条问题、9 条整改措施会保留原来的设置，"
        "共保留 1 个责任人、2 个完成时限、2 个完成状态、1 处措施与问题的对应、1 条已采纳的意见建议。"
    ) in html
    assert "即使保留，也将丢失 1 个责任人、2 处措施与问题的对应：" in html
    assert "：责任人：李委员、与问题“学习方面第2条”的对应</li>" in html
    assert response.context["confirm"]["keep"].initial is True
    assert 'name="keep" checked' in html.replace(' id="id_keep"', "")


def confirm(client, world, response, **extra):
    digest = response.context["confirm"].initial["digest"]
    return client.post(reverse("material_import_confirm", args=[world.cycle.pk]), {"digest": digest, **extra})


def test_confirm_with_keep_carries_the_work_to_the_matching_parts(worked, client_for, sample_text):
    client = client_for(worked.secretary)
    opinion = Opinion.objects.get()

    confirm(client, worked, preview_edited(client, worked, sample_text), keep="on")

    material = worked.material
    first = measure(material, 1, 1)
    assert first.text.startswith("加强理论学习。把认真学习党史")
    assert (first.owner, first.deadline, first.status) == (worked.secretary, datetime.date(2022, 12, 31), "done")
    assert list(first.problems.all()) == [problem(material, "学习", 1)]
    assert measure(material, 1, 2).text.startswith("严守党规党纪。")  # the dropped measure's owner went nowhere
    assert Measure.objects.filter(direction__material=material, owner__isnull=False).count() == 1
    last = measure(material, 3, 3)
    assert (last.owner, last.deadline, last.status) == (None, datetime.date(2023, 1, 15), "in_progress")
    opinion.refresh_from_db()
    assert (opinion.problem, opinion.status) == (problem(material, "学习", 1), Opinion.Status.ADOPTED)


def test_confirm_without_keep_drops_the_work_as_the_preview_said(worked, client_for, sample_text):
    client = client_for(worked.secretary)

    confirm(client, worked, preview_edited(client, worked, sample_text))  # the box unticked: no "keep"

    measures = Measure.objects.filter(direction__material=worked.material)
    assert measures.filter(owner__isnull=False).count() == 0
    assert measures.exclude(status="planned").count() == 0
    assert measures.filter(deadline__isnull=False).count() == 0
    assert sum(m.problems.count() for m in measures) == 0
    assert Opinion.objects.get().status == Opinion.Status.PENDING


def test_preview_of_a_material_without_editor_work_says_nothing_of_keeping(world, client_for, sample_text):
    material_import(cycle=world.cycle, text=sample_text, by=world.secretary)

    response = preview_edited(client_for(world.secretary), world, sample_text)

    assert response.context["keeping"].work == Tally()
    assert 'id="keeping"' not in response.content.decode()


def test_match_texts_past_the_comparison_bound_matches_equal_texts_only():
    old = [f"第{n}条措施：每月集中学习两次。" for n in range(60)] + ["相同的一条。"]
    new = [f"第{n}条措施：每月集中学习二次。" for n in range(60)] + ["相同的一条。"]

    assert len(old) * len(new) > MAX_COMPARISONS
    assert match_texts(old, new) == {60: 60}

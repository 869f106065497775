import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from orglife.models import Report, ReportSection
from orglife.opinions.services import opinion_answer, opinion_decline, opinion_submit, release_all_now
from orglife.report.exports import report_paragraphs
from orglife.report.services import report_generate, section_save
from tests.factories import (
    add_problems,
    adopted_opinion,
    make_direction,
    make_ledger_item,
    make_material,
    make_measure,
    make_problem,
)


@pytest.fixture
def records(world):
    """Opinions (one adopted, one answered, one declined, one merged-free pending), problems
    in three categories, measures with and without owners, a ledger."""
    world.cycle.notice = "区委组织部《关于召开2022年度专题组织生活会的通知》"
    world.cycle.save()
    adopted_opinion(cycle=world.cycle, category=world.categories[1], text="理论学习走过场。")
    campaign = world.cycle.campaigns.get()
    for text in ("会议太多。", "办事效率低。", "窗口态度差。"):
        opinion_submit(campaign=campaign, source="masses", category=world.categories[2], text=text)
    from django.db import transaction

    with transaction.atomic():
        answered, declined, _pending = sorted(release_all_now(campaign=campaign), key=lambda o: o.text)
    opinion_answer(opinion=answered, response="已改进。")
    opinion_decline(opinion=declined, reason="不属于本支部。")
    add_problems(material=world.material, category=world.categories[0], count=2)
    add_problems(material=world.material, category=world.categories[2], count=1)
    personal = make_material(cycle=world.cycle, author=world.member)
    make_problem(material=personal, category=world.categories[0])
    make_problem(material=personal, category=world.categories[1])
    direction = make_direction(material=world.material)
    make_measure(direction=direction, text="一。", owner=world.secretary, deadline=datetime.date(2023, 3, 31))
    make_measure(direction=direction, text="二。", owner=world.committee)
    make_measure(direction=direction, text="三。", owner=world.secretary, deadline=datetime.date(2023, 6, 30))
    make_measure(direction=direction, text="四。")
    make_ledger_item(
        cycle=world.cycle,
        text="一。",
        owner=world.secretary,
        deadline=datetime.date(2023, 3, 31),
        status="closed",
        closed_by=world.secretary,
        closed_at=timezone.now(),
    )
    make_ledger_item(cycle=world.cycle, text="二。", owner=world.committee)
    make_ledger_item(cycle=world.cycle, text="个人的。", owner=world.member, member=world.member)
    return world


def test_the_report_s_figures_equal_the_cycle_s_data(records):
    report = report_generate(cycle=records.cycle, by=records.secretary)

    assert report.title == "关于第一党支部召开2022年专题组织生活会情况的报告"
    assert report.opening == (
        "根据区委组织部《关于召开2022年度专题组织生活会的通知》要求，第一党支部认真组织召开了2022年专题组织生活会。"
        "现将有关情况报告如下。"
    )
    assert [(s.position, s.heading, s.body) for s in report.sections.order_by("position")] == [
        (
            1,
            "征求意见情况",
            "会前开展征求意见活动1次，共征求意见建议4条。\n"
            "经支部委员会逐条研究，采纳并列入查摆问题1条，答复说明1条，不予采纳1条，尚待研究1条。",
        ),
        (
            2,
            "查摆问题情况",
            "支部班子共查摆问题4条，其中思想方面2条、学习方面1条、工作方面1条。\n"
            "党员个人对照检查材料1份，共查摆问题2条。",
        ),
        (
            3,
            "整改措施情况",
            "针对查摆出的问题，支部班子制定整改措施4条，列入支部整改清单2项，明确责任人的2项，明确完成时限的1项。\n"
            "责任分工：张书记负责1项，李委员负责1项。\n"
            "截至目前，已销号1项，长期坚持0项，其余正在推进，逐项对单销号。",
        ),
    ]


def test_before_the_ledger_owners_and_deadlines_come_from_the_measures(records):
    from orglife.models import LedgerItem
    from orglife.report.sources import measures_section

    LedgerItem.objects.all().delete()

    assert measures_section(records.cycle).body == (
        "针对查摆出的问题，支部班子制定整改措施4条，明确责任人的3条，明确完成时限的2条。\n"
        "责任分工：张书记负责2条，李委员负责1条。"
    )


def test_a_cycle_without_records_gets_a_report_with_no_made_up_sections(world):
    report = report_generate(cycle=world.cycle, by=world.secretary)

    assert report.sections.count() == 0
    assert report.opening.startswith("根据上级党组织的统一部署，第一党支部")


def test_generating_again_replaces_the_report(records):
    first = report_generate(cycle=records.cycle, by=records.secretary)
    section_save(report=first, by=records.secretary, heading="自己加的", body="x")

    again = report_generate(cycle=records.cycle, by=records.secretary)

    assert (Report.objects.count(), again.pk) == (1, first.pk)
    assert list(again.sections.values_list("heading", flat=True)) == ["征求意见情况", "查摆问题情况", "整改措施情况"]


def test_a_typed_ordinal_is_removed_and_printed_from_the_order(world):
    report = report_generate(cycle=world.cycle, by=world.secretary)
    section_save(report=report, by=world.secretary, heading="一、会议召开情况", body="会议于11月24日召开。")
    section_save(report=report, by=world.secretary, heading="下一步工作", body="抓好整改。")

    paragraphs = [(p.kind, p.text) for p in report_paragraphs(report)]
    assert paragraphs[2:6] == [
        ("heading1", "一、会议召开情况"),
        ("body", "会议于11月24日召开。"),
        ("heading1", "二、下一步工作"),
        ("body", "抓好整改。"),
    ]
    assert paragraphs[-2][0] == "signature"


def test_the_secretary_edits_a_section_and_a_member_may_not(records, client_for):
    report = report_generate(cycle=records.cycle, by=records.secretary)
    section = report.sections.get(position=1)
    url = reverse("report_section_edit", args=[records.cycle.pk, section.pk])
    data = {f"s{section.pk}-heading": "征求意见", f"s{section.pk}-body": "共收到4条。"}

    refused = client_for(records.member).post(url, data)
    saved = client_for(records.secretary).post(url, data)

    section.refresh_from_db()
    assert (refused.status_code, saved.status_code) == (403, 302)
    assert (section.heading, section.body) == ("征求意见", "共收到4条。")


def test_the_report_prints_as_pdf_and_word(records, client_for):
    from pypdf import PdfReader

    report_generate(cycle=records.cycle, by=records.secretary)
    client = client_for(records.reviewer)

    pdf = client.get(reverse("report_pdf", args=[records.cycle.pk]))
    word = client.get(reverse("report_docx", args=[records.cycle.pk]))

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(b"".join(pdf.streaming_content))).pages)
    assert "一、征求意见情况" in text.replace(" ", "")
    paragraphs = [p.text for p in Document(BytesIO(b"".join(word.streaming_content))).paragraphs]
    assert paragraphs[:3] == [
        "关于第一党支部召开2022年\n专题组织生活会情况的报告",  # the title balanced over two lines
        "根据区委组织部《关于召开2022年度专题组织生活会的通知》要求，第一党支部认真组织召开了2022年专题组织生活会。"
        "现将有关情况报告如下。",
        "一、征求意见情况",
    ]
    assert ReportSection.objects.count() == 3

"""The 审核 step card, and the approved version printed with its cover note."""

import io
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from orglife.common.ordinals import chinese_date
from orglife.cycles.steps import StepKind
from orglife.models import Problem
from orglife.review.services import review_approve, review_submit
from tests.factories import make_returned


def review_card(client, cycle):
    cards = {card.key: card for card in client.get(reverse("cycle", args=[cycle.pk])).context["steps"]}
    card = cards["review"]
    return card.state, card.kind, card.action, card.url


def test_the_card_follows_the_committee_material_s_review(world, committee, client_for):
    secretary, member = client_for(world.secretary), client_for(world.member)
    url = reverse("review_material", args=[committee.pk])
    today = chinese_date(timezone.localdate())

    assert review_card(secretary, world.cycle) == ("尚未报送审核", StepKind.TODO, "报送审核", url)
    assert review_card(member, world.cycle) == ("尚未报送审核", StepKind.TODO, None, None)
    make_returned(material=committee, writer=world.secretary, reviewer=world.reviewer)
    assert review_card(secretary, world.cycle) == (
        f"退回修改（{today}）",
        StepKind.ACTIVE,
        "按审核意见修改后重新报送",
        url,
    )
    review_submit(material=committee, by=world.secretary)
    assert review_card(member, world.cycle) == (f"已报送，等待审核（{today}报送）", StepKind.ACTIVE, "查看审核", url)
    review_approve(material=committee, by=world.reviewer)
    assert review_card(member, world.cycle) == (f"审核通过（{today}），可以召开会议", StepKind.DONE, "查看审核", url)


def test_the_approved_pdf_prints_the_approved_version_behind_a_cover_note(world, committee, client_for):
    review_submit(material=committee, by=world.secretary)
    review_approve(material=committee, by=world.reviewer, comment="同意召开。")
    Problem.objects.filter(material=committee).update(text="批准之后改动的文字。")  # not what was approved

    response = client_for(world.member).get(reverse("review_approved_pdf", args=[committee.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        "党支部班子对照检查材料（审核通过）.pdf"
    )
    pages = [
        page.extract_text().replace("\n", "")
        for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    ]
    today = chinese_date(timezone.localdate())
    assert "审核通过" in pages[0] and today in pages[0] and "周审核" in pages[0] and "同意召开。" in pages[0]
    assert "理论学习不够深入" in "".join(pages[1:])
    assert "批准之后改动的文字" not in "".join(pages)


def test_there_is_no_approved_pdf_before_approval(world, committee, client_for):
    review_submit(material=committee, by=world.secretary)
    assert client_for(world.secretary).get(reverse("review_approved_pdf", args=[committee.pk])).status_code == 404

"""The talk pages: who sees which talk, recording one, filing an opinion from it, the
coverage page and who is responsible for whom, and the prints."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from orglife.models import MemberLiaison, Opinion, Talk, TalkOpinion
from orglife.talks.services import talk_opinion_file
from tests.factories import make_campaign, make_member, make_talk


@pytest.fixture
def fellow(world):
    return make_member(username="fellow", full_name="孙预备", organisation=world.branch, role="probationary")


@pytest.fixture
def talk(world):
    return make_talk(cycle=world.cycle, lead=world.secretary, partners=[world.member], topics="谈学习情况。")


def _dates(response) -> list[str]:
    return re.findall(r'<a href="/talks/\d+/">(.*?)</a>', response.content.decode())


def test_a_member_cannot_open_a_talk_they_took_no_part_in(client_for, world, fellow, talk):
    assert client_for(fellow).get(reverse("talk", args=[talk.pk])).status_code == 404
    assert client_for(fellow).get(reverse("talk_pdf", args=[talk.pk])).status_code == 404
    assert client_for(world.outsider).get(reverse("talk", args=[talk.pk])).status_code == 404
    assert client_for(world.member).get(reverse("talk", args=[talk.pk])).status_code == 200


def test_a_member_lists_only_their_own_talks_and_the_committee_all(client_for, world, fellow, talk):
    make_talk(cycle=world.cycle, lead=world.committee, partners=[fellow], held_on=datetime.date(2022, 11, 12))
    url = reverse("talk_list", args=[world.cycle.pk])

    assert _dates(client_for(world.member).get(url)) == ["2022年11月10日"]
    assert _dates(client_for(fellow).get(url)) == ["2022年11月12日"]
    assert _dates(client_for(world.committee).get(url)) == ["2022年11月12日", "2022年11月10日"]
    assert _dates(client_for(world.reviewer).get(url)) == ["2022年11月12日", "2022年11月10日"]


def test_recording_a_talk_saves_it_with_its_people(client_for, world):
    response = client_for(world.committee).post(
        reverse("talk_new", args=[world.cycle.pk]),
        {
            "held_on": "2022-11-15",
            "place": "会议室",
            "form": "face",
            "lead": world.committee.pk,
            "partners": [world.member.pk],
            "topics": "谈个人材料的查摆方向。",
            "opinions": "希望多组织研讨。",
        },
    )

    talk = Talk.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("talk", args=[talk.pk])
    people = [(p.user.username, p.role) for p in talk.participants.all()]
    assert (talk.held_on, talk.place, talk.recorded_by, people) == (
        datetime.date(2022, 11, 15),
        "会议室",
        world.committee,
        [("committee", "lead"), ("member", "partner")],
    )


@pytest.mark.parametrize(
    ("form", "partners", "message"),
    [
        ("face", ["member", "secretary"], "面谈和电话是一对一的谈话，只能选一名谈话对象；几人一起谈请选集体谈。"),
        ("group", ["member"], "集体谈至少要有两名谈话对象；一对一的谈话请选面谈或电话。"),
        ("face", ["committee"], "谈话人不能同时是谈话对象，每人只列一次。"),
        ("face", ["outsider"], "选择一个有效的选项"),
    ],
)
def test_a_talk_that_does_not_fit_its_form_is_refused_and_kept(client_for, world, form, partners, message):
    response = client_for(world.committee).post(
        reverse("talk_new", args=[world.cycle.pk]),
        {
            "held_on": "2022-11-15",
            "form": form,
            "lead": world.committee.pk,
            "partners": [getattr(world, name).pk for name in partners],
            "topics": "谈话内容保留。",
        },
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "谈话内容保留。" in response.content.decode()
    assert Talk.objects.count() == 0


def test_an_opinion_filed_from_a_talk_reaches_the_board_with_its_source_and_link(client_for, world, talk):
    campaign = make_campaign(cycle=world.cycle)
    client = client_for(world.secretary)

    response = client.post(
        reverse("talk_opinion", args=[talk.pk]),
        {
            "campaign": campaign.pk,
            "raised_by": world.member.pk,
            "category": world.categories[1].pk,
            "text": "支部集中学习形式单一。",
        },
    )

    opinion = Opinion.objects.get()
    assert response.status_code == 302
    assert (opinion.source, opinion.get_source_display(), opinion.status, opinion.received_on) == (
        "talk",
        "谈心谈话",
        "pending",
        datetime.date(2022, 11, 10),
    )
    assert (opinion.signature.author, opinion.category, TalkOpinion.objects.get().talk) == (
        world.member,
        world.categories[1],
        talk,
    )
    board = client.get(reverse("campaign", args=[campaign.pk])).content.decode()
    card = board[board.index(f'id="op-{opinion.pk}"') :]
    card = card[: card.index("</article>")]
    assert '<span class="tag">谈心谈话</span>' in card
    assert f'<a href="/talks/{talk.pk}/">谈心谈话记录</a>' in card
    assert "支部集中学习形式单一。" in card


def test_an_opinion_raised_by_someone_not_in_the_talk_is_refused(client_for, world, talk):
    campaign = make_campaign(cycle=world.cycle)

    response = client_for(world.secretary).post(
        reverse("talk_opinion", args=[talk.pk]),
        {"campaign": campaign.pk, "raised_by": world.committee.pk, "text": "意见。"},
    )

    assert response.status_code == 400
    assert Opinion.objects.count() == 0


def test_deleting_a_talk_keeps_the_opinions_filed_from_it(client_for, world, talk):
    campaign = make_campaign(cycle=world.cycle)
    talk_opinion_file(talk=talk, campaign=campaign, raised_by=world.member, text="意见。")

    response = client_for(world.secretary).post(reverse("talk_delete", args=[talk.pk]))

    assert response.status_code == 302
    assert (Talk.objects.count(), TalkOpinion.objects.count(), Opinion.objects.count()) == (0, 0, 1)


def test_the_coverage_page_counts_and_lists_the_pairs_to_talk(client_for, world, talk):
    response = client_for(world.secretary).get(reverse("talk_coverage", args=[world.cycle.pk]))
    html = response.content.decode()

    counts = re.search(r'<p class="talk-counts" id="talk-counts">(.*?)</p>', html).group(1)
    # The secretary with the committee member and with the member; nobody is responsible for the member yet.
    assert re.sub(r"<[^>]+>", "", counts) == "应谈 2 人次，已谈 1 人次，未谈 1 人次；共记录谈话 1 次。"
    todo = re.findall(r"<li>(.*?) <span class=\"muted\">（(.*?)）</span>", html)
    assert todo == [("张书记 — 李委员", "书记与支委")]


def test_the_coverage_page_is_not_for_members(client_for, world):
    assert client_for(world.member).get(reverse("talk_coverage", args=[world.cycle.pk])).status_code == 403


def test_setting_who_is_responsible_for_a_member_adds_the_pair(client_for, world, talk):
    client = client_for(world.secretary)

    response = client.post(
        reverse("talk_liaisons", args=[world.cycle.pk]), {f"member-{world.member.pk}": world.committee.pk}
    )
    again = client.post(
        reverse("talk_liaisons", args=[world.cycle.pk]), {f"member-{world.member.pk}": world.committee.pk}
    )

    assert response.status_code == again.status_code == 302
    liaison = MemberLiaison.objects.get()
    assert (liaison.member, liaison.committee_member) == (world.member, world.committee)
    html = client.get(reverse("talk_coverage", args=[world.cycle.pk])).content.decode()
    assert "应谈 <strong>3</strong> 人次，已谈 <strong>1</strong> 人次，未谈 <strong>2</strong> 人次" in html


def test_a_member_cannot_be_made_responsible_for_another(client_for, world, fellow):
    response = client_for(world.secretary).post(
        reverse("talk_liaisons", args=[world.cycle.pk]), {f"member-{fellow.pk}": world.member.pk}
    )

    assert response.status_code == 302
    assert MemberLiaison.objects.count() == 0


def test_the_talk_list_runs_the_same_queries_for_one_and_three_talks(
    client_for, world, fellow, django_assert_num_queries
):
    client = client_for(world.secretary)
    url = reverse("talk_list", args=[world.cycle.pk])
    make_talk(cycle=world.cycle, lead=world.secretary, partners=[world.member])
    client.get(url)
    with django_assert_num_queries(9) as one:
        client.get(url)
    make_talk(cycle=world.cycle, lead=world.secretary, partners=[fellow])
    make_talk(cycle=world.cycle, lead=world.committee, partners=[world.member, fellow])

    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)

    assert len(_dates(response)) == 3


def test_the_record_sheet_and_the_coverage_table_print_as_pdf(client_for, world, talk):
    client = client_for(world.secretary)

    sheet = client.get(reverse("talk_pdf", args=[talk.pk]))
    table = client.get(reverse("talk_coverage_pdf", args=[world.cycle.pk]))

    record = PdfReader(io.BytesIO(b"".join(sheet.streaming_content)))
    coverage_table = PdfReader(io.BytesIO(b"".join(table.streaming_content)))
    assert (sheet.status_code, sheet["Content-Type"], len(record.pages)) == (200, "application/pdf", 1)
    text = record.pages[0].extract_text().replace("\n", "")
    assert text.startswith("谈心谈话记录第一党支部　2022年专题组织生活会谈话时间 2022年11月10日 谈话地点 支部活动室")
    assert "谈话人 张书记 谈话对象 王党员" in text and "谈话人（签字）：" in text
    assert (table.status_code, len(coverage_table.pages), coverage_table.pages[0].mediabox.width > 800) == (
        200,
        1,
        True,
    )


def test_the_coverage_page_runs_the_same_queries_for_one_and_three_talks(
    client_for, world, fellow, django_assert_num_queries
):
    client = client_for(world.secretary)
    url = reverse("talk_coverage", args=[world.cycle.pk])
    make_talk(cycle=world.cycle, lead=world.secretary, partners=[world.member])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    make_talk(cycle=world.cycle, lead=world.secretary, partners=[fellow])
    make_talk(cycle=world.cycle, lead=world.committee, partners=[world.member, fellow])

    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)

    assert "应谈 <strong>3</strong> 人次，已谈 <strong>2</strong> 人次" in response.content.decode()

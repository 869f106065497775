"""The evaluation's card on the cycle page, from annotations on the cycle queryset."""

import re

import pytest
from django.urls import reverse

from orglife.evaluation import services
from tests.factories import cast_ballots, make_evaluation

ABOUT = "党员自评、互评，无记名投票评定优秀、合格、基本合格、不合格等次。"


def _card(html: str) -> str:
    (inner,) = re.findall(r'<li class="step step-[a-z-]+" id="step-evaluation">(.*?)</li>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inner)).strip()


@pytest.mark.parametrize(
    ("who", "expected"),
    [("secretary", "尚未开展民主评议 {about} 开展民主评议"), ("member", "尚未开展民主评议 {about}")],
)
def test_no_evaluation_yet(world, client_for, branch_members, who, expected):
    html = client_for(getattr(world, who)).get(reverse("cycle", args=[world.cycle.pk])).content.decode()
    assert _card(html) == "8 民主评议 " + expected.format(about=ABOUT)


def test_voting_and_then_closed(world, client_for, voters):
    evaluation = make_evaluation(cycle=world.cycle, state="open")
    cast_ballots(evaluation=evaluation, voters=voters[:2])
    url = reverse("cycle", args=[world.cycle.pk])
    voting = _card(client_for(world.member).get(url).content.decode())
    cast_ballots(evaluation=evaluation, voters=voters[2:])
    services.evaluation_close(evaluation=evaluation)
    closed = _card(client_for(world.secretary).get(url).content.decode())

    assert voting == f"8 民主评议 投票中 {ABOUT} 已投票2人，共6人 去投票或查看进度"
    assert closed == f"8 民主评议 投票已结束，等次尚未评定 {ABOUT} 已投票6人，共6人 评定等次"

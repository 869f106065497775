"""One ballot per voter, however many casts of theirs arrive at once."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from orglife.common.models import SealedItem
from orglife.evaluation.models import Voted
from tests.factories import make_evaluation


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_casts_by_one_voter_leave_one_ballot(world, branch_members):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's test database cannot take concurrent writers; CI runs this on PostgreSQL.")
    evaluation = make_evaluation(cycle=world.cycle, state="open")
    voter = world.member
    data = {f"m{s.member_id}": "qualified" for s in evaluation.subjects.all() if s.member_id != voter.pk}
    url = reverse("evaluation_ballot", args=[evaluation.pk])
    results: dict[int, tuple[int, str]] = {}
    start = threading.Barrier(20)

    def cast(n: int) -> None:
        client = Client()
        client.force_login(voter)
        start.wait()
        try:
            response = client.post(url, data)
            html = response.content.decode()
            said = [
                text
                for text in ("您的回执码", "您已投票，每人只能投一次。", "您已经投过票了，每人只能投一次。")
                if text in html
            ]
            results[n] = (response.status_code, said[0] if said else html)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    answers = sorted(results.values())
    receipts = [answer for answer in answers if answer == (200, "您的回执码")]
    # The others are told they have voted: by the page (already in the voted list when
    # they arrived) or by the refused cast (they waited for the winner's lock).
    others = {answer for answer in answers if answer not in receipts}
    assert len(receipts) == 1 and len(answers) == 20
    assert others <= {(200, "您已投票，每人只能投一次。"), (400, "您已经投过票了，每人只能投一次。")}
    assert (Voted.objects.filter(voter=voter).count(), SealedItem.objects.count()) == (1, 1)

"""Undo puts back only what nobody decided otherwise since, and once (issue 11, item 10)."""

import re
import threading

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from orglife.models import Opinion, Problem
from orglife.opinions.services import opinion_answer
from tests.factories import adopted_opinion

USED = '<p id="undo-notice" class="error" role="alert">这一项已经撤销过了。</p>'


def _delete(client, world, problem) -> str:
    """Delete `problem` in the editor and return the undo token of its notice."""
    html = client.post(
        reverse("editor_part_delete", args=[world.material.pk, "problem", problem.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    return re.search(r'<input type="hidden" name="token" value="([^"]+)">', html).group(1)


def _undo(client, world, token):
    return client.post(reverse("editor_part_undo", args=[world.material.pk]), {"token": token}, HTTP_HX_REQUEST="true")


def test_undo_of_a_problem_delete_leaves_an_opinion_answered_since_answered(world, client_for):
    opinion = adopted_opinion(cycle=world.cycle, category=world.categories[0])
    client = client_for(world.secretary)
    token = _delete(client, world, opinion.problem)
    opinion_answer(opinion=Opinion.objects.get(pk=opinion.pk), response="已在支委会上说明情况。")

    _undo(client, world, token)

    opinion.refresh_from_db()
    assert (opinion.status, opinion.problem, opinion.response) == ("answered", None, "已在支委会上说明情况。")
    assert list(Problem.objects.filter(material=world.material).values_list("text", flat=True)) == ["理论学习走过场。"]


def test_undo_of_a_problem_delete_takes_back_an_opinion_still_pending(world, client_for):
    opinion = adopted_opinion(cycle=world.cycle, category=world.categories[0])
    client = client_for(world.secretary)
    token = _delete(client, world, opinion.problem)

    _undo(client, world, token)

    opinion.refresh_from_db()
    assert (opinion.status, opinion.problem.text) == ("adopted", "理论学习走过场。")


def test_undo_token_is_used_once_even_when_the_second_try_reaches_another_worker(world, drafted, client_for):
    client = client_for(world.secretary)
    token = _delete(client, world, drafted["p1"])

    first = _undo(client, world, token)
    caches["shared"].clear()  # another gunicorn worker without REDIS_URL: a cache of its own
    second = _undo(client, world, token)

    assert first.status_code == 200
    assert second.content.decode() == USED
    assert Problem.objects.filter(material=world.material, text=drafted["p1"].text).count() == 1


def test_undo_token_refused_because_the_category_is_gone_can_be_used_after_all(world, drafted, client_for):
    client = client_for(world.secretary)
    token = _delete(client, world, drafted["p1"])
    Problem.objects.filter(pk=drafted["p2"].pk).update(category=world.categories[1])
    world.categories[0].delete()

    refused = _undo(client, world, token)

    assert refused.content.decode() == (
        '<p id="undo-notice" class="error" role="alert">无法撤销：这个问题所属的查摆方面已被删除。</p>'
    )
    from orglife.models import UsedUndoToken  # here: the rest of the module runs on code without it

    assert UsedUndoToken.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_the_same_undo_token_sent_twice_at_once_puts_the_problem_back_once(world, drafted):
    if connection.vendor == "sqlite":
        pytest.skip("Concurrent writers need PostgreSQL (SQLite locks the whole database); CI runs this there.")
    client = Client()
    client.force_login(world.secretary)
    token = _delete(client, world, drafted["p1"])
    start, bodies = threading.Barrier(2), []

    def undo() -> None:
        c = Client()
        c.force_login(world.secretary)
        try:
            start.wait()
            bodies.append(_undo(c, world, token).content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=undo) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(body == USED for body in bodies) == [False, True]
    assert Problem.objects.filter(material=world.material, text=drafted["p1"].text).count() == 1

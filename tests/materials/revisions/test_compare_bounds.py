"""The compare page says when it compared long paragraphs coarsely (issue 11, item 5)."""

import random

from django.urls import reverse

from orglife.materials.revisions.services import revision_create
from orglife.models import Problem
from tests.factories import make_problem


def _sentences(seed: int) -> str:
    rng = random.Random(seed)
    return "。".join("".join(rng.choice("学习工作作风担当群众纪律") for _ in range(30)) for _ in range(150))


def test_compare_of_two_long_rewritten_problems_says_it_fell_back(world, client_for):
    problem = make_problem(material=world.material, category=world.categories[0], position=1, text=_sentences(1))
    revision = revision_create(material=world.material, by=world.secretary, reason="改之前")
    Problem.objects.filter(pk=problem.pk).update(text=_sentences(2))

    response = client_for(world.member).get(
        reverse("material_revision_compare", args=[world.material.pk]), {"a": revision.pk, "b": "current"}
    )

    html = response.content.decode()
    assert [row.coarse for row in response.context["rows"]] == [False, False, False, True]
    assert (
        '<p class="diff-coarse-notice" role="note">内容较长，标有“未逐字比较”的段落只按句子或整段标出了变化。</p>'
        in html
    )
    assert '<p class="diff-replace diff-coarse"><span class="diff-note">［未逐字比较］</span>' in html


def test_compare_of_a_short_edit_says_nothing_about_falling_back(world, client_for):
    problem = make_problem(material=world.material, category=world.categories[0], position=1, text="学习不够。")
    revision = revision_create(material=world.material, by=world.secretary, reason="改之前")
    Problem.objects.filter(pk=problem.pk).update(text="学习很不够。")

    response = client_for(world.member).get(
        reverse("material_revision_compare", args=[world.material.pk]), {"a": revision.pk, "b": "current"}
    )

    assert response.context["coarse"] is False
    assert "未逐字比较" not in response.content.decode()

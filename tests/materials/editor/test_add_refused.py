"""Adding a part to a list that is gone gives the typed text back (issue 11, item 9)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from orglife.cycles.services import category_add, category_delete
from orglife.materials.editor import services as edit
from orglife.models import Category, Measure, Problem
from tests.factories import make_category, make_cycle, make_direction

CATEGORY_GONE = "这个查摆方面已被删除（或不属于本次组织生活会），问题没有保存。请选择其他方面。"
DIRECTION_GONE = "这个努力方向已被删除，措施没有保存。您写的文字在下面，可以添加到其他努力方向。"


def _add_problem(client, world, category_id, text="新写的问题，比如某次会议迟到。", **extra):
    return client.post(
        reverse("editor_part_add", args=[world.material.pk, "problem"]),
        {"add-problem-category": category_id, "add-problem-text": text, **extra},
        HTTP_HX_REQUEST="true",
    )


def test_add_problem_to_a_category_deleted_meanwhile_gives_the_text_back(world, drafted, client_for):
    gone = category_add(cycle=world.cycle, name="纪律")
    gone_id = gone.pk
    category_delete(category=gone)

    response = _add_problem(client_for(world.secretary), world, gone_id)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<div id="category-{gone_id}" class="part conflict" role="alert">')
    assert f'<p class="error">{CATEGORY_GONE}</p>' in html
    assert '<textarea name="add-problem-text" rows="6" class="grow">新写的问题，比如某次会议迟到。</textarea>' in html
    options = [f'<option value="{c.pk}">{c.name}方面</option>' for c in world.categories]
    assert f'<select name="add-problem-category">{"".join(options)}</select>' in html
    assert Problem.objects.count() == 2


def test_add_problem_with_another_cycles_category_gives_the_text_back(world, drafted, client_for):
    other = make_cycle(branch=world.other_branch, year=2022, title="另一支部")
    theirs = make_category(cycle=other, position=1, name="思想")

    response = _add_problem(client_for(world.secretary), world, theirs.pk, text="<b>我的文字</b>")

    html = response.content.decode()
    assert f'<p class="error">{CATEGORY_GONE}</p>' in html
    assert "&lt;b&gt;我的文字&lt;/b&gt;</textarea>" in html
    assert Problem.objects.count() == 2


def test_add_problem_from_the_refusal_to_another_category_reloads_the_page(world, drafted, client_for):
    study = world.categories[1]

    response = _add_problem(client_for(world.secretary), world, study.pk, refresh="1")

    assert response["HX-Refresh"] == "true"
    assert list(study.problems.values_list("text", flat=True)) == ["新写的问题，比如某次会议迟到。"]


def test_problem_add_to_a_category_deleted_after_the_form_was_checked_is_refused(world, drafted):
    gone = category_add(cycle=world.cycle, name="纪律")
    Category.objects.filter(pk=gone.pk).delete()  # after the view checked the form

    with pytest.raises(ValidationError) as refused:
        edit.problem_add(material=world.material, category=gone, text="新问题。", by=world.secretary)

    assert refused.value.messages == [CATEGORY_GONE]
    assert Problem.objects.count() == 2


def test_add_measure_with_a_non_numeric_direction_is_a_clear_400(world, drafted, client_for):
    response = client_for(world.secretary).post(
        reverse("editor_part_add", args=[world.material.pk, "measure"]),
        {"direction": "abc", "add-measure-text": "每周学习。"},
        HTTP_HX_REQUEST="true",
    )

    assert (response.status_code, response.content.decode()) == (400, "请求无效：没有指明添加到哪个努力方向。")
    assert Measure.objects.count() == 1


def test_add_measure_to_a_direction_deleted_meanwhile_gives_the_text_back(world, drafted, client_for):
    other = make_direction(material=world.material, position=2, heading="改进作风")
    gone_id = other.pk
    other.delete()

    response = client_for(world.secretary).post(
        reverse("editor_part_add", args=[world.material.pk, "measure"]),
        {"direction": gone_id, "add-measure-text": "每月谈心一次。"},
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    assert html.startswith(f'<div id="direction-{gone_id}" class="part conflict" role="alert">')
    assert f'<p class="error">{DIRECTION_GONE}</p>' in html
    assert '<textarea name="add-measure-text" rows="6" class="grow">每月谈心一次。</textarea>' in html
    assert f'<select name="direction"><option value="{drafted["direction"].pk}">加强学习</option></select>' in html
    assert Measure.objects.count() == 1

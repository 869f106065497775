import datetime

import pytest
from django.urls import reverse

from orglife.materials.revisions.services import material_to_data, revision_create, revision_restore
from orglife.models import Material, MaterialRevision, Measure, Problem
from tests.factories import make_direction, make_measure, make_problem


@pytest.fixture
def revised(world):
    """A material with one problem answered by one owned measure, saved as a revision, then edited."""
    m = world.material
    problem = make_problem(material=m, category=world.categories[0], position=1, text="学习不够深入。")
    direction = make_direction(material=m, position=1, heading="加强学习")
    measure = make_measure(
        direction=direction,
        position=1,
        text="每周学习。",
        owner=world.member,
        deadline=datetime.date(2023, 3, 31),
        status="in_progress",
    )
    measure.problems.add(problem)
    revision = revision_create(material=m, by=world.secretary, reason="改之前")
    Problem.objects.filter(pk=problem.pk).update(text="学习很不够系统。")
    return revision


def test_save_revision_on_demand_keeps_the_note(world, client_for):
    response = client_for(world.secretary).post(
        reverse("material_revision_save", args=[world.material.pk]), {"reason": "送审前定稿"}
    )

    revision = MaterialRevision.objects.get()
    assert (revision.reason, revision.automatic, revision.created_by) == ("送审前定稿", False, world.secretary)
    assert response["Location"] == reverse("material_revisions", args=[world.material.pk])


def test_save_revision_goes_back_to_a_local_next_only(world, client_for):
    client = client_for(world.secretary)
    url = reverse("material_revision_save", args=[world.material.pk])

    local = client.post(url, {"next": "/materials/1/edit/"})
    foreign = client.post(url, {"next": "https://evil.example/"})

    assert (local["Location"], foreign["Location"]) == (
        "/materials/1/edit/",
        reverse("material_revisions", args=[world.material.pk]),
    )


@pytest.mark.parametrize(("who", "code"), [("member", 403), ("reviewer", 403), ("outsider", 404)])
def test_save_revision_refuses_non_editors(world, client_for, who, code):
    response = client_for(getattr(world, who)).post(reverse("material_revision_save", args=[world.material.pk]))

    assert (response.status_code, MaterialRevision.objects.count()) == (code, 0)


def test_compare_revision_with_current_marks_changed_characters(world, client_for, revised):
    url = reverse("material_revision_compare", args=[world.material.pk])

    response = client_for(world.member).get(url, {"a": revised.pk, "b": "current"})

    html = response.content.decode()
    assert '<p class="diff-replace">一是学习<ins>很</ins>不够<del>深入</del><ins>系统</ins>。</p>' in html
    assert '<p class="diff-equal">党支部班子对照检查材料</p>' in html
    assert "1 段有变化" in html


def test_compare_two_revisions(world, client_for, revised):
    second = revision_create(material=world.material, by=world.secretary, reason="改之后")
    url = reverse("material_revision_compare", args=[world.material.pk])

    rows = client_for(world.secretary).get(url, {"a": revised.pk, "b": second.pk}).context["rows"]

    assert [row.op for row in rows] == ["equal", "equal", "equal", "replace", "equal", "equal", "equal"]


def test_compare_is_hidden_from_outsiders_and_unknown_revisions_are_404(world, client_for, revised):
    url = reverse("material_revision_compare", args=[world.material.pk])

    outsider = client_for(world.outsider).get(url, {"a": revised.pk}).status_code
    unknown = client_for(world.secretary).get(url, {"a": "999999"}).status_code

    assert (outsider, unknown) == (404, 404)


def test_restore_brings_back_measure_owner_deadline_status_and_links(world, revised):
    Measure.objects.update(owner=None, deadline=None, status="planned")
    Measure.objects.get().problems.clear()

    revision_restore(revision=revised, by=world.secretary)

    measure = Measure.objects.get()
    assert (measure.owner, measure.deadline, measure.status) == (
        world.member,
        datetime.date(2023, 3, 31),
        "in_progress",
    )
    assert [p.text for p in measure.problems.all()] == ["学习不够深入。"]


def test_material_to_data_names_the_problems_a_measure_answers(world, revised):
    data = material_to_data(world.material)

    assert data["directions"][0]["measures"] == [
        {
            "text": "每周学习。",
            "answers": [{"category": "思想", "item": 1}],
            "owner": "member",
            "deadline": "2023-03-31",
            "status": "in_progress",
        }
    ]


def test_editor_fix_punctuation_saves_a_revision_first(world, client_for):
    Material.objects.filter(pk=world.material.pk).update(title='关于"四个意识"')

    client_for(world.secretary).post(reverse("editor_fix_punctuation", args=[world.material.pk]))

    revision = MaterialRevision.objects.get()
    assert (revision.reason, revision.data["title"]) == ("一键修改标点前自动保存", '关于"四个意识"')
    assert Material.objects.get(pk=world.material.pk).title == "关于“四个意识”"

import pytest
from django.test import Client
from django.urls import reverse

from orglife.dashboard.copies import (
    THRESHOLD,
    jaccard,
    material_texts,
    passages,
    shingles,
    similar_materials,
    suspected_pairs,
)
from orglife.dashboard.seed import seed_district
from orglife.models import Material
from orglife.orgs.access import materials_for_user

pytestmark = pytest.mark.django_db


def test_shingles_ignore_spaces_and_punctuation():
    assert shingles("理论学习，不够深入。") == shingles("理论学习 不够深入")
    assert shingles("") == set()
    assert jaccard(shingles("一二三四五六"), shingles("一二三四五六")) == 1.0


def test_passages_mark_the_shared_sentences():
    other = shingles("理论学习不够深入系统。")
    marked = passages("理论学习不够深入系统。工作作风还需改进。", other)
    assert [(p.text, p.shared) for p in marked] == [("理论学习不够深入系统。", True), ("工作作风还需改进。\n", False)]


def test_copy_detection_among_500_materials():
    """One district of 500 branches (about 470 materials, two planted copies): the copies
    and only they pass the threshold; the reviewer's page shows the original first with
    the shared passages marked; a distinct material has no suspected pair."""
    district = seed_district(branches=500, seed=11, prefix="cp")
    ids = list(
        Material.objects.filter(cycle__branch__path__startswith=district.district.path).values_list("pk", flat=True)
    )
    assert len(ids) >= 450
    assert len(district.planted) == 2

    found = {(a, b) for a, b, _similarity in suspected_pairs(ids)}
    assert found == {tuple(sorted(pair)) for pair in district.planted}

    copy, original = district.planted[0]
    material = Material.objects.select_related("cycle__branch").get(pk=copy)
    pairs = similar_materials(material, materials_for_user(district.reviewer))
    assert pairs[0].other.pk == original
    assert pairs[0].suspected
    assert pairs[0].similarity >= 0.9
    assert all(not pair.suspected for pair in pairs[1:])

    client = Client()
    client.force_login(district.reviewer)
    response = client.get(reverse("material_similar", args=[copy]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "疑似雷同" in body
    assert "<mark>" in body
    assert material_texts([original])[original].split("\n")[1][:10] in body

    planted = {pk for pair in district.planted for pk in pair}
    distinct = (
        Material.objects.filter(pk__in=ids, problems__isnull=False)
        .exclude(pk__in=planted)
        .distinct()
        .select_related("cycle__branch")
        .first()
    )
    assert all(
        pair.similarity < THRESHOLD for pair in similar_materials(distinct, materials_for_user(district.reviewer))
    )


def test_another_districts_reviewer_cannot_compare():
    mine = seed_district(branches=3, seed=1, prefix="a")
    theirs = seed_district(branches=3, seed=2, prefix="b")
    material = Material.objects.filter(cycle__branch__path__startswith=mine.district.path).first()
    client = Client()
    client.force_login(theirs.reviewer)
    assert client.get(reverse("material_similar", args=[material.pk])).status_code == 404


def _pairs_shown(reviewer, **query):
    client = Client()
    client.force_login(reviewer)
    response = client.get(reverse("dashboard_copies"), query)
    assert response.status_code == 200
    return response, [(p.material.pk, p.other.pk, p.percent, p.reason) for p in response.context["page"].object_list]


def test_the_districts_list_shows_the_planted_copies_and_nothing_else():
    """The reviewer's 疑似雷同材料: exactly the planted pairs of the year (a copy of another
    branch's material, or of its own last year's), each once, most similar first."""
    district = seed_district(branches=500, seed=11, prefix="cl")
    assert len(district.planted) == 2

    response, shown = _pairs_shown(district.reviewer, year=2023)

    by_pk = {m.pk: m for m in Material.objects.filter(pk__in=[pk for pair in district.planted for pk in pair])}
    expected = set()
    for copy, original in district.planted:
        same_branch = by_pk[copy].cycle.branch_id == by_pk[original].cycle.branch_id
        if same_branch:
            expected.add((copy, original, "与本支部2022年度材料雷同"))
        else:
            expected.add((*sorted((copy, original)), "同年度两个党支部的材料雷同"))
    assert {(a, b, reason) for a, b, _percent, reason in shown} == expected
    assert all(percent >= 90 for _a, _b, percent, _reason in shown)
    assert [percent for *_, percent, _reason in shown] == sorted((p for *_, p, _r in shown), reverse=True)
    body = response.content.decode()
    assert f"2023年度共发现疑似雷同 {len(expected)} 对。" in body
    assert f'href="/materials/{shown[0][0]}/similar/"' in body


def test_the_districts_list_of_another_year_or_district_is_empty():
    mine = seed_district(branches=200, seed=11, prefix="cm")
    theirs = seed_district(branches=3, seed=2, prefix="cn")

    response, shown = _pairs_shown(mine.reviewer, year=2021)
    assert shown == [] and "2021年度共发现疑似雷同 0 对。" in response.content.decode()
    assert _pairs_shown(theirs.reviewer, year=2023)[1] == []  # the other district's copies are not theirs


def _plant(seeded) -> None:
    """Two of the district's materials of 2023 made alike: both open with a third one's
    whole text (so each district has pairs to show, whatever the seed planted)."""
    from orglife.dashboard.copies import refresh_signatures

    materials = Material.objects.filter(cycle__branch__path__startswith=seeded.district.path, cycle__year=2023)
    source = materials.filter(problems__isnull=False).order_by("pk").values_list("pk", flat=True).first()
    ids = list(materials.exclude(pk=source).order_by("pk").values_list("pk", flat=True)[:2])
    shared = material_texts([source])[source] * 3
    Material.objects.filter(pk__in=ids).update(preamble=shared)
    refresh_signatures([*ids, source])


def test_the_districts_list_runs_the_same_queries_at_two_sizes(django_assert_num_queries):
    small = seed_district(branches=10, seed=1, prefix="cs")
    large = seed_district(branches=150, seed=2, prefix="cb")
    clients = []
    for seeded in (small, large):
        _plant(seeded)
        client = Client()
        client.force_login(seeded.reviewer)
        assert _pairs_shown(seeded.reviewer, year=2023)[1]  # something to show in both
        client.get(reverse("dashboard_copies"))
        clients.append(client)

    for client in clients:
        with django_assert_num_queries(17):
            client.get(reverse("dashboard_copies"), {"year": 2023})


def test_housekeeping_makes_the_signature_of_an_edited_material_again():
    from django.utils import timezone

    from orglife.dashboard.copies import signatures_refresh_stale
    from orglife.dashboard.models import CopySignature
    from orglife.models import Problem

    seeded = seed_district(branches=5, seed=3, prefix="ch")
    signatures_refresh_stale()  # the materials still empty get theirs (the seed signs those with text)
    assert signatures_refresh_stale() == 0
    problem = Problem.objects.filter(material__cycle__branch__path__startswith=seeded.district.path).first()
    before = CopySignature.objects.get(material=problem.material_id).text_hash
    problem.text = "我们支部全新写的问题，和原来完全不同。"
    problem.save()
    Material.objects.filter(pk=problem.material_id).update(updated_at=timezone.now())  # as the editor does

    assert signatures_refresh_stale() == 1
    assert CopySignature.objects.get(material=problem.material_id).text_hash != before
    assert signatures_refresh_stale() == 0

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

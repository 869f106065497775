import pytest
from django.db import IntegrityError, transaction

from orglife.models import Category, Cause, Direction, ExtraSection, Material, Measure, Membership, Problem


def creates(factory) -> bool:
    try:
        with transaction.atomic():
            factory()
    except IntegrityError:
        return False
    return True


@pytest.mark.django_db
def test_positions_are_unique_within_their_parent(world):
    m, thought = world.material, world.categories[0]
    Problem.objects.create(material=m, category=thought, position=1, text="a")
    Cause.objects.create(material=m, position=1, heading="a")
    direction = Direction.objects.create(material=m, position=1, heading="a")
    Measure.objects.create(direction=direction, position=1, text="a")
    ExtraSection.objects.create(material=m, position=1, heading="a")

    duplicates = {
        "problem": creates(lambda: Problem.objects.create(material=m, category=thought, position=1, text="b")),
        "cause": creates(lambda: Cause.objects.create(material=m, position=1, heading="b")),
        "direction": creates(lambda: Direction.objects.create(material=m, position=1, heading="b")),
        "measure": creates(lambda: Measure.objects.create(direction=direction, position=1, text="b")),
        "section": creates(lambda: ExtraSection.objects.create(material=m, position=1, heading="b")),
        "category": creates(lambda: Category.objects.create(cycle=world.cycle, position=1, name="新方面")),
        "category name": creates(lambda: Category.objects.create(cycle=world.cycle, position=9, name="思想")),
    }

    assert duplicates == dict.fromkeys(duplicates, False)


@pytest.mark.django_db
def test_same_position_in_another_parent_is_allowed(world):
    m, thought, study = world.material, world.categories[0], world.categories[1]
    Problem.objects.create(material=m, category=thought, position=1, text="a")
    first = Direction.objects.create(material=m, position=1, heading="a")
    second = Direction.objects.create(material=m, position=2, heading="b")
    Measure.objects.create(direction=first, position=1, text="a")

    allowed = [
        creates(lambda: Problem.objects.create(material=m, category=study, position=1, text="b")),
        creates(lambda: Measure.objects.create(direction=second, position=1, text="b")),
    ]

    assert allowed == [True, True]


@pytest.mark.django_db
def test_one_committee_material_per_cycle_and_one_personal_per_author(world):
    Material.objects.create(cycle=world.cycle, kind="personal", author=world.member, title="个人材料")

    outcomes = [
        creates(lambda: Material.objects.create(cycle=world.cycle, title="第二份班子材料")),
        creates(
            lambda: Material.objects.create(cycle=world.cycle, kind="personal", author=world.member, title="又一份")
        ),
        creates(
            lambda: Material.objects.create(cycle=world.cycle, kind="personal", author=world.committee, title="委员")
        ),
    ]

    assert outcomes == [False, False, True]


@pytest.mark.django_db
def test_material_author_must_match_kind(world):
    outcomes = [
        creates(lambda: Material.objects.create(cycle=world.cycle, kind="personal", title="无作者")),
        creates(lambda: Material.objects.create(cycle=world.cycle, kind="committee", author=world.member, title="x")),
    ]

    assert outcomes == [False, False]


@pytest.mark.django_db
def test_a_user_may_hold_several_roles_but_not_the_same_twice(world):
    outcomes = [
        creates(lambda: Membership.objects.create(user=world.secretary, organisation=world.branch, role="discipline")),
        creates(lambda: Membership.objects.create(user=world.secretary, organisation=world.branch, role="secretary")),
    ]

    assert outcomes == [True, False]

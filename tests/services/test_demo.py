from io import StringIO

import pytest
from django.core.management import call_command

from orglife.models import (
    Category,
    Cause,
    Cycle,
    Direction,
    Material,
    Measure,
    Membership,
    Opinion,
    Organisation,
    Problem,
    User,
)

MODELS = [Organisation, User, Membership, Cycle, Category, Material, Problem, Cause, Direction, Measure, Opinion]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_load_demo_twice_duplicates_nothing():
    call_command("load_demo", stdout=StringIO())
    first = counts()

    call_command("load_demo", stdout=StringIO())

    assert (
        counts()
        == first
        == {
            "Organisation": 4,
            "User": 10,
            "Membership": 9,
            "Cycle": 1,
            "Category": 4,
            "Material": 1,
            "Problem": 12,
            "Cause": 3,
            "Direction": 3,
            "Measure": 10,
            "Opinion": 6,
        }
    )


@pytest.mark.django_db
def test_demo_branch_has_seven_members_with_roles_and_a_reviewer_above():
    call_command("load_demo", stdout=StringIO())
    branch = Organisation.objects.get(code="linjiang-drc-branch")

    roles = sorted(Membership.objects.filter(organisation=branch).values_list("role", flat=True))
    reviewer = Membership.objects.get(role="reviewer")

    assert roles == ["member", "member", "member", "organisation", "probationary", "publicity", "secretary"]
    assert (reviewer.user.username, reviewer.organisation.name) == ("reviewer", "中共临江区委")
    assert branch.parent.parent == reviewer.organisation


@pytest.mark.django_db
def test_demo_cycle_is_the_2022_special_meeting_with_four_categories():
    call_command("load_demo", stdout=StringIO())

    cycle = Cycle.objects.get()

    assert (cycle.year, cycle.kind, cycle.theme) == (2022, "special", "迎盛会、铸忠诚、强担当、创业绩")
    assert list(cycle.categories.values_list("name", flat=True)) == ["思想", "学习", "工作", "生活"]
    assert [c.problems.count() for c in cycle.categories.all()] == [3, 3, 3, 3]


@pytest.mark.django_db
def test_demo_logins_are_printed(capsys):
    call_command("load_demo")

    out = capsys.readouterr().out

    assert "演示账号（密码均为 orglife2022）" in out
    assert "  secretary  张卫东  临江区发展和改革局机关党支部书记" in out

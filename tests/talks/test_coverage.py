"""The coverage rule: who must talk with whom, who has, and the counts 应谈 / 已谈."""

import pytest

from orglife.talks.selectors import coverage, talk_counts
from orglife.talks.services import liaisons_set
from tests.factories import make_branch, make_cycle, make_member, make_membership, make_talk, make_user


@pytest.fixture
def twelve(db):
    """A branch of 12: the secretary, two committee members, nine members; 支委 1 is
    responsible for members 1–4, 支委 2 for members 5–8, member 9 for nobody."""
    branch = make_branch(name="十二人支部", code="twelve")
    roles = [("s", "secretary"), ("c1", "organisation"), ("c2", "publicity")]
    roles += [(f"m{n}", "probationary" if n == 9 else "member") for n in range(1, 10)]
    people = {}
    for position, (name, role) in enumerate(roles, start=1):
        people[name] = make_user(username=name)
        make_membership(user=people[name], organisation=branch, role=role, position=position)
    cycle = make_cycle(branch=branch, year=2022)
    responsible = {people[f"m{n}"].pk: people["c1"].pk for n in range(1, 5)}
    responsible |= {people[f"m{n}"].pk: people["c2"].pk for n in range(5, 9)}
    liaisons_set(branch=branch, cycle=cycle, responsible=responsible)
    return branch, cycle, people


def test_coverage_of_a_twelve_member_branch_is_exact(twelve):
    branch, cycle, p = twelve
    for n in range(1, 10):
        make_talk(cycle=cycle, lead=p["s"], partners=[p[f"m{n}"]])
    make_talk(cycle=cycle, lead=p["s"], partners=[p["c1"]])
    make_talk(cycle=cycle, lead=p["c1"], partners=[p["c2"]], form="phone")
    make_talk(cycle=cycle, lead=p["c1"], partners=[p["m1"], p["m2"], p["m3"]])  # 集体谈
    make_talk(cycle=cycle, lead=p["c2"], partners=[p["m5"]])
    make_talk(cycle=cycle, lead=p["m1"], partners=[p["m9"]])  # not required
    other = make_cycle(branch=branch, year=2021)
    make_talk(cycle=other, lead=p["s"], partners=[p["c2"]])  # another cycle's talk counts for nothing

    found = coverage(cycle)

    names = lambda pairs: [(x.first.user.username, x.second.user.username, x.reason) for x in pairs]  # noqa: E731
    assert (found.required, found.done, found.talks) == (20, 15, 14)
    assert names(found.missing) == [
        ("s", "c2", "书记与支委"),
        ("c1", "m4", "支委与联系的党员"),
        ("c2", "m6", "支委与联系的党员"),
        ("c2", "m7", "支委与联系的党员"),
        ("c2", "m8", "支委与联系的党员"),
    ]
    assert [person.user.username for person in found.people] == ["s", "c1", "c2"] + [f"m{n}" for n in range(1, 10)]
    assert talk_counts(cycle) == {"required": 20, "done": 15, "talks": 14}
    row = dict((person.user.username, cells) for person, cells in found.rows)
    states = [cell.state for cell in row["c1"]]
    assert states == ["done", "self", "done", "done", "done", "done", "missing", "none", "none", "none", "none", "none"]
    assert [cell.state for cell in row["m1"]][3:] == [
        "self",
        "extra",
        "extra",
        "none",
        "none",
        "none",
        "none",
        "none",
        "extra",
    ]
    assert found.complete is False


def test_the_secretary_and_committee_pairs_count_once(twelve):
    branch, cycle, p = twelve
    liaisons_set(branch=branch, cycle=cycle, responsible={p["m1"].pk: None, p["m9"].pk: p["c1"].pk})

    found = coverage(cycle)

    # s with 11, c1–c2, c1 with m2–m4 and m9, c2 with m5–m8: 11 + 1 + 4 + 4
    assert (found.required, found.done, len(found.missing)) == (20, 0, 20)


def test_a_committee_member_on_their_own_has_nobody_to_talk_with(db):
    branch = make_branch(code="lonely")
    make_member(username="only", organisation=branch, role="secretary")
    cycle = make_cycle(branch=branch)

    found = coverage(cycle)

    assert (found.required, found.done, found.complete) == (0, 0, False)


def test_coverage_runs_the_same_queries_at_any_size(twelve, django_assert_num_queries):
    _branch, cycle, p = twelve
    make_talk(cycle=cycle, lead=p["s"], partners=[p["m1"]])
    with django_assert_num_queries(3):
        small = coverage(cycle)
    for n in range(2, 10):
        make_talk(cycle=cycle, lead=p["s"], partners=[p[f"m{n}"]])
    make_talk(cycle=cycle, lead=p["c1"], partners=[p["m1"], p["m2"], p["m3"], p["m4"]])

    with django_assert_num_queries(3):
        large = coverage(cycle)

    assert (small.done, large.done) == (1, 13)

"""A branch big enough to evaluate: the world's secretary, committee member and member,
three more full members and a probationary one; and its evaluation."""

from __future__ import annotations

import pytest

from tests.factories import make_evaluation, make_member


@pytest.fixture
def branch_members(world):
    """The branch's people in its order: six who vote, then a probationary member."""
    extra = [
        make_member(username=name, full_name=full, organisation=world.branch, role=role)
        for name, full, role in (
            ("chen", "陈党员", "member"),
            ("liu", "刘党员", "member"),
            ("yang", "杨党员", "member"),
            ("wu", "吴预备", "probationary"),
        )
    ]
    return [world.secretary, world.committee, world.member, *extra]


@pytest.fixture
def voters(branch_members):
    return branch_members[:6]


@pytest.fixture
def evaluation(world, branch_members):
    """Open, probationary members not evaluated, no committee rating."""
    return make_evaluation(cycle=world.cycle, state="open")

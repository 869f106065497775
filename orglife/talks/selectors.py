"""Reads of the talks: the people of a branch as the coverage rule sees them, and the
coverage itself (who must talk with whom, who has)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from django.db.models import QuerySet

from orglife.cycles.models import Cycle
from orglife.orgs.access import talks_for_user
from orglife.orgs.models import Membership, Organisation, User
from orglife.talks.models import MemberLiaison, Talk, TalkParticipant

# Which role a person is shown with when they hold several: the first in this order.
ROLE_ORDER = [role for role, _label in Membership.Role.choices if role != Membership.Role.REVIEWER]


@dataclass
class Person:
    user: User
    role: str  # the Membership.Role shown
    role_label: str
    position: int

    @property
    def secretary(self) -> bool:
        return self.role == Membership.Role.SECRETARY

    @property
    def committee(self) -> bool:
        return self.role in Membership.COMMITTEE_ROLES


def _role_labels() -> dict[str, str]:
    return {role: str(label) for role, label in Membership.Role.choices}  # translated once, not per person


def _people(memberships: Iterable[tuple], labels: dict[str, str]) -> list[Person]:
    """`memberships`: (user, role, position) of a branch, a user more than once if they hold several roles."""
    best: dict[int, Person] = {}
    for user, role, position in memberships:
        person = Person(user, role, labels[role], position)
        held = best.get(user.pk)
        if held is None or ROLE_ORDER.index(person.role) < ROLE_ORDER.index(held.role):
            best[user.pk] = person
    return sorted(best.values(), key=lambda p: (0 if p.secretary else 1 if p.committee else 2, p.position, p.user.pk))


def _memberships(branch_ids, *, users: bool = True) -> list[tuple[int, User, str, int]]:
    """(branch id, user, role, position) of every member of `branch_ids`; without `users`,
    each user is a bare User of that id (not read). One query."""
    rows = (
        Membership.objects.filter(organisation_id__in=branch_ids)
        .exclude(role=Membership.Role.REVIEWER)
        .order_by()  # _people sorts them; the default order would join every organisation
    )
    if users:
        return [(m.organisation_id, m.user, m.role, m.position) for m in rows.select_related("user")]
    fields = ("organisation_id", "user_id", "role", "position")
    return [(branch, User(pk=user), role, position) for branch, user, role, position in rows.values_list(*fields)]


def branch_people(branch: Organisation) -> list[Person]:
    """The members of `branch` (every role but reviewer) each once, with their highest
    role: the secretary first, then the committee, then the members, each by position. One query."""
    return _people([row[1:] for row in _memberships([branch.pk])], _role_labels())


@dataclass
class Pair:
    """Two people who must talk (the coverage rule), and the talks they took part in together."""

    first: Person
    second: Person
    reason: str
    talks: list[int] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return bool(self.talks)


@dataclass
class Cell:
    state: str  # self, done, missing, extra (talked though not required), none
    talks: list[int]


@dataclass
class Coverage:
    people: list[Person]
    pairs: list[Pair]  # the required pairs, in the order of the people
    rows: list[tuple[Person, list[Cell]]]  # the who-with-whom matrix, in the order of the people
    talks: int  # talks recorded in the cycle

    @property
    def required(self) -> int:
        return len(self.pairs)

    @property
    def done(self) -> int:
        return sum(pair.done for pair in self.pairs)

    @property
    def missing(self) -> list[Pair]:
        return [pair for pair in self.pairs if not pair.done]

    @property
    def complete(self) -> bool:
        return bool(self.pairs) and not self.missing


def liaisons(branch: Organisation) -> dict[int, int]:
    """member's user id → the id of the committee member responsible for them (支委联系党员)."""
    return dict(MemberLiaison.objects.filter(branch=branch).values_list("member_id", "committee_member_id"))


def required_pairs(people: list[Person], responsible: dict[int, int]) -> list[Pair]:
    """The pairs the rule asks for: the secretary with every committee member and every
    member; committee members with each other; each committee member with the members
    they are responsible for. Each pair once, with the first reason that asks for it."""
    by_id = {p.user.pk: p for p in people}
    order = {p.user.pk: n for n, p in enumerate(people)}
    pairs: dict[frozenset, Pair] = {}

    def add(a: Person, b: Person, reason: str) -> None:
        key = frozenset((a.user.pk, b.user.pk))
        if a.user.pk != b.user.pk and key not in pairs:
            first, second = sorted((a, b), key=lambda p: order[p.user.pk])
            pairs[key] = Pair(first, second, reason)

    for secretary in (p for p in people if p.secretary):
        for other in people:
            add(secretary, other, "书记与支委" if other.committee else "书记与党员")
    for a, b in combinations([p for p in people if p.committee], 2):
        add(a, b, "支委之间")
    for member_id, committee_id in responsible.items():
        member, committee = by_id.get(member_id), by_id.get(committee_id)
        if member is not None and committee is not None and committee.committee:
            add(committee, member, "支委与联系的党员")
    return sorted(pairs.values(), key=lambda p: (order[p.first.user.pk], order[p.second.user.pk]))


def coverages(cycles: Iterable[Cycle], *, matrix: bool = True) -> dict[int, Coverage]:
    """Each cycle's coverage (see `coverage`), by cycle id: three queries for any number of
    cycles. Without `matrix`, the who-with-whom rows are left empty and the people's
    users are not read (lists of cycles need the pairs and their counts only)."""
    cycles = list(cycles)
    branch_ids = {c.branch_id for c in cycles}
    memberships: dict[int, list[tuple[User, str, int]]] = {}
    for branch_id, *membership in _memberships(branch_ids, users=matrix):
        memberships.setdefault(branch_id, []).append(membership)
    responsible: dict[int, dict[int, int]] = {}
    for branch_id, member_id, committee_id in MemberLiaison.objects.filter(branch_id__in=branch_ids).values_list(
        "branch_id", "member_id", "committee_member_id"
    ):
        responsible.setdefault(branch_id, {})[member_id] = committee_id
    participants: dict[int, dict[int, list[int]]] = {}
    rows = TalkParticipant.objects.filter(talk__cycle__in=[c.pk for c in cycles]).order_by("talk__held_on", "talk_id")
    for cycle_id, talk_id, user_id in rows.values_list("talk__cycle_id", "talk_id", "user_id"):
        participants.setdefault(cycle_id, {}).setdefault(talk_id, []).append(user_id)
    labels = _role_labels()
    return {
        c.pk: _coverage(
            _people(memberships.get(c.branch_id, []), labels),
            responsible.get(c.branch_id, {}),
            participants.get(c.pk, {}),
            matrix=matrix,
        )
        for c in cycles
    }


def coverage(cycle: Cycle) -> Coverage:
    """Who must talk with whom in `cycle`'s branch and who has (any talk of the cycle
    both took part in, a 集体谈 included). Three queries whatever the size of the branch."""
    return coverages([cycle])[cycle.pk]


def _coverage(
    people: list[Person], responsible: dict[int, int], participants: dict[int, list[int]], *, matrix: bool = True
) -> Coverage:
    pairs = required_pairs(people, responsible)
    together: dict[frozenset, list[int]] = {}
    for talk_id, users in participants.items():
        for a, b in combinations(sorted(set(users)), 2):
            together.setdefault(frozenset((a, b)), []).append(talk_id)
    required = {}
    for pair in pairs:
        key = frozenset((pair.first.user.pk, pair.second.user.pk))
        pair.talks = together.get(key, [])
        required[key] = pair
    rows = []
    for row in people if matrix else ():
        cells = []
        for column in people:
            key = frozenset((row.user.pk, column.user.pk))
            talks = together.get(key, [])
            if row.user.pk == column.user.pk:
                state = "self"
            elif key in required:
                state = "done" if talks else "missing"
            else:
                state = "extra" if talks else "none"
            cells.append(Cell(state, talks))
        rows.append((row, cells))
    return Coverage(people=people, pairs=pairs, rows=rows, talks=len(participants))


def talk_counts(cycle: Cycle) -> dict[str, int]:
    """应谈 / 已谈 / talks recorded, for the material's preamble and the situation report."""
    found = coverage(cycle)
    return {"required": found.required, "done": found.done, "talks": found.talks}


def talks_of_cycle(user: User, cycle: Cycle) -> QuerySet[Talk]:
    """The cycle's talks `user` may see, newest first, with their participants loaded."""
    return talks_for_user(user).filter(cycle=cycle).prefetch_related("participants__user").order_by("-held_on", "-id")


def partners_count(*, cycle: Cycle, user: User) -> int:
    """How many different people `user` has talked with in `cycle`."""
    talks = TalkParticipant.objects.filter(talk__cycle=cycle, user=user).values("talk_id")
    return TalkParticipant.objects.filter(talk_id__in=talks).exclude(user=user).values("user_id").distinct().count()

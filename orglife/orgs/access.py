"""Who may see and do what: the one access policy, and the records a user may see.

Every view reads through these functions, and every "may this user…" question is
answered here, from the user's memberships:

- The branch committee (支委: 书记, 副书记, 委员) reads and edits the branch's cycles,
  their categories, the committee material and the campaigns; sees and handles the
  opinions (may_triage); reads the members' personal materials.
- A member of the branch reads the branch, its cycles, the committee material and the
  campaigns; writes and imports their own personal material while a member; sees the
  opinions they signed, and the summary once the committee publishes it.
- A reviewer (审核人) at the branch or above it reads what a member reads and the
  personal materials too, and writes nothing.
- Anyone else sees nothing of the branch.

A member is anyone with a role in the branch other than reviewer, the committee
included. Views turn the
answers into HTTP through get_cycle and get_material at the end of this module: "may not
read" is 404, so the existence of other branches stays hidden; "reads but may not write"
is 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum
from typing import TypedDict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from orglife.cycles.models import Cycle
from orglife.materials.models import Material
from orglife.opinions.models import Campaign
from orglife.orgs.models import Membership, Organisation, User


class Access(IntEnum):
    NONE = 0
    READ = 1
    EDIT = 2


def _standing(user: User) -> tuple[set[int], list[str]]:
    """The organisations the user belongs to, and the paths of those they review; one query."""
    member_of: set[int] = set()
    reviewed: list[str] = []
    for org_id, role, path in Membership.objects.filter(user=user).values_list(
        "organisation_id", "role", "organisation__path"
    ):
        member_of.add(org_id)
        if role == Membership.Role.REVIEWER:
            reviewed.append(path)
    return member_of, reviewed


def below(paths: list[str], *, via: str = "") -> Q:
    """Organisations at or below any of `paths`, as a condition on `via` (e.g. "branch__")
    that the path index answers; matches nothing for no paths."""
    condition = Q(**{f"{via}pk__in": []})
    for path in paths:
        condition |= Q(**{f"{via}path__startswith": path})
    return condition


def _visible(standing: tuple[set[int], list[str]], *, via: str = "") -> Q:
    member_of, reviewed = standing
    return Q(**{f"{via}id__in": member_of}) | below(reviewed, via=via)


def organisations_for_user(user: User) -> QuerySet[Organisation]:
    """Organisations the user belongs to or reviews (with everything below a reviewed one)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(_visible(_standing(user)))


def organisations_below(user: User, organisation: Organisation) -> QuerySet[Organisation]:
    """The organisations under `organisation`, at any depth, that the user may see."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    inside = Q(path__startswith=organisation.path) & ~Q(pk=organisation.pk)
    return Organisation.objects.filter(inside & _visible(_standing(user)))


def cycles_below(user: User, organisation: Organisation) -> QuerySet[Cycle]:
    """The cycles of the branches under `organisation`, at any depth, that the user may see."""
    inside = Q(branch__path__startswith=organisation.path) & ~Q(branch=organisation)
    return cycles_for_user(user).filter(inside)


class SubtreeCounts(TypedDict):
    organisations: int
    branches: int
    cycles: int


def subtree_counts(user: User, organisations: Iterable[Organisation]) -> dict[int, SubtreeCounts]:
    """For each of `organisations` (by id, all visible to the user): the visible
    organisations under it, the branches among them (itself included when it is
    one) and their cycles.

    Three queries however many organisations are asked about and however large
    their trees are. Organisations at the same depth have disjoint trees, so each
    depth is one GROUP BY on the leading part of the path (from the path index), and
    the depths are joined with UNION ALL.
    """
    orgs = list(organisations)
    if not orgs or not user.is_authenticated:
        return {}
    standing = _standing(user)
    by_depth: dict[int, list[str]] = {}
    for org in orgs:
        by_depth.setdefault(len(org.path), []).append(org.path)
    org_parts = [
        Organisation.objects.filter(below(paths) & _visible(standing))
        .values(prefix=Substr("path", 1, length))
        .annotate(n=Count("pk"), branches=Count("pk", filter=Q(kind=Organisation.Kind.BRANCH)))
        .order_by()
        for length, paths in by_depth.items()
    ]
    cycle_parts = [
        Cycle.objects.filter(below(paths, via="branch__") & _visible(standing, via="branch__"))
        .values(prefix=Substr("branch__path", 1, length))
        .annotate(n=Count("pk"))
        .order_by()
        for length, paths in by_depth.items()
    ]
    found = {row["prefix"]: row for row in org_parts[0].union(*org_parts[1:], all=True)}
    cycles = {row["prefix"]: row["n"] for row in cycle_parts[0].union(*cycle_parts[1:], all=True)}
    return {
        org.pk: {
            "organisations": found[org.path]["n"] - 1 if org.path in found else 0,
            "branches": found[org.path]["branches"] if org.path in found else 0,
            "cycles": cycles.get(org.path, 0),
        }
        for org in orgs
    }


@dataclass(frozen=True)
class Standing:
    """Where one user stands towards one branch."""

    committee: bool = False  # on the branch committee (书记, 副书记, 委员)
    member: bool = False  # any role in the branch but reviewer; the committee included
    reviewer: bool = False  # a reviewer at the branch or at an organisation above it

    @property
    def access(self) -> Access:
        if self.committee:
            return Access.EDIT
        return Access.READ if self.member or self.reviewer else Access.NONE


def standing(user: User, branch: Organisation) -> Standing:
    """The user's standing towards `branch`; one query (none for an anonymous user)."""
    if not user.is_authenticated:
        return Standing()
    roles = Membership.objects.filter(user=user).filter(
        Q(organisation=branch) | Q(role=Membership.Role.REVIEWER, organisation__path__in=branch.lineage_paths)
    )
    rows = list(roles.values_list("organisation_id", "role"))
    here = {role for org_id, role in rows if org_id == branch.pk}
    return Standing(
        committee=bool(here & Membership.COMMITTEE_ROLES),
        member=bool(here - {Membership.Role.REVIEWER}),
        reviewer=any(role == Membership.Role.REVIEWER for _, role in rows),
    )


def access_to_branch(user: User, branch: Organisation) -> Access:
    """EDIT for the branch committee, READ for its members and for reviewers at or above it."""
    return standing(user, branch).access


def may_edit_branch(user: User, branch: Organisation) -> bool:
    """Whether `user` may change the branch's cycles, categories, committee material and
    campaigns, and start a new cycle: the branch committee."""
    return standing(user, branch).committee


def may_triage(user: User, campaign: Campaign) -> bool:
    """Whether `user` sees the campaign's opinions before the meeting reads them out, and
    handles them (adopt, answer, merge, publish the summary): the branch committee."""
    return may_edit_branch(user, campaign.cycle.branch)


def is_branch_member(user: User, branch: Organisation) -> bool:
    """Whether `user` has a role in `branch` other than reviewer: gives opinions as a
    member, writes and imports a personal material."""
    return standing(user, branch).member


def branch_members(branch: Organisation) -> QuerySet[User]:
    """The users who are members of `branch` (is_branch_member), each once."""
    roles = Membership.objects.filter(organisation=branch).exclude(role=Membership.Role.REVIEWER)
    return User.objects.filter(pk__in=roles.values("user_id"))


def can_edit_material(user: User, material: Material) -> bool:
    """The committee edits the committee material; a personal one only its author, while
    a member of the branch."""
    if material.kind == Material.Kind.PERSONAL:
        return material.author_id == user.pk and is_branch_member(user, material.cycle.branch)
    return may_edit_branch(user, material.cycle.branch)


def cycles_for_user(user: User) -> QuerySet[Cycle]:
    if not user.is_authenticated:
        return Cycle.objects.none()
    return Cycle.objects.filter(_visible(_standing(user), via="branch__")).select_related("branch")


def materials_for_user(user: User) -> QuerySet[Material]:
    """Committee materials of visible branches; personal ones only for their author,
    the branch committee and reviewers."""
    if not user.is_authenticated:
        return Material.objects.none()
    member_of, reviewed = _standing(user)
    committee_of = Membership.objects.filter(user=user, role__in=Membership.COMMITTEE_ROLES).values("organisation_id")
    reviewed_branches = below(reviewed, via="cycle__branch__")
    return (
        Material.objects.filter(Q(cycle__branch_id__in=member_of) | reviewed_branches)
        .filter(
            Q(kind=Material.Kind.COMMITTEE) | Q(author=user) | Q(cycle__branch_id__in=committee_of) | reviewed_branches
        )
        .select_related("cycle", "cycle__branch", "author")
    )


def committee_material(cycle: Cycle) -> Material | None:
    """The cycle's committee material (班子对照检查材料), or None before it is created."""
    return Material.objects.filter(cycle=cycle, kind=Material.Kind.COMMITTEE).first()


def roles_by_organisation(user: User) -> dict[int, list[str]]:
    """Role labels per organisation, for showing the user where they stand."""
    roles: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(user=user):
        roles.setdefault(membership.organisation_id, []).append(membership.get_role_display())
    return roles


# Views fetch what they work on through these: 404 outside, 403 for read-only writes.


def get_cycle(request: HttpRequest, cycle_id: int, *, write: bool = False) -> Cycle:
    cycle = get_object_or_404(cycles_for_user(request.user), pk=cycle_id)
    if write and not may_edit_branch(request.user, cycle.branch):
        raise PermissionDenied("只有支部委员可以修改。")
    return cycle


def get_material(request: HttpRequest, material_id: int, *, write: bool = False) -> Material:
    material = get_object_or_404(materials_for_user(request.user), pk=material_id)
    if write and not can_edit_material(request.user, material):
        raise PermissionDenied("您只能查看这份材料，不能修改。")
    return material


# --- dashboard ---


def may_use_dashboard(user: User) -> bool:
    """Whether `user` has a district dashboard: a reviewer (审核人) of some organisation."""
    return user.is_authenticated and Membership.objects.filter(user=user, role=Membership.Role.REVIEWER).exists()


def may_compare_material(user: User, material: Material) -> bool:
    """Whether `user` compares `material` with other branches' (copy detection): a
    reviewer at or above its branch, for the committee material."""
    return material.kind == Material.Kind.COMMITTEE and standing(user, material.cycle.branch).reviewer


def get_export_job(request: HttpRequest, job_id):
    """A bulk export job of the requesting user; anyone else's is 404."""
    from orglife.dashboard.models import ExportJob

    return get_object_or_404(ExportJob.objects.filter(requested_by=request.user), pk=job_id)

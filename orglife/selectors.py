"""Which records a user may see. Every view reads through these functions.

A member sees the branches they belong to; a reviewer (审核人) on a higher
organisation sees every organisation below it. Nobody sees anything else: views
turn "not visible" into 404, so the existence of other branches stays hidden.
"""

from __future__ import annotations

from enum import IntEnum

from django.db.models import Q, QuerySet

from orglife.models import Cycle, Material, Membership, Organisation, User


class Access(IntEnum):
    NONE = 0
    READ = 1
    EDIT = 2


def _descendant_ids(root_ids: set[int]) -> set[int]:
    found = set(root_ids)
    frontier = set(root_ids)
    while frontier:
        frontier = set(Organisation.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        found |= frontier
    return found


def _reviewed_ids(user: User) -> set[int]:
    roots = set(
        Membership.objects.filter(user=user, role=Membership.Role.REVIEWER).values_list("organisation_id", flat=True)
    )
    return _descendant_ids(roots) if roots else set()


def organisations_for_user(user: User) -> QuerySet[Organisation]:
    """Organisations the user belongs to or reviews (with everything below a reviewed one)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    member_ids = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    return Organisation.objects.filter(id__in=member_ids | _reviewed_ids(user))


def access_to_branch(user: User, branch: Organisation) -> Access:
    """EDIT for the branch committee, READ for its members and for reviewers above it."""
    if not user.is_authenticated:
        return Access.NONE
    roles = set(Membership.objects.filter(user=user, organisation=branch).values_list("role", flat=True))
    if roles & Membership.COMMITTEE_ROLES:
        return Access.EDIT
    if roles or branch.pk in _reviewed_ids(user):
        return Access.READ
    return Access.NONE


def cycles_for_user(user: User) -> QuerySet[Cycle]:
    return Cycle.objects.filter(branch__in=organisations_for_user(user)).select_related("branch")


def materials_for_user(user: User) -> QuerySet[Material]:
    """Committee materials of visible branches; personal ones only for their author,
    the branch committee and reviewers."""
    if not user.is_authenticated:
        return Material.objects.none()
    visible = organisations_for_user(user)
    committee_of = Membership.objects.filter(user=user, role__in=Membership.COMMITTEE_ROLES).values("organisation_id")
    reviewed = _reviewed_ids(user)
    return (
        Material.objects.filter(cycle__branch__in=visible)
        .filter(
            Q(kind=Material.Kind.COMMITTEE)
            | Q(author=user)
            | Q(cycle__branch_id__in=committee_of)
            | Q(cycle__branch_id__in=reviewed)
        )
        .select_related("cycle", "cycle__branch", "author")
    )


def roles_by_organisation(user: User) -> dict[int, list[str]]:
    """Role labels per organisation, for showing the user where they stand."""
    roles: dict[int, list[str]] = {}
    for membership in Membership.objects.filter(user=user):
        roles.setdefault(membership.organisation_id, []).append(membership.get_role_display())
    return roles


def can_edit_material(user: User, material: Material) -> bool:
    """The committee edits the committee material; a personal one only its author."""
    if material.kind == Material.Kind.PERSONAL:
        return user.is_authenticated and material.author_id == user.pk
    return access_to_branch(user, material.cycle.branch) == Access.EDIT

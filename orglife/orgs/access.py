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
    a member of the branch; nobody once its review has approved it."""
    if review_approved(material.pk):
        return False
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
        raise PermissionDenied(review_lock_message(material.pk) or "您只能查看这份材料，不能修改。")
    return material


# --- review ---
# Who submits a material for review, who decides it, and the lock an approval puts on it.
# The committee material and the secretary's own personal material are reviewed by the
# higher organisation (reviewers at or above the branch); the other members' personal
# materials by the branch committee, never by their author. Once approved, a material
# is not edited again (can_edit_material above).

from django.db.models import Exists, OuterRef  # noqa: E402
from django.utils import timezone  # noqa: E402

from orglife.common.ordinals import chinese_date  # noqa: E402
from orglife.review.models import Review, State  # noqa: E402


def review_approved(material_id: int) -> bool:
    """Whether the material's review has approved it (then nobody edits it); one query."""
    return Review.objects.filter(material_id=material_id, state=State.APPROVED).exists()


def review_lock_message(material_id: int) -> str:
    """Why an approved material cannot be edited, or "" when it is not approved."""
    review = Review.objects.filter(material_id=material_id, state=State.APPROVED).first()
    if review is None:
        return ""
    day = chinese_date(timezone.localdate(review.decided_at))
    return f"这份材料已于{day}审核通过，审核通过的版本不能再修改。"


def refuse_if_approved(material_id: int) -> None:
    """Inside a write that holds the material's row lock: refuse (403) when the review has
    approved it meanwhile. review_approve takes the same lock first, so the two never cross."""
    message = review_lock_message(material_id)
    if message:
        raise PermissionDenied(message)


def _secretary_author(*, author: OuterRef | int, branch: OuterRef | int) -> Exists:
    return Exists(Membership.objects.filter(user=author, organisation=branch, role=Membership.Role.SECRETARY))


def reviewed_above(material: Material) -> bool:
    """Whether the higher organisation reviews `material`: the committee material, and the
    branch secretary's personal one. Other personal materials: the branch committee."""
    if material.kind == Material.Kind.COMMITTEE:
        return True
    return Membership.objects.filter(
        user_id=material.author_id, organisation_id=material.cycle.branch_id, role=Membership.Role.SECRETARY
    ).exists()


def may_submit_for_review(user: User, material: Material) -> bool:
    """The writers submit, resubmit and resolve comments: the committee for the committee
    material, the author (while a member) for a personal one."""
    if material.kind == Material.Kind.PERSONAL:
        return material.author_id == user.pk and is_branch_member(user, material.cycle.branch)
    return may_edit_branch(user, material.cycle.branch)


def may_review(user: User, material: Material) -> bool:
    """Whether `user` comments on, returns and approves `material`, and reads the comments
    internal to the reviewers."""
    if not user.is_authenticated:
        return False
    if reviewed_above(material):
        return standing(user, material.cycle.branch).reviewer
    return material.author_id != user.pk and may_edit_branch(user, material.cycle.branch)


def reviews_for_reviewer(user: User) -> QuerySet[Review]:
    """The reviews `user` decides (may_review), of every branch below them, submitted at
    least once. One query, however many branches."""
    if not user.is_authenticated:
        return Review.objects.none()
    _member_of, reviewed = _standing(user)
    committee_of = Membership.objects.filter(user=user, role__in=Membership.COMMITTEE_ROLES).values("organisation_id")
    secretary = _secretary_author(author=OuterRef("material__author"), branch=OuterRef("material__cycle__branch"))
    above = (Q(material__kind=Material.Kind.COMMITTEE) | secretary) & below(reviewed, via="material__cycle__branch__")
    branch = (
        Q(material__kind=Material.Kind.PERSONAL, material__cycle__branch_id__in=committee_of)
        & ~secretary
        & ~Q(material__author=user)
    )
    return Review.objects.filter(above | branch).exclude(state=State.DRAFT)


def get_reviewed_material(request: HttpRequest, material_id: int) -> Material:
    """The material, for a reviewer's decision: 404 outside, 403 for anyone who may read it
    but not review it."""
    material = get_material(request, material_id)
    if not may_review(request.user, material):
        raise PermissionDenied("只有审核人可以审核这份材料。")
    return material


def get_submitted_material(request: HttpRequest, material_id: int) -> Material:
    """The material, for its writers' review actions (submit, resolve): 404 outside, 403 else."""
    material = get_material(request, material_id)
    if not may_submit_for_review(request.user, material):
        raise PermissionDenied("只有材料的撰写人可以报送或处理审核意见。")
    return material


# --- talks and personal materials ---
# Talks (orglife.talks): the committee records them and sees all; a member sees the
# talks they took part in; a reviewer at or above the branch reads all. The coverage
# (who has talked with whom) is the committee's and the reviewers'. Personal materials
# (orglife.materials.personal): a member of the branch starts their own.


def talks_for_user(user: User):
    """The talks `user` may see: all of the branches they are on the committee of or
    review, and elsewhere in their branches only those they took part in."""
    from orglife.talks.models import Talk, TalkParticipant

    if not user.is_authenticated:
        return Talk.objects.none()
    member_of, reviewed = _standing(user)
    committee_of = Membership.objects.filter(user=user, role__in=Membership.COMMITTEE_ROLES).values("organisation_id")
    reviewed_branches = below(reviewed, via="cycle__branch__")
    took_part = Q(pk__in=TalkParticipant.objects.filter(user=user).values("talk_id"))
    return (
        Talk.objects.filter(Q(cycle__branch_id__in=member_of) | reviewed_branches)
        .filter(took_part | Q(cycle__branch_id__in=committee_of) | reviewed_branches)
        .select_related("cycle", "cycle__branch")
    )


def may_record_talks(user: User, branch: Organisation) -> bool:
    """Whether `user` records, edits and deletes the branch's talks, files opinions from
    them and sets who is responsible for which member: the branch committee."""
    return may_edit_branch(user, branch)


def may_see_coverage(user: User, branch: Organisation) -> bool:
    """Whether `user` sees who has talked with whom (the coverage matrix): the committee
    and the reviewers at or above the branch."""
    where = standing(user, branch)
    return where.committee or where.reviewer


def may_start_personal(user: User, cycle: Cycle) -> bool:
    """Whether `user` starts (blank, from last year or by import) a personal material for
    `cycle`: any member of its branch, the committee included."""
    return is_branch_member(user, cycle.branch)


def get_talk(request: HttpRequest, talk_id: int, *, write: bool = False):
    talk = get_object_or_404(talks_for_user(request.user), pk=talk_id)
    if write and not may_record_talks(request.user, talk.cycle.branch):
        raise PermissionDenied("只有支部委员可以修改谈心谈话记录。")
    return talk


# --- meeting ---


def may_manage_meeting(user: User, meeting) -> bool:
    """Whether `user` sets the meeting's notice and plan, sends the notice, shows the
    sign-in code and records attendance and leave: the branch committee, and the
    meeting's recorder while a member of the branch."""
    branch = meeting.cycle.branch
    return may_edit_branch(user, branch) or (meeting.recorder_id == user.pk and is_branch_member(user, branch))


def may_record_minutes(user: User, meeting) -> bool:
    """Whether `user` writes the minutes and criticism records: as may_manage_meeting."""
    return may_manage_meeting(user, meeting)


def may_sign_minutes(user: User, meeting) -> bool:
    """Whether `user` confirms the minutes: the meeting's chair or recorder, while a member."""
    return user.pk in (meeting.chair_id, meeting.recorder_id) and is_branch_member(user, meeting.cycle.branch)


def get_meeting(request: HttpRequest, cycle_id: int, *, manage: bool = False):
    """The cycle's meeting: 404 when the cycle is not visible or has no meeting yet,
    403 when `manage` and the user may not manage it."""
    from orglife.meeting.models import Meeting

    cycle = get_cycle(request, cycle_id)
    meeting = get_object_or_404(Meeting.objects.select_related("cycle__branch", "chair", "recorder"), cycle=cycle)
    if manage and not may_manage_meeting(request.user, meeting):
        raise PermissionDenied("只有支部委员和本次会议的记录人可以操作。")
    return meeting


# --- evaluation ---
# 民主评议: the committee runs it; the branch's members and reviewers read its page
# (progress, and after the close the tally, receipts and anonymised ballots); a voter
# on its list casts a ballot; each member reads their own final grade only, the
# committee and reviewers all of them.

from orglife.evaluation.models import Evaluation  # noqa: E402


def evaluations_for_user(user: User) -> QuerySet[Evaluation]:
    """The evaluations of the cycles the user may see."""
    return Evaluation.objects.filter(cycle__in=cycles_for_user(user)).select_related("cycle", "cycle__branch")


def may_run_evaluation(user: User, evaluation: Evaluation) -> bool:
    """Set up, open and close the evaluation, enter paper ballots, set final grades: the committee."""
    return may_edit_branch(user, evaluation.cycle.branch)


def may_cast_ballot(user: User, evaluation: Evaluation) -> bool:
    """A member of the branch on the evaluation's list of voters."""
    return is_branch_member(user, evaluation.cycle.branch) and evaluation.voters.filter(member=user).exists()


def may_see_final_grades(user: User, evaluation: Evaluation) -> bool:
    """Everyone's final grade and the printed result table: the committee and the reviewers."""
    found = standing(user, evaluation.cycle.branch)
    return found.committee or found.reviewer


def get_evaluation(request: HttpRequest, evaluation_id: int, *, write: bool = False) -> Evaluation:
    evaluation = get_object_or_404(evaluations_for_user(request.user), pk=evaluation_id)
    if write and not may_run_evaluation(request.user, evaluation):
        raise PermissionDenied("只有支部委员可以操作。")
    return evaluation


# --- rectification ---
# The ledger (整改台账) and the situation report (情况报告): everyone who reads the
# branch reads them (the 公示 page included); the committee builds and edits them and
# alone checks items off (销号); an item's owner, while a member, reports its progress.


def may_manage_ledger(user: User, cycle: Cycle) -> bool:
    """Build the ledger, add and edit items, check them off (销号), mark them 长期坚持,
    write the situation report: the branch committee, never the owner as such."""
    return may_edit_branch(user, cycle.branch)


def may_report_progress(user: User, item) -> bool:
    """Add a progress entry with evidence to `item` (a LedgerItem): its owner while a
    member of the branch, or the committee."""
    where = standing(user, item.cycle.branch)
    return where.committee or (item.owner_id == user.pk and where.member)


def ledger_items_for_user(user: User):
    """The ledger items of the cycles the user may see."""
    from orglife.rectification.models import LedgerItem

    if not user.is_authenticated:
        return LedgerItem.objects.none()
    return LedgerItem.objects.filter(cycle__in=cycles_for_user(user)).select_related(
        "cycle", "cycle__branch", "owner", "member", "closed_by", "measure"
    )


def get_ledger_item(request: HttpRequest, item_id: int, *, manage: bool = False, progress: bool = False):
    """The item, or 404 outside; 403 for a write the user may not make (`manage`: the
    committee's; `progress`: the owner's or the committee's)."""
    item = get_object_or_404(ledger_items_for_user(request.user), pk=item_id)
    if manage and not may_manage_ledger(request.user, item.cycle):
        raise PermissionDenied("只有支部委员可以修改整改台账或销号。")
    if progress and not may_report_progress(request.user, item):
        raise PermissionDenied("只有责任人或支部委员可以填写整改进展。")
    return item


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

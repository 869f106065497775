"""Plain factory functions for tests: one place that knows how to make each kind of row.

Every factory takes keyword-only arguments with sensible defaults and returns the saved
row. Organisations and campaigns go through their services (organisation_create,
campaign_create) so that paths and category links are what the app makes; the rest are
single rows. A `position` left out is the next one in its list (count of siblings + 1).
Tests that deliberately write raw rows (constraints, migrations, raw DB checks) do not
use these.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from orglife.models import (
    Campaign,
    Category,
    CategoryIntro,
    Cause,
    Cycle,
    Direction,
    ExtraSection,
    Material,
    Measure,
    Membership,
    Opinion,
    Organisation,
    Problem,
    User,
)
from orglife.opinions.services import campaign_create, opinion_adopt, opinion_submit, release_all_now
from orglife.orgs.services import organisation_create

PASSWORD = "pw"


def make_organisation(
    *, name: str = "第一党支部", kind: str = "branch", code: str = "", parent: Organisation | None = None, **extra
) -> Organisation:
    """An organisation as the last child of `parent` (a root when None), through organisation_create.
    `code` defaults to one derived from the number of organisations already there."""
    code = code or f"org-{Organisation.objects.count() + 1}"
    return organisation_create(name=name, kind=kind, code=code, parent=parent, **extra)


def make_branch(
    *, name: str = "第一党支部", code: str = "", parent: Organisation | None = None, **extra
) -> Organisation:
    """A Party branch (kind "branch") under `parent`, through organisation_create."""
    return make_organisation(name=name, kind="branch", code=code, parent=parent, **extra)


def make_committee(
    *, name: str = "中共测试区委", code: str = "", parent: Organisation | None = None, **extra
) -> Organisation:
    """A Party committee (kind "committee") under `parent`, through organisation_create."""
    return make_organisation(name=name, kind="committee", code=code, parent=parent, **extra)


def make_user(*, username: str, full_name: str = "", password: str = PASSWORD, **extra) -> User:
    """A user who can log in with `password` ("pw"); `full_name` defaults to the username."""
    return User.objects.create_user(username=username, password=password, full_name=full_name or username, **extra)


def make_membership(*, user: User, organisation: Organisation, role: str = "member", **extra) -> Membership:
    """`user`'s membership of `organisation` with `role` (member, secretary, organisation, reviewer…)."""
    return Membership.objects.create(user=user, organisation=organisation, role=role, **extra)


def make_member(
    *, username: str, organisation: Organisation, role: str = "member", full_name: str = "", **extra
) -> User:
    """A new user who is a member of `organisation` with `role`."""
    user = make_user(username=username, full_name=full_name, **extra)
    make_membership(user=user, organisation=organisation, role=role)
    return user


def make_cycle(*, branch: Organisation, year: int = 2022, title: str = "", **extra) -> Cycle:
    """A meeting cycle of `branch`; `title` defaults to "<year>年度组织生活会"."""
    return Cycle.objects.create(branch=branch, year=year, title=title or f"{year}年度组织生活会", **extra)


def _next_position(rows) -> int:
    return rows.count() + 1


def make_category(*, cycle: Cycle, name: str, position: int | None = None, **extra) -> Category:
    """A category (查摆方面) of `cycle`, by default the last one."""
    if position is None:
        position = _next_position(Category.objects.filter(cycle=cycle))
    return Category.objects.create(cycle=cycle, position=position, name=name, **extra)


def make_material(
    *, cycle: Cycle, kind: str = "committee", author: User | None = None, title: str = "", **extra
) -> Material:
    """A material of `cycle`: the committee's one, or a personal one when `author` is given
    (`kind` then defaults to "personal"). `title` defaults to a plain one."""
    if author is not None and kind == "committee":
        kind = "personal"
    if not title:
        title = f"{author.full_name}的对照检查材料" if author is not None else "党支部班子对照检查材料"
    return Material.objects.create(cycle=cycle, kind=kind, author=author, title=title, **extra)


def make_problem(
    *, material: Material, category: Category, text: str = "问题。", position: int | None = None, **extra
) -> Problem:
    """A problem of `material` under `category`, by default the last one there."""
    if position is None:
        position = _next_position(Problem.objects.filter(material=material, category=category))
    return Problem.objects.create(material=material, category=category, position=position, text=text, **extra)


def add_problems(*, material: Material, category: Category, count: int) -> list[Problem]:
    """`count` more problems at the end of `category` in `material`, texts "问题<n>。" by position."""
    start = material.problems.filter(category=category).count()
    return [
        make_problem(material=material, category=category, position=start + n, text=f"问题{start + n}。")
        for n in range(1, count + 1)
    ]


def make_intro(*, material: Material, category: Category, text: str) -> CategoryIntro:
    """The introduction paragraph of `category` in `material`."""
    return CategoryIntro.objects.create(material=material, category=category, text=text)


def make_cause(
    *, material: Material, heading: str = "原因。", body: str = "", position: int | None = None, **extra
) -> Cause:
    """A cause of `material`, by default the last one."""
    if position is None:
        position = _next_position(Cause.objects.filter(material=material))
    return Cause.objects.create(material=material, position=position, heading=heading, body=body, **extra)


def make_direction(*, material: Material, heading: str = "方向。", position: int | None = None, **extra) -> Direction:
    """A direction of `material`, by default the last one."""
    if position is None:
        position = _next_position(Direction.objects.filter(material=material))
    return Direction.objects.create(material=material, position=position, heading=heading, **extra)


def make_measure(
    *,
    direction: Direction,
    text: str = "措施。",
    position: int | None = None,
    problems: Sequence[Problem] = (),
    **extra,
) -> Measure:
    """A measure under `direction`, by default the last one, linked to `problems`."""
    if position is None:
        position = _next_position(Measure.objects.filter(direction=direction))
    measure = Measure.objects.create(direction=direction, position=position, text=text, **extra)
    if problems:
        measure.problems.add(*problems)
    return measure


def make_section(
    *, material: Material, heading: str, body: str = "", position: int | None = None, **extra
) -> ExtraSection:
    """An extra section of `material`, by default the last one."""
    if position is None:
        position = _next_position(ExtraSection.objects.filter(material=material))
    return ExtraSection.objects.create(material=material, position=position, heading=heading, body=body, **extra)


def make_campaign(
    *,
    cycle: Cycle,
    title: str = "征求意见",
    opens_on: datetime.date | None = None,
    closes_on: datetime.date | None = None,
    sources: Sequence[str] = ("masses",),
    categories: Sequence[Category] | None = None,
    **extra,
) -> Campaign:
    """An opinion campaign on `cycle` through campaign_create: open from yesterday to tomorrow
    by default, over all the cycle's categories."""
    today = timezone.localdate()
    return campaign_create(
        cycle=cycle,
        title=title,
        opens_on=opens_on or today - datetime.timedelta(days=1),
        closes_on=closes_on or today + datetime.timedelta(days=1),
        sources=list(sources),
        categories=list(cycle.categories.order_by("position")) if categories is None else categories,
        **extra,
    )


def adopted_opinion(*, cycle: Cycle, category: Category, text: str = "理论学习走过场。") -> Opinion:
    """An anonymous opinion from a new open campaign of `cycle` (masses, all its categories),
    released at once and adopted as a new problem of the committee material under `category`."""
    campaign = make_campaign(cycle=cycle)
    opinion_submit(campaign=campaign, source="masses", category=category, text=text)
    with transaction.atomic():
        (opinion,) = release_all_now(campaign=campaign)  # made-up: shown at once
    opinion_adopt(opinion=opinion)
    opinion.refresh_from_db()
    return opinion


# --- talks and personal materials ---


def make_talk(
    *,
    cycle: Cycle,
    lead: User,
    partners: Sequence[User],
    held_on: datetime.date | None = None,
    form: str = "",
    topics: str = "谈思想和工作。",
    **extra,
):
    """A talk of `cycle` led by `lead` through talk_create: 面谈 with one partner, 集体谈
    with more, on 2022-11-10 by default, recorded by `lead`."""
    from orglife.talks.services import talk_create

    return talk_create(
        cycle=cycle,
        held_on=held_on or datetime.date(2022, 11, 10),
        place=extra.pop("place", "支部活动室"),
        form=form or ("group" if len(partners) > 1 else "face"),
        lead=lead,
        partners=list(partners),
        topics=topics,
        by=extra.pop("by", lead),
        **extra,
    )


# --- review ---


def make_drafted(*, material: Material, categories: Sequence[Category]) -> Material:
    """`material` with two problems under the first category, a cause, and a direction with
    one measure: the parts a reviewer comments on."""
    make_problem(material=material, category=categories[0], text="理论学习不够深入。比如全年只学了2次。")
    make_problem(material=material, category=categories[0], text="联系群众不够紧密。")
    make_cause(material=material, heading="党性修养锤炼不够", body="放松了理论学习。")
    direction = make_direction(material=material, heading="强化理论武装")
    make_measure(direction=direction, text="每周集中学习一次。")
    return material


def make_submitted(*, material: Material, by: User):
    """`material` submitted for review by `by` (review_submit); returns its Review."""
    from orglife.review.services import review_submit

    return review_submit(material=material, by=by)


def make_returned(*, material: Material, writer: User, reviewer: User, texts: Sequence[str] = ("问题要具体。",)):
    """`material` submitted, commented on (one comment per text, on its first problem) and
    returned; returns the comments."""
    from orglife.review.services import comment_add, review_return

    make_submitted(material=material, by=writer)
    first = f"problem-{material.problems.order_by('category__position', 'position').first().pk}"
    comments = [comment_add(material=material, by=reviewer, part=first, text=text) for text in texts]
    review_return(material=material, by=reviewer)
    return comments


# --- meeting ---


def make_approved(*, cycle: Cycle, by: User):
    """The cycle's committee material (a plain one is made if it has none) submitted and
    approved through the review services, `by` acting for both; returns its Review. The
    meeting may be held from then on."""
    from orglife.review.services import review_approve

    material = Material.objects.filter(cycle=cycle, kind=Material.Kind.COMMITTEE).first()
    material = material or make_material(cycle=cycle)
    make_submitted(material=material, by=by)
    return review_approve(material=material, by=by)


def make_meeting(*, cycle: Cycle, chair: User, recorder: User, sent: bool = True, approved: bool = True, **extra):
    """The cycle's meeting through meeting_plan_save (so with the generated agenda), twelve
    days ahead at 14:30 unless told otherwise; its notice sent when `sent`. When
    `approved`, the committee material is approved first (make_approved), so the meeting
    may be held; pass approved=False for a meeting planned before the review is done."""
    from orglife.meeting.services import meeting_plan_save, notice_send

    if approved:
        make_approved(cycle=cycle, by=chair)
    fields = {
        "date": timezone.localdate() + datetime.timedelta(days=12),
        "start_time": datetime.time(14, 30),
        "place": "三楼会议室",
        "higher_attendee": "区委组织部 周审核",
        "attendees": "支部全体党员",
        "requirements": "",
        **extra,
    }
    meeting = meeting_plan_save(cycle=cycle, by=chair, chair=chair, recorder=recorder, **fields)
    return notice_send(meeting=meeting, by=chair) if sent else meeting


def make_attendance(*, meeting, user: User, status: str = "present", method: str = "", reason: str = ""):
    from orglife.meeting.models import Attendance

    method = method or ("qr" if status == "present" else "entered")
    return Attendance.objects.create(
        meeting=meeting, user=user, status=status, method=method, reason=reason, recorded_by=user
    )


# --- evaluation ---


def make_evaluation(*, cycle: Cycle, state: str = "draft", **extra):
    """The cycle's democratic evaluation through the services (subjects and voters from
    the branch), in preparation, or opened when `state` is "open"."""
    from orglife.evaluation import services as evaluation

    made = evaluation.evaluation_create(cycle=cycle, **extra)
    if state == "open":
        made = evaluation.evaluation_open(evaluation=made)
    return made


def cast_ballots(*, evaluation, voters: Sequence[User], grade: str = "qualified", rating: str | None = None) -> list:
    """Each of `voters` casts a ballot giving every other member `grade`; their receipt codes."""
    from orglife.evaluation import services

    subjects = list(evaluation.subjects.values_list("member_id", flat=True))
    return [
        services.ballot_cast(
            evaluation=evaluation,
            voter=voter,
            grades={pk: grade for pk in subjects if pk != voter.pk},
            rating=rating,
        )
        for voter in voters
    ]


# --- rectification ---


def make_ledger_item(
    *,
    cycle: Cycle,
    text: str = "整改措施。",
    owner: User | None = None,
    member: User | None = None,
    position: int | None = None,
    problems: Sequence[Problem] = (),
    **extra,
):
    """A ledger item of `cycle` (the branch list, or `member`'s personal list), by default the last one."""
    from orglife.rectification.models import LedgerItem

    if position is None:
        position = _next_position(LedgerItem.objects.filter(cycle=cycle, member=member))
    item = LedgerItem.objects.create(cycle=cycle, text=text, owner=owner, member=member, position=position, **extra)
    if problems:
        item.problems.add(*problems)
    return item


def make_progress(*, item, author: User, text: str = "已推进。", on: datetime.date | None = None, **extra):
    """A progress entry on `item` dated `on` (today by default), without evidence."""
    from orglife.rectification.models import ProgressEntry

    return ProgressEntry.objects.create(item=item, author=author, text=text, on=on or timezone.localdate(), **extra)


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\xdac\xfc\xcf\xc0\xf0\x1f\x00\x05\x05\x02\x00_\xc8\xf1\xd2\x00\x00\x00\x00IEND\xaeB`\x82"
)


def make_evidence(*, entry, name: str = "照片.png", data: bytes = PNG_BYTES):
    """An evidence file of `entry`, stored through the "evidence" storage."""
    from django.core.files.base import ContentFile

    from orglife.rectification.evidence import storage
    from orglife.rectification.models import Evidence

    key = storage().save("evidence/test", ContentFile(data))
    return Evidence.objects.create(entry=entry, key=key, name=name, content_type="image/png", size=len(data))


# --- dashboard ---


def make_export_job(*, by: User, kind: str = "dashboard", done: bool = False, **extra):
    """An export job of `by`; with `done`, finished with a small file in the "exports" storage."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from orglife.dashboard.jobs import storage
    from orglife.dashboard.models import ExportJob

    job = ExportJob.objects.create(kind=kind, requested_by=by, title="2022年度总览表", total=1, **extra)
    if done:
        name = storage().save(f"jobs/{job.pk}/总览表.xlsx", ContentFile(b"PK fake"))
        now = timezone.now()
        ExportJob.objects.filter(pk=job.pk).update(
            status="done", done=1, file_name=name, finished_at=now, expires_at=now + datetime.timedelta(days=1)
        )
        job.refresh_from_db()
    return job

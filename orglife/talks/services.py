"""Writes of the talks: records, opinions filed from them, who is responsible for whom."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from orglife.common.locks import locked_cycle
from orglife.cycles.models import Category, Cycle
from orglife.opinions.models import Campaign, Opinion, OpinionSignature, Source
from orglife.orgs.access import branch_members
from orglife.orgs.models import Membership, Organisation, User
from orglife.talks.models import MemberLiaison, Talk, TalkOpinion, TalkParticipant

TEXT_LIMIT = 5000
OPINION_LIMIT = 1000  # as the public form's


def _check(*, cycle: Cycle, form: str, lead: User, partners: Sequence[User], topics: str, opinions: str) -> None:
    people = [lead, *partners]
    if len({p.pk for p in people}) != len(people):
        raise ValidationError("谈话人不能同时是谈话对象，每人只列一次。")
    if not partners:
        raise ValidationError("请选择谈话对象。")
    if form == Talk.Form.GROUP and len(partners) < 2:
        raise ValidationError("集体谈至少要有两名谈话对象；一对一的谈话请选面谈或电话。")
    if form != Talk.Form.GROUP and len(partners) > 1:
        raise ValidationError("面谈和电话是一对一的谈话，只能选一名谈话对象；几人一起谈请选集体谈。")
    members = set(branch_members(cycle.branch).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True))
    if len(members) != len(people):
        raise ValidationError("谈话人和谈话对象都必须是本支部的党员。")
    for label, text in (("谈话内容", topics), ("提出的意见建议", opinions)):
        if len(text) > TEXT_LIMIT:
            raise ValidationError(f"{label}有{len(text)}字，超过了{TEXT_LIMIT}字的上限，没有保存。请精简后再试。")


def _set_people(talk: Talk, lead: User, partners: Sequence[User]) -> None:
    talk.participants.all().delete()
    TalkParticipant.objects.bulk_create(
        [TalkParticipant(talk=talk, user=lead, role=TalkParticipant.Role.LEAD)]
        + [TalkParticipant(talk=talk, user=p, role=TalkParticipant.Role.PARTNER) for p in partners]
    )


@transaction.atomic
def talk_create(
    *,
    cycle: Cycle,
    held_on: datetime.date,
    place: str,
    form: str,
    lead: User,
    partners: Sequence[User],
    topics: str,
    opinions: str = "",
    by: User,
) -> Talk:
    """Record a talk of `cycle` led by `lead` with `partners`.

    Side effects: creates the Talk and its TalkParticipant rows. Raises ValidationError,
    saving nothing, when the people are not members of the branch, repeat, or do not
    fit the form (面谈/电话 one partner, 集体谈 two or more), or a text is too long.
    """
    _check(cycle=cycle, form=form, lead=lead, partners=partners, topics=topics, opinions=opinions)
    talk = Talk.objects.create(
        cycle=cycle, held_on=held_on, place=place, form=form, topics=topics, opinions=opinions, recorded_by=by
    )
    _set_people(talk, lead, partners)
    return talk


@transaction.atomic
def talk_update(
    *,
    talk: Talk,
    held_on: datetime.date,
    place: str,
    form: str,
    lead: User,
    partners: Sequence[User],
    topics: str,
    opinions: str = "",
) -> Talk:
    """Change a talk's record. Side effects: saves the Talk, replaces its participants.
    Raises ValidationError as talk_create, changing nothing."""
    _check(cycle=talk.cycle, form=form, lead=lead, partners=partners, topics=topics, opinions=opinions)
    talk = Talk.objects.select_for_update(of=("self",)).order_by().get(pk=talk.pk)
    talk.held_on, talk.place, talk.form, talk.topics, talk.opinions = held_on, place, form, topics, opinions
    talk.save()
    _set_people(talk, lead, partners)
    return talk


@transaction.atomic
def talk_delete(*, talk: Talk) -> None:
    """Delete a talk and its participants. The opinions filed from it stay in their
    campaign (only the link to the talk goes)."""
    talk.delete()


@transaction.atomic
def talk_opinion_file(
    *, talk: Talk, campaign: Campaign, raised_by: User, text: str, category: Category | None = None
) -> Opinion:
    """File an opinion raised in `talk` into `campaign`: named (signed by `raised_by`, a
    participant), source 谈心谈话, received on the talk's date, 待处理 on the triage board.

    Side effects: creates the Opinion, its OpinionSignature and the TalkOpinion link.
    No SubmissionMarker: it is not the member's own submission to the form. Raises
    ValidationError, saving nothing, when the campaign or category is not the talk's
    cycle's, `raised_by` did not take part, or the text is empty or too long.
    """
    text = text.strip()
    if campaign.cycle_id != talk.cycle_id:
        raise ValidationError("只能登记到本次组织生活会的征求意见活动。")
    if category is not None and category.cycle_id != talk.cycle_id:
        raise ValidationError("意见方面必须是本次组织生活会的查摆方面。")
    if not talk.participants.filter(user=raised_by).exists():
        raise ValidationError("提出意见的人必须是这次谈话的参加人。")
    if not text:
        raise ValidationError("请填写意见建议的内容。")
    if len(text) > OPINION_LIMIT:
        raise ValidationError(f"意见建议有{len(text)}字，超过了{OPINION_LIMIT}字的上限，没有保存。")
    opinion = Opinion.objects.create(
        campaign=campaign, source=Source.TALK, category=category, text=text, received_on=talk.held_on
    )
    OpinionSignature.objects.create(opinion=opinion, author=raised_by)
    TalkOpinion.objects.create(talk=talk, opinion=opinion)
    return opinion


@transaction.atomic
def liaisons_set(*, branch: Organisation, cycle: Cycle, responsible: dict[int, int | None]) -> int:
    """Set which committee member is responsible for each member (member id → committee
    member id, or None for nobody). Returns how many changed.

    Side effects: locks `cycle` (the page it is set from), so two committee members
    saving at once go one after the other; creates, updates or deletes MemberLiaison
    rows. Raises ValidationError, changing nothing, when an id is not a member of the
    branch, or a responsible one is not on its committee.
    """
    locked_cycle(cycle.pk)
    roles: dict[int, set[str]] = {}
    for user_id, role in Membership.objects.filter(organisation=branch).values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    committee = {u for u, r in roles.items() if r & Membership.COMMITTEE_ROLES}
    current = dict(MemberLiaison.objects.filter(branch=branch).values_list("member_id", "committee_member_id"))
    changed = 0
    for member_id, committee_id in responsible.items():
        if member_id not in roles or member_id in committee:
            raise ValidationError("只能为本支部的党员（非支委）指定联系支委。")
        if committee_id is not None and committee_id not in committee:
            raise ValidationError("联系人必须是本支部的支委。")
        if current.get(member_id) == committee_id:
            continue
        changed += 1
        if committee_id is None:
            MemberLiaison.objects.filter(branch=branch, member_id=member_id).delete()
        else:
            MemberLiaison.objects.update_or_create(
                branch=branch, member_id=member_id, defaults={"committee_member_id": committee_id}
            )
    return changed

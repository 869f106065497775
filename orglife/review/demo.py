"""Demo data for the review: the demo cycle's committee material submitted by the
secretary and waiting in the district reviewer's queue; and two members' personal
materials, 孙丽's submitted to the branch and 王强's approved by the secretary, so the
list of who has written theirs shows every state."""

from __future__ import annotations

from orglife.materials.models import Material
from orglife.orgs.models import Membership
from orglife.review.models import Review
from orglife.review.services import review_approve, review_submit
from orglife.talks.demo import personal_demo


def load_review_demo() -> None:
    """Submit each demo branch's committee material once (a second load changes nothing:
    a material that has a review, in any state, is left as it is).

    Side effects: those of review_submit (a revision, a Review, a Transition, notices to
    the reviewers; no email, as the demo users have no address)."""
    materials = Material.objects.filter(
        kind=Material.Kind.COMMITTEE, cycle__branch__code="linjiang-drc-branch"
    ).select_related("cycle__branch")
    for material in materials:
        if Review.objects.filter(material=material).exists():
            continue
        secretary = Membership.objects.filter(
            organisation=material.cycle.branch, role=Membership.Role.SECRETARY
        ).first()
        if secretary is not None:
            review_submit(material=material, by=secretary.user, comment="请审核。")
    _personal_reviews()


SUNLI = {
    "categories": [
        {
            "name": "工作",
            "items": [{"text": "我办文的质量不够高。比如今年经我起草的3份请示被退回修改。"}],
        }
    ],
    "causes": [{"heading": "标准要求不够高", "text": "我满足于过得去，没有对照规范逐字把关。"}],
    "directions": [
        {
            "heading": "提高办文质量",
            "measures": [{"text": "每份文稿对照公文格式规范自查一遍再送审。", "deadline": "2022-12-31"}],
        }
    ],
}
WANGQIANG = {
    "categories": [
        {
            "name": "学习",
            "items": [{"text": "我带头学习不够。比如支部12次集中学习我有2次因公缺席，事后没有补学。"}],
        }
    ],
    "causes": [{"heading": "学习的自觉性不够", "text": "我把业务工作放在前面，学习往后放。"}],
    "directions": [
        {
            "heading": "带头学习",
            "measures": [{"text": "缺席的集中学习一周内补学并交流心得。", "deadline": "2022-12-31"}],
        }
    ],
}


def _personal_reviews() -> None:
    """孙丽's personal material submitted to the branch, 王强's submitted and approved by
    the secretary; each once (a material with a review is left as it is)."""
    branch_code = "linjiang-drc-branch"
    secretary = (
        Membership.objects.filter(organisation__code=branch_code, role=Membership.Role.SECRETARY)
        .select_related("user")
        .first()
    )
    if secretary is None:
        return
    for username, content, approve in (("sunli", SUNLI, False), ("wangqiang", WANGQIANG, True)):
        material = personal_demo(branch_code=branch_code, username=username, content=content)
        if material is None or Review.objects.filter(material=material).exists():
            continue
        review_submit(material=material, by=material.author, comment="请支部审核。")
        if approve:
            review_approve(material=material, by=secretary.user, comment="材料查摆具体，同意。")

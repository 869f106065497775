"""The frozen revision the reviewer reads, comments on parts, who sees them, resolving."""

import pytest
from django.urls import reverse

from orglife.models import Comment, Problem
from orglife.review.services import ReviewRefused, comment_add, comment_resolve, review_return, review_submit
from tests.factories import make_returned, make_submitted


def parts(response) -> list[tuple[str, str, str]]:
    return [(p.part.kind, p.part.label, p.part.text) for p in response.context["page"].parts]


def test_the_reviewer_reads_the_frozen_revision_after_later_edits(world, committee, client_for):
    make_submitted(material=committee, by=world.secretary)
    first = committee.problems.order_by("position").first()
    Problem.objects.filter(pk=first.pk).update(text="提交之后改的文字。")

    response = client_for(world.reviewer).get(reverse("review_material", args=[committee.pk]))

    assert parts(response) == [
        ("problem", "思想方面·一是", "理论学习不够深入。比如全年只学了2次。"),
        ("problem", "思想方面·二是", "联系群众不够紧密。"),
        ("cause", "原因（一）", "党性修养锤炼不够\n放松了理论学习。"),
        ("direction", "努力方向（一）", "强化理论武装"),
        ("measure", "措施（一）一是", "每周集中学习一次。"),
    ]
    assert "提交之后改的文字" not in response.content.decode()
    # The frozen parts carry the live parts' ids, so a comment lands on the live part.
    assert response.context["page"].parts[0].part.pk == first.pk


def test_a_comment_anchors_to_the_live_part_with_its_label_and_frozen_text(world, committee):
    make_submitted(material=committee, by=world.secretary)
    cause = committee.causes.get()

    comment = comment_add(material=committee, by=world.reviewer, part=f"cause-{cause.pk}", text="要联系实际。")

    assert (comment.part_kind, comment.part_id, comment.label, comment.quote, comment.anchor) == (
        "cause",
        cause.pk,
        "原因（一）",
        "党性修养锤炼不够\n放松了理论学习。",
        f"cause-{cause.pk}",
    )


@pytest.mark.parametrize("part", ["problem-999999", "cause-abc", "nothing", ""])
def test_a_comment_on_a_part_not_in_the_submission_is_refused(world, committee, part):
    make_submitted(material=committee, by=world.secretary)
    with pytest.raises(ReviewRefused, match="所选部分不在报送的版本中"):
        comment_add(material=committee, by=world.reviewer, part=part, text="意见。")
    assert Comment.objects.count() == 0


def test_a_part_added_after_submission_cannot_be_commented_on(world, committee):
    make_submitted(material=committee, by=world.secretary)
    later = Problem.objects.create(material=committee, category=world.categories[1], position=1, text="后加的。")
    with pytest.raises(ReviewRefused):
        comment_add(material=committee, by=world.reviewer, part=f"problem-{later.pk}", text="意见。")


def test_the_branch_sees_comments_only_once_returned_and_never_internal_ones(world, committee, client_for):
    make_submitted(material=committee, by=world.secretary)
    problem = committee.problems.order_by("position").first()
    comment_add(material=committee, by=world.reviewer, part=f"problem-{problem.pk}", text="公开的意见。")
    comment_add(material=committee, by=world.reviewer, part="whole", text="内部的意见。", internal=True)
    url = reverse("review_material", args=[committee.pk])

    before = client_for(world.secretary).get(url).content.decode()
    review_return(material=committee, by=world.reviewer)
    after = client_for(world.secretary).get(url).content.decode()
    reviewer = client_for(world.reviewer).get(url).content.decode()

    assert ("公开的意见" in before, "内部的意见" in before) == (False, False)
    assert ("公开的意见" in after, "内部的意见" in after) == (True, False)
    assert ("公开的意见" in reviewer, "内部的意见" in reviewer) == (True, True)


def test_the_editor_shows_the_returned_comments_beside_the_parts(world, committee, client_for):
    (comment,) = make_returned(material=committee, writer=world.secretary, reviewer=world.reviewer)

    response = client_for(world.secretary).get(reverse("editor", args=[committee.pk]))
    html = response.content.decode()

    assert [c.pk for c in response.context["review_info"]["comments"]] == [comment.pk]
    assert f'data-review-anchor="{comment.anchor}"' in html
    assert "已于" in html and "退回修改，审核意见1条" in html


def test_the_writers_resolve_and_reopen_a_comment(world, committee, client_for):
    (comment,) = make_returned(material=committee, writer=world.secretary, reviewer=world.reviewer)
    url = reverse("review_resolve", args=[committee.pk, comment.pk])
    editor = reverse("editor", args=[committee.pk])

    response = client_for(world.committee).post(url, {"next": editor})
    comment.refresh_from_db()
    assert (response.status_code, response["Location"], comment.resolved_by) == (302, editor, world.committee)

    client_for(world.committee).post(url, {"resolved": "0"})
    comment.refresh_from_db()
    assert (comment.resolved_at, comment.resolved_by) == (None, None)


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("reviewer", 403), ("outsider", 404)])
def test_only_the_writers_resolve(world, committee, client_for, who, status):
    (comment,) = make_returned(material=committee, writer=world.secretary, reviewer=world.reviewer)
    response = client_for(getattr(world, who)).post(reverse("review_resolve", args=[committee.pk, comment.pk]))
    comment.refresh_from_db()
    assert (response.status_code, comment.resolved_at) == (status, None)


def test_a_comment_id_of_another_material_is_not_found(world, committee, personal, client_for):
    (theirs,) = make_returned(material=personal, writer=world.member, reviewer=world.secretary)
    response = client_for(world.secretary).post(reverse("review_resolve", args=[committee.pk, theirs.pk]))
    theirs.refresh_from_db()
    assert (response.status_code, theirs.resolved_at) == (404, None)


def test_an_internal_or_unreturned_comment_cannot_be_resolved(world, committee):
    review_submit(material=committee, by=world.secretary)
    pending = comment_add(material=committee, by=world.reviewer, part="whole", text="尚未退回。")
    with pytest.raises(ReviewRefused, match="尚未退回给支部"):
        comment_resolve(comment=pending, by=world.secretary)


def test_comments_are_escaped(world, committee, client_for):
    make_returned(material=committee, writer=world.secretary, reviewer=world.reviewer, texts=["<script>x</script>"])
    html = client_for(world.secretary).get(reverse("review_material", args=[committee.pk])).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x</script>" not in html


def test_a_resubmission_shows_the_diff_and_which_comments_were_resolved(world, committee, client_for):
    first, _second = make_returned(
        material=committee, writer=world.secretary, reviewer=world.reviewer, texts=["要具体。", "要有数字。"]
    )
    comment_resolve(comment=first, by=world.secretary)
    problem = committee.problems.order_by("position").first()
    Problem.objects.filter(pk=problem.pk).update(text="理论学习不够深入。比如全年只学了1次。")
    review_submit(material=committee, by=world.secretary)

    page = client_for(world.reviewer).get(reverse("review_material", args=[committee.pk])).context["page"]

    changed = [row for row in page.diff if row.op != "equal"]
    assert [[(s.op, s.text) for s in row.segments] for row in changed] == [
        [("equal", "一是理论学习不够深入。比如全年只学了"), ("delete", "2"), ("insert", "1"), ("equal", "次。")]
    ]
    assert [(c.text, c.resolved_at is not None) for c in page.earlier_comments] == [
        ("要具体。", True),
        ("要有数字。", False),
    ]

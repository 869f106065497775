"""Notices of the review, in the app and by email: submitted, returned with N comments, approved."""

from django.core import mail
from django.urls import reverse

from orglife.models import Notification, User
from orglife.review.services import comment_add, review_approve, review_return, review_submit


def notices(user: User) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("kind", "text"))


def test_a_submission_notifies_the_reviewers_in_the_app_and_by_email(
    world, committee, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=world.reviewer.pk).update(email="zhou@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        review_submit(material=committee, by=world.secretary)

    assert notices(world.reviewer) == [("submitted", "第一党支部报送了《党支部班子对照检查材料》，请审核。")]
    assert notices(world.secretary) == []
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("第一党支部报送了《党支部班子对照检查材料》，请审核。", ["zhou@example.org"])
    ]
    assert mail.outbox[0].body.endswith(f"/materials/{committee.pk}/review/")


def test_a_return_tells_the_committee_how_many_comments_came_back(world, committee, django_capture_on_commit_callbacks):
    User.objects.filter(pk=world.secretary.pk).update(email="zhang@example.org")
    review_submit(material=committee, by=world.secretary)
    comment_add(material=committee, by=world.reviewer, part="whole", text="一。")
    comment_add(material=committee, by=world.reviewer, part="whole", text="二。")
    comment_add(material=committee, by=world.reviewer, part="whole", text="内部。", internal=True)

    with django_capture_on_commit_callbacks(execute=True):
        review_return(material=committee, by=world.reviewer)

    expected = [("returned", "《党支部班子对照检查材料》被退回修改，审核意见2条。")]
    assert (notices(world.secretary), notices(world.committee), notices(world.member)) == (expected, expected, [])
    assert [m.to for m in mail.outbox] == [["zhang@example.org"]]


def test_an_approval_tells_the_author_of_a_personal_material(world, personal):
    review_submit(material=personal, by=world.member)
    review_approve(material=personal, by=world.secretary)

    assert notices(world.member) == [("approved", "《王党员个人材料》已审核通过。")]
    # The submission went to the branch committee, not to its author nor the district.
    assert notices(world.committee) == [("submitted", "第一党支部报送了《王党员个人材料》，请审核。")]
    assert notices(world.reviewer) == []


def test_the_badge_counts_unread_notices_and_waiting_materials(world, committee, client_for):
    review_submit(material=committee, by=world.secretary)
    client = client_for(world.reviewer)

    badge = client.get(reverse("notifications_badge")).content.decode()
    client.post(reverse("notifications_read"))
    after = client.get(reverse("notifications_badge")).content.decode()

    assert '<span class="count badge" id="unread-count">1</span>' in badge
    assert '审核 <span class="count badge">1</span>' in badge
    assert 'id="unread-count"' not in after
    assert 'id="queue-link"' not in client_for(world.member).get(reverse("notifications_badge")).content.decode()


def test_the_notification_list_shows_the_user_s_own_notices(world, committee, client_for):
    review_submit(material=committee, by=world.secretary)

    mine = client_for(world.reviewer).get(reverse("notifications")).context["page"].object_list
    theirs = client_for(world.outsider).get(reverse("notifications")).context["page"].object_list

    assert [n.text for n in mine] == ["第一党支部报送了《党支部班子对照检查材料》，请审核。"]
    assert list(theirs) == []

"""The one access policy (orglife.orgs.access) where the places that asked it used to differ:
a reviewer's role in the branch itself makes nobody a member, and a personal material
is edited by its author only while they are a member of the branch."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from orglife.models import Material, Membership, Source
from orglife.opinions.forms import CampaignForm
from orglife.opinions.services import campaign_create
from orglife.orgs.access import Standing, branch_members, can_edit_material, standing
from tests.factories import make_material, make_membership, make_user


@pytest.fixture
def branch_reviewer(world):
    """A reviewer whose reviewer role is held at the branch itself, not above it."""
    user = make_user(username="branch-reviewer", full_name="吴审核")
    make_membership(user=user, organisation=world.branch, role="reviewer")
    return user


def test_standing_of_each_role(world, branch_reviewer):
    found = {
        name: standing(user, world.branch)
        for name, user in {
            "secretary": world.secretary,
            "committee": world.committee,
            "member": world.member,
            "reviewer": world.reviewer,
            "branch reviewer": branch_reviewer,
            "outsider": world.outsider,
        }.items()
    }

    assert found == {
        "secretary": Standing(committee=True, member=True),
        "committee": Standing(committee=True, member=True),
        "member": Standing(member=True),
        "reviewer": Standing(reviewer=True),
        "branch reviewer": Standing(reviewer=True),
        "outsider": Standing(),
    }


def test_branch_members_leave_out_reviewers(world, branch_reviewer):
    assert sorted(branch_members(world.branch).values_list("username", flat=True)) == [
        "committee",
        "member",
        "secretary",
    ]


def test_cycle_page_offers_the_personal_material_only_to_members(world, branch_reviewer, client_for):
    link = reverse("personal_home", args=[world.cycle.pk])  # blank, from last year, or the import

    shown = {
        name: f'href="{link}"' in client_for(user).get(reverse("cycle", args=[world.cycle.pk])).content.decode()
        for name, user in {"member": world.member, "branch reviewer": branch_reviewer}.items()
    }
    refused = client_for(branch_reviewer).get(link).status_code

    # It used to be offered to anyone with a role in the branch, and then refused.
    assert (shown, refused) == ({"member": True, "branch reviewer": False}, 403)


@pytest.fixture
def open_campaign(world):
    today = timezone.localdate()
    return campaign_create(
        cycle=world.cycle,
        title="征求意见",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=7),
        sources=Source.values,
        categories=world.categories,
    )


def test_opinion_form_counts_a_reviewer_of_the_branch_as_no_member(world, branch_reviewer, client_for, open_campaign):
    url = reverse("opinion_form", args=[open_campaign.token])

    forms = {
        name: client_for(user).get(url).context["form"]
        for name, user in {"member": world.member, "branch reviewer": branch_reviewer}.items()
    }

    # A member's opinion is filed as a member's; anyone else says who they are.
    assert {name: (form.fixed_source, "source" in form.fields) for name, form in forms.items()} == {
        "member": (Source.MEMBER, False),
        "branch reviewer": (None, True),
    }


def test_campaign_about_one_member_offers_and_takes_members_only(world, branch_reviewer):
    form = CampaignForm(cycle=world.cycle)
    today = timezone.localdate()

    offered = sorted(user.username for user in form.fields["subject"].queryset)
    with pytest.raises(ValidationError) as refused:
        campaign_create(
            cycle=world.cycle,
            title="对吴审核的意见",
            opens_on=today,
            closes_on=today,
            sources=[Source.MEMBER],
            categories=[],
            subject=branch_reviewer,
        )

    assert offered == ["committee", "member", "secretary"]
    assert refused.value.messages == ["只能征求对本支部党员的意见。"]


def test_personal_material_is_edited_by_its_author_only_while_a_member(world, client_for):
    personal = make_material(
        cycle=world.cycle, kind=Material.Kind.PERSONAL, author=world.member, title="个人对照检查材料"
    )
    before = can_edit_material(world.member, personal)
    # The author leaves the branch and now reviews it from the district.
    Membership.objects.filter(user=world.member, organisation=world.branch).delete()
    make_membership(user=world.member, organisation=world.district, role="reviewer")

    after = can_edit_material(world.member, personal)
    client = client_for(world.member)
    answers = [client.get(reverse(name, args=[personal.pk])).status_code for name in ("material", "editor")]

    assert (before, after, answers) == (True, False, [200, 403])

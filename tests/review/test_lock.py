"""An approved material is not edited: the editor, its services, imports and restores refuse."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from orglife.common.ordinals import chinese_date
from orglife.materials.editor import services as edit
from orglife.materials.importing.services import material_import
from orglife.models import Cause, MaterialRevision, Review
from orglife.review.services import review_approve
from tests.factories import make_submitted

LOCKED = "这份材料已于{}审核通过，审核通过的版本不能再修改。"


@pytest.fixture
def approved(world, committee):
    make_submitted(material=committee, by=world.secretary)
    review_approve(material=committee, by=world.reviewer)
    return committee


def test_the_editor_refuses_an_approved_material_saying_why(world, approved, client_for):
    response = client_for(world.secretary).get(reverse("editor", args=[approved.pk]))

    assert response.status_code == 403
    assert LOCKED.format(chinese_date(timezone.localdate())) in response.content.decode()


def test_editor_writes_to_an_approved_material_are_refused_and_change_nothing(world, approved, client_for):
    cause = approved.causes.get()
    base = edit.version_token(cause, edit.PART_KINDS["cause"].fields)
    url = reverse("editor_part", args=[approved.pk, "cause", cause.pk])

    response = client_for(world.secretary).post(url, {"base": base, "heading": "改了", "body": "改了"})

    assert response.status_code == 403
    assert Cause.objects.get(pk=cause.pk).heading == "党性修养锤炼不够"


def test_the_editor_service_itself_refuses_once_approved(world, approved):
    """Inside the material's row lock, so a save that waited for an approval is refused."""
    cause = approved.causes.get()
    base = edit.version_token(cause, edit.PART_KINDS["cause"].fields)
    with pytest.raises(PermissionDenied):
        edit.part_save(
            kind="cause", material=approved, pk=cause.pk, base=base, changes={"body": "x"}, by=world.secretary
        )
    assert Cause.objects.get(pk=cause.pk).body == "放松了理论学习。"


def test_an_import_over_an_approved_material_is_refused_and_changes_nothing(world, approved):
    with pytest.raises(PermissionDenied):
        material_import(
            cycle=approved.cycle, text="新材料\n一、存在的问题\n（一）思想方面。\n一是新问题。", by=world.secretary
        )
    assert sorted(approved.problems.values_list("text", flat=True)) == [
        "理论学习不够深入。比如全年只学了2次。",
        "联系群众不够紧密。",
    ]


def test_a_restore_is_refused_once_approved(world, approved, client_for):
    revision = approved.review.revision
    response = client_for(world.secretary).post(reverse("material_revision_restore", args=[approved.pk, revision.pk]))
    assert response.status_code == 403


def test_the_material_page_hides_the_edit_button_once_approved(world, approved, client_for):
    html = client_for(world.secretary).get(reverse("material", args=[approved.pk])).content.decode()
    assert f'href="{reverse("editor", args=[approved.pk])}"' not in html


def test_editing_while_submitted_is_allowed_and_says_the_reviewer_reads_the_submitted_version(
    world, committee, client_for
):
    make_submitted(material=committee, by=world.secretary)
    response = client_for(world.secretary).get(reverse("editor", args=[committee.pk]))
    assert response.status_code == 200
    assert "审核人看到的是报送时的版本" in response.content.decode()


def test_a_submitted_material_can_still_be_deleted_with_its_review(world, committee):
    """The frozen revision is held against deletion on its own, not with its material."""
    make_submitted(material=committee, by=world.secretary)
    committee.delete()
    assert (Review.objects.count(), MaterialRevision.objects.count()) == (0, 0)

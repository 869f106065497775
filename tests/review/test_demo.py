from io import StringIO

import pytest
from django.core.management import call_command

from orglife.models import Material, Notification, Review, Transition


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_the_demo_leaves_the_committee_material_waiting_in_the_reviewer_s_queue(db, debug):
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())

    material = Material.objects.get(kind="committee")
    assert (Review.objects.get().material, Review.objects.get().state) == (material, "submitted")
    assert list(Transition.objects.values_list("from_state", "to_state", "by__username")) == [
        ("draft", "submitted", "secretary")
    ]
    assert list(Notification.objects.values_list("user__username", "kind")) == [("reviewer", "submitted")]

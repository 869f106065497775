from io import StringIO

import pytest
from django.core.management import call_command

from orglife.models import Material, Notification, Review, Transition


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_the_demo_leaves_the_committee_material_waiting_and_personal_materials_in_each_state(db, debug):
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())

    material = Material.objects.get(kind="committee")
    states = {(r.material.author.username if r.material.author else "committee"): r.state for r in Review.objects.all()}
    assert states == {"committee": "submitted", "sunli": "submitted", "wangqiang": "approved"}
    assert Review.objects.get(material=material).state == "submitted"
    assert list(Transition.objects.order_by("pk").values_list("from_state", "to_state", "by__username")) == [
        ("draft", "submitted", "secretary"),
        ("draft", "submitted", "sunli"),
        ("draft", "submitted", "wangqiang"),
        ("submitted", "approved", "secretary"),
    ]
    # The committee material to the district's reviewer; 孙丽's to the three on the committee,
    # 王强's to the other two; his approval to him.
    assert sorted(Notification.objects.values_list("user__username", "kind")) == [
        ("liuhong", "submitted"),
        ("liuhong", "submitted"),
        ("reviewer", "submitted"),
        ("secretary", "submitted"),
        ("secretary", "submitted"),
        ("wangqiang", "approved"),
        ("wangqiang", "submitted"),
    ]

import pytest
from django.urls import reverse

from orglife.demo import load_demo
from orglife.models import Organisation
from orglife.orgs.services import organisation_create


@pytest.fixture
def admin_client_with_demo(client, db):
    load_demo()
    client.login(username="admin", password="orglife2022")
    return client


def organisation_form(org: Organisation | None = None, **changes) -> dict:
    data = {
        "name": org.name if org else "",
        "short_name": org.short_name if org else "",
        "kind": org.kind if org else "branch",
        "code": org.code if org else "",
        "parent": org.parent_id if org and org.parent_id else "",
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    return {**data, **changes}


def test_admin_adds_an_organisation_at_the_end_of_its_parent(admin_client_with_demo):
    organs = Organisation.objects.get(code="linjiang-organs")
    data = organisation_form(name="临江区审计局机关党支部", code="linjiang-audit-branch", parent=organs.pk)

    response = admin_client_with_demo.post(reverse("admin:orglife_organisation_add"), data)

    assert response.status_code == 302
    assert Organisation.objects.get(code="linjiang-audit-branch").path == "0001.0001.0003."


def test_admin_moves_an_organisation_with_everything_below(admin_client_with_demo):
    organs = Organisation.objects.get(code="linjiang-organs")
    new_root = organisation_create(name="中共临海区委", kind="committee", code="linhai")
    url = reverse("admin:orglife_organisation_change", args=[organs.pk])

    response = admin_client_with_demo.post(url, organisation_form(organs, parent=new_root.pk, name="区直机关工委"))

    assert response.status_code == 302
    assert dict(Organisation.objects.filter(path__startswith="0002.").values_list("code", "path")) == {
        "linhai": "0002.",
        "linjiang-organs": "0002.0001.",
        "linjiang-drc-branch": "0002.0001.0001.",
        "linjiang-finance-branch": "0002.0001.0002.",
    }
    assert Organisation.objects.get(code="linjiang-organs").name == "区直机关工委"


def test_admin_refuses_to_move_an_organisation_below_itself(admin_client_with_demo):
    organs = Organisation.objects.get(code="linjiang-organs")
    branch = Organisation.objects.get(code="linjiang-drc-branch")
    url = reverse("admin:orglife_organisation_change", args=[organs.pk])

    response = admin_client_with_demo.post(url, organisation_form(organs, parent=branch.pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"parent": ["不能把党组织移到它自己或它的下级党组织之下。"]}
    assert Organisation.objects.get(code="linjiang-organs").path == "0001.0001."

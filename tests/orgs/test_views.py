from django.urls import reverse

from tests.factories import make_cycle


def test_home_anonymous_sees_welcome_with_login_link(client, db):
    html = client.get("/").content.decode()

    assert "<h1>党支部组织生活会</h1>" in html
    assert 'href="/accounts/login/"' in html


def test_home_lists_the_users_organisations_with_roles(world, client_for):
    response = client_for(world.secretary).get("/")

    assert [(org.name, roles) for org, roles, _ in response.context["rows"]] == [("第一党支部", ["书记"])]


def test_home_reviewer_sees_the_dashboard_linking_the_reviewed_organisation(world, client_for):
    # A reviewer's home is the district's dashboard (orglife.dashboard); the tree is one link away.
    response = client_for(world.reviewer).get("/")

    assert "dashboard/dashboard.html" in [t.name for t in response.templates]
    assert [org.name for org in response.context["roots"]] == ["中共测试区委"]
    assert f'href="/orgs/{world.district.pk}/"' in response.content.decode()


def test_organisation_page_lists_its_cycles(world, client_for):
    make_cycle(branch=world.branch, year=2023, title="2023年度组织生活会")

    response = client_for(world.member).get(reverse("organisation", args=[world.branch.pk]))

    assert [c.title for c in response.context["cycles"]] == ["2023年度组织生活会", "2022年专题组织生活会"]


def test_organisation_page_outsider_gets_404(world, client_for):
    response = client_for(world.outsider).get(reverse("organisation", args=[world.branch.pk]))

    assert response.status_code == 404
    assert "您要找的页面不存在，或者您不是该党组织的成员。" in response.content.decode()


def test_organisation_page_member_cannot_see_the_parent(world, client_for):
    response = client_for(world.member).get(reverse("organisation", args=[world.district.pk]))

    assert response.status_code == 404


def test_parent_organisation_page_shows_reviewer_the_branches_cycles(world, client_for):
    response = client_for(world.reviewer).get(reverse("organisation", args=[world.district.pk]))

    assert [c.name for c in response.context["children"]] == ["第一党支部", "第二党支部"]
    assert [(c.branch.name, c.title) for c in response.context["child_cycles"]] == [
        ("第一党支部", "2022年专题组织生活会")
    ]

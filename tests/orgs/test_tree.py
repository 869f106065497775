import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orglife.demo import load_demo
from orglife.models import Cycle, Organisation, User
from orglife.orgs.services import child_path, organisation_create
from tests.factories import make_membership


def cycle_rows(html: str) -> list[tuple[str, str]]:
    """(branch, cycle title) of each row of the cycle tables on a page."""
    return re.findall(r"<tr><td>([^<]+)</td><td>\d{4}</td><td><a href=\"/cycles/\d+/\">([^<]+)</a>", html)


def test_district_page_lists_the_cycles_of_branches_two_levels_below(client, db):
    load_demo()
    district = Organisation.objects.get(code="linjiang-district")
    client.login(username="reviewer", password="orglife2022")

    html = client.get(reverse("organisation", args=[district.pk])).content.decode()

    assert cycle_rows(html) == [
        ("临江区发展和改革局机关党支部", "2022年“迎盛会、铸忠诚、强担当、创业绩”主题教育专题组织生活会")
    ]
    assert "还没有组织生活会" not in html


def build_district(size: int) -> dict:
    """区委 → 工委 → `size` branches (bulk-created, one cycle each), a reviewer on the 区委,
    and a second district with its own reviewer."""
    district = organisation_create(name="中共临江区委", kind="committee", code="district")
    organs = organisation_create(name="区直机关工委", kind="working_committee", code="organs", parent=district)
    Organisation.objects.bulk_create(
        Organisation(
            name=f"第{n:04d}党支部", kind="branch", code=f"b{n}", parent=organs, path=child_path(organs.path, n)
        )
        for n in range(1, size + 1)
    )
    branches = Organisation.objects.filter(parent=organs)
    Cycle.objects.bulk_create(
        Cycle(branch=branch, year=2022, kind="annual", title="2022年度组织生活会") for branch in branches
    )
    other = organisation_create(name="中共临海区委", kind="committee", code="other")
    reviewer = User.objects.create_user("reviewer", full_name="周审核")
    other_reviewer = User.objects.create_user("other-reviewer", full_name="钱审核")
    make_membership(user=reviewer, organisation=district, role="reviewer")
    make_membership(user=other_reviewer, organisation=other, role="reviewer")
    first = Organisation.objects.get(code="b1")
    return {
        "district": district,
        "organs": organs,
        "branch": first,
        "cycle": first.cycles.get(),
        "reviewer": reviewer,
        "other_reviewer": other_reviewer,
    }


def query_counts(client_for, tree: dict) -> dict[str, int]:
    client = client_for(tree["reviewer"])
    urls = {
        "home": reverse("home"),
        "district": reverse("organisation", args=[tree["district"].pk]),
        "organs": reverse("organisation", args=[tree["organs"].pk]),
        "organs page 2": reverse("organisation", args=[tree["organs"].pk]) + "?page=2&orgs=2",
        "organs filtered": reverse("organisation", args=[tree["organs"].pk]) + "?q=0001",
        "branch": reverse("organisation", args=[tree["branch"].pk]),
        "cycle": reverse("cycle", args=[tree["cycle"].pk]),
    }
    counts = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def organisation_rows(html: str) -> list[str]:
    return re.findall(r'<li><a href="/orgs/\d+/">([^<]+)</a>', html)


# Session and user, then the pages' own: the user's memberships (read by each selector),
# the organisation, the page of organisations below and its count, their counts, the
# page of cycles below (with the figures of each one's current step) and its count.
EXPECTED_QUERIES = {
    "home": 14,  # a reviewer's home is the dashboard (tests/dashboard counts its queries)
    "district": 15,
    "organs": 16,
    "organs page 2": 16,
    "organs filtered": 16,
    "branch": 15,  # one more: whether the user may start a cycle there
    "cycle": 9,  # the figures its step cards are derived from; where the user stands read once
}


@pytest.mark.parametrize("size", [10, 2000])
def test_reviewer_pages_run_the_same_queries_whatever_the_size_of_the_district(db, client_for, size):
    tree = build_district(size)

    counts = query_counts(client_for, tree)
    html = client_for(tree["reviewer"]).get(reverse("organisation", args=[tree["organs"].pk])).content.decode()

    assert counts == EXPECTED_QUERIES
    assert (len(organisation_rows(html)), len(cycle_rows(html))) == (min(size, 50), min(size, 50))
    assert f"下属党组织 {size} 个，其中党支部 {size} 个；共有组织生活会 {size} 次。" in html


@pytest.fixture
def district(db) -> dict:
    return build_district(120)


def test_organisation_page_shows_the_second_page_of_cycles(district, client_for):
    url = reverse("organisation", args=[district["organs"].pk])

    html = client_for(district["reviewer"]).get(url, {"page": 2}).content.decode()

    rows = cycle_rows(html)
    assert (len(rows), rows[0][0], rows[-1][0]) == (50, "第0051党支部", "第0100党支部")
    assert "第 51–100 条，共 120 条" in html
    assert 'href="?page=3#below-cycles"' in html
    assert 'href="?page=1#below-cycles"' in html


def test_organisation_page_pages_keep_the_filter_and_the_other_list_s_page(district, client_for):
    url = reverse("organisation", args=[district["organs"].pk])

    html = client_for(district["reviewer"]).get(url, {"q": "党支部", "orgs": 2}).content.decode()

    assert organisation_rows(html)[0] == "第0051党支部"
    assert 'href="?q=%E5%85%9A%E6%94%AF%E9%83%A8&amp;orgs=2&amp;page=2#below-cycles"' in html


def test_district_page_lists_its_direct_children_with_what_lies_below(district, client_for):
    html = client_for(district["reviewer"]).get(reverse("organisation", args=[district["district"].pk])).content
    html = html.decode()

    assert organisation_rows(html) == ["区直机关工委"]
    assert "党支部 120 个 · 组织生活会 120 次" in html
    assert len(cycle_rows(html)) == 50


def test_district_page_filter_finds_a_branch_at_any_depth_with_its_cycles(district, client_for):
    url = reverse("organisation", args=[district["district"].pk])

    response = client_for(district["reviewer"]).get(url, {"q": "0042"})

    html = response.content.decode()
    assert organisation_rows(html) == ["第0042党支部"]
    assert "党支部 · 区直机关工委" in html
    assert cycle_rows(html) == [("第0042党支部", "2022年度组织生活会")]


def test_district_page_filter_without_a_match_says_so(district, client_for):
    url = reverse("organisation", args=[district["district"].pk])

    html = client_for(district["reviewer"]).get(url, {"q": "<b>无此</b>"}).content.decode()

    assert "没有符合条件的党组织。" in html
    assert "没有党支部名称或标题含“&lt;b&gt;无此&lt;/b&gt;”的组织生活会。" in html


def test_branch_page_breadcrumbs_show_the_organisations_above_the_reviewer_sees(district, client_for):
    html = client_for(district["reviewer"]).get(reverse("organisation", args=[district["branch"].pk])).content
    crumbs = re.search(r'<nav class="crumbs">(.*?)</nav>', html.decode()).group(1)

    assert re.sub(r"<[^>]+>", "", crumbs) == "我的党组织 › 中共临江区委 › 区直机关工委 › 第0001党支部"


@pytest.mark.parametrize("page", ["district", "organs", "branch"])
def test_reviewer_of_another_district_gets_404(district, client_for, page):
    response = client_for(district["other_reviewer"]).get(reverse("organisation", args=[district[page].pk]))

    assert response.status_code == 404


def test_reviewer_of_another_district_gets_404_on_a_cycle(district, client_for):
    response = client_for(district["other_reviewer"]).get(reverse("cycle", args=[district["cycle"].pk]))

    assert response.status_code == 404


def test_reviewer_in_the_middle_sees_below_but_not_above(district, client_for):
    middle = User.objects.create_user("middle")
    make_membership(user=middle, organisation=district["organs"], role="reviewer")
    client = client_for(middle)

    codes = [
        client.get(reverse("organisation", args=[district[page].pk])).status_code
        for page in ("district", "organs", "branch")
    ]
    crumbs = re.search(
        r'<nav class="crumbs">(.*?)</nav>',
        client.get(reverse("organisation", args=[district["branch"].pk])).content.decode(),
    ).group(1)

    assert codes == [404, 200, 200]
    assert re.sub(r"<[^>]+>", "", crumbs) == "我的党组织 › 区直机关工委 › 第0001党支部"

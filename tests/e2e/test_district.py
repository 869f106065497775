"""A reviewer of the district walks down the tree to a branch's cycle, pages and filters."""

import pytest
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.models import Cycle, Organisation
from orglife.orgs.services import child_path


@pytest.mark.django_db(transaction=True)
def test_reviewer_finds_a_branch_two_levels_down_among_many(live_server, page, settings, log_in, log_out):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    organs = Organisation.objects.get(code="linjiang-organs")
    Organisation.objects.bulk_create(
        Organisation(
            name=f"测试第{n:03d}党支部", kind="branch", code=f"t{n}", parent=organs, path=child_path(organs.path, n)
        )
        for n in range(3, 123)
    )
    Cycle.objects.bulk_create(
        Cycle(branch=branch, year=2023, kind="annual", title="2023年度组织生活会")
        for branch in Organisation.objects.filter(code__startswith="t")
    )
    log_in(page, "reviewer")

    page.get_by_role("link", name="中共临江区委").click()
    expect(page.locator("p.totals")).to_have_text(
        "下属党组织 123 个，其中党支部 122 个；共有组织生活会 121 次。", use_inner_text=True
    )
    expect(page.locator("table.list tbody tr")).to_have_count(50)
    for n in range(2):
        page.get_by_role("link", name="下一页").click()
        expect(page.locator("nav.pager")).to_contain_text(f"第 {51 + 50 * n}–")
    assert page.locator("nav.pager").inner_text().startswith("第 101–121 条，共 121 条")
    page.reload()
    assert page.locator("table.list tbody tr").count() == 21

    for _ in range(2):
        page.get_by_label("按名称查找下属党组织和组织生活会").fill("发展和改革")
        with page.expect_navigation():  # the same search twice: wait for the second page too
            page.get_by_role("button", name="查找").click()
    page.reload()
    assert page.locator("ul.cards li a").all_inner_texts() == ["临江区发展和改革局机关党支部"]
    rows = page.locator("table.list tbody tr td:first-child").all_inner_texts()
    assert rows == ["临江区发展和改革局机关党支部"]

    page.get_by_role("link", name="2022年“迎盛会、铸忠诚、强担当、创业绩”主题教育专题组织生活会").click()
    # The organisation's page the click leaves has an h1 too: wait for the cycle's.
    expect(page.locator("h1")).to_have_text(
        "2022年“迎盛会、铸忠诚、强担当、创业绩”主题教育专题组织生活会", use_inner_text=True
    )

    log_out(page)
    log_in(page, "outsider")
    response = page.goto(live_server.url + f"/orgs/{organs.pk}/")
    assert response.status == 404

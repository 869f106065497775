"""A district's reviewer filters the dashboard, exports it in the background and compares a copied material."""

import pytest
from django_tasks.backends.database.management.commands.db_worker import Worker
from playwright.sync_api import expect

from orglife.dashboard.seed import seed_district
from orglife.models import Material


def _run_worker() -> None:
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="e2e",
    ).run()


@pytest.mark.django_db(transaction=True)
def test_reviewer_filters_exports_and_compares(live_server, page, log_in):
    seeded = seed_district(branches=150, seed=11, prefix="e2e")
    log_in(page, "e2e-reviewer")

    expect(page.locator(".dash-counts")).to_contain_text("150 全部")
    expect(page.locator("table.dash tbody tr")).to_have_count(50)
    opinions = page.locator(".dash-counts a", has_text="征求意见")
    count = int(opinions.locator("strong").inner_text())
    for _ in range(2):  # twice: the same filter again changes nothing
        with page.expect_navigation():  # a plain link; the second page looks like the first
            opinions.click()
        expect(page.locator(".dash-export")).to_contain_text(f"导出筛选出的 {count} 个党支部")
    page.get_by_label("排序").select_option("name")  # htmx swaps the table on change
    expect(page).to_have_url(f"{live_server.url}/dashboard/?org=&year=2023&state=opinions&sort=name&q=")
    page.reload()
    assert page.locator("table.dash tbody tr").count() == min(count, 50)
    row = page.locator("table.dash tbody tr").first.inner_text()
    # each step's own card: this branch's opinions are collected, its talks begun
    assert "征求意见已结束，汇总表未公布" in row and "应谈7人次，已谈2人次" in row
    assert "未开放" not in row

    page.get_by_role("button", name="总览表（Excel）").click()
    expect(page.locator("#job-progress")).to_contain_text("排队中")
    _run_worker()
    expect(page.locator("#job-progress")).to_contain_text("已完成")  # the page polls the job
    with page.expect_download() as download:
        page.get_by_role("link", name="下载文件").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    copy, _original = seeded.planted[0]
    page.goto(f"{live_server.url}/materials/{copy}/similar/")
    expect(page.locator("section.pair").first).to_contain_text("疑似雷同")
    assert page.locator("section.pair").first.locator("mark").count() > 3
    assert Material.objects.filter(pk=copy).exists()

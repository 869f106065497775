"""The import in a browser: the editor's work survives importing the material again (issue 10, item 5)."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.models import Material, Measure, User

SAMPLE = Path(settings.BASE_DIR) / "fixtures" / "samples" / "branch-2022-material.txt"


def edited_sample() -> bytes:
    """The sample with measure (一)1 lightly edited and measure (一)2 left out."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("一是加强理论学习。把深入学习党史", "一是加强理论学习。把认真学习党史")
    start, end = text.index("二是注重学习实效。"), text.index("三是严守党规党纪。")
    return (text[:start] + text[end:]).encode("utf-8")


def upload(page, base_url: str, cycle_id: int) -> None:
    page.goto(f"{base_url}/cycles/{cycle_id}/import/")
    page.get_by_label("上传文件").set_input_files(
        files=[{"name": "材料（修改稿）.txt", "mimeType": "text/plain", "buffer": edited_sample()}]
    )
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_role("heading", name="导入预览：材料（修改稿）.txt")).to_be_visible()


@pytest.fixture
def worked(settings):
    """The demo material with owners, deadlines and a status on its first two measures."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    material = Material.objects.get(cycle__year=2022, kind="committee")
    Measure.objects.filter(direction__material=material).update(status="planned")  # the demo ledger's aside
    first, second = Measure.objects.filter(direction__material=material).order_by("direction__position", "position")[:2]
    first.owner = User.objects.get(username="secretary")
    first.deadline, first.status = datetime.date(2022, 12, 31), "done"
    first.save()
    second.owner = User.objects.get(username="liuhong")
    second.save()
    return material


@pytest.mark.django_db(transaction=True)
def test_import_again_keeps_the_owners_of_matching_measures(live_server, page, worked, log_in):
    log_in(page, "secretary")
    upload(page, live_server.url, worked.cycle_id)
    upload(page, live_server.url, worked.cycle_id)  # a second preview replaces the first

    keeping = page.locator("#keeping")
    expect(keeping).to_contain_text("现有材料中有 2 个责任人、1 个完成时限、1 个完成状态，")
    expect(keeping).to_contain_text("共保留 1 个责任人、1 个完成时限、1 个完成状态。")
    expect(keeping.locator(".lost-parts li")).to_have_count(1)
    expect(keeping.locator(".lost-parts li")).to_contain_text("责任人：刘红")
    expect(page.locator("input[name=keep]")).to_be_checked()
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("原有内容已自动保存为历史版本")).to_be_visible()

    page.reload()
    first = Measure.objects.filter(direction__material=worked).order_by("direction__position", "position").first()
    assert first.text.startswith("加强理论学习。把认真学习党史")
    assert (first.owner.username, first.deadline, first.status) == ("secretary", datetime.date(2022, 12, 31), "done")
    assert Measure.objects.filter(direction__material=worked, owner__isnull=False).count() == 1

    page.goto("about:blank")  # nothing of the page still in flight once the cookies are gone
    page.context.clear_cookies()
    log_in(page, "liuhong")  # another committee member, same browser
    upload(page, live_server.url, worked.cycle_id)
    expect(page.locator("#keeping")).to_contain_text("保留时，这些设置都能找到对应的部分，不会丢失。")

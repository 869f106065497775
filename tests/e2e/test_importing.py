"""Importing the files offices have in a browser (issue 13): a PDF, then traditional text converted."""

import pytest
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.models import Material
from tests.materials.importing.shapes import TITLE, TRADITIONAL, material_pdf


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    return Material.objects.get(cycle__year=2022, kind="committee")


@pytest.mark.django_db(transaction=True)
def test_import_a_pdf_then_traditional_text_converted(live_server, page, demo, log_in):
    log_in(page, "secretary")
    pdf = material_pdf()
    for _ in range(2):  # a second preview replaces the first
        page.goto(f"{live_server.url}/cycles/{demo.cycle_id}/import/")
        page.get_by_label("上传文件").set_input_files(
            files=[{"name": "材料.pdf", "mimeType": "application/pdf", "buffer": pdf}]
        )
        page.get_by_role("button", name="预览").click()
        expect(page.get_by_role("heading", name="导入预览：材料.pdf")).to_be_visible()
    done = page.locator("#done li")
    expect(done).to_have_count(3)
    expect(done.nth(1)).to_contain_text("已把按行折断的文字重新连成段落")
    expect(page.locator("#structure")).to_contain_text(TITLE)
    expect(page.locator("input[name=simplify]")).to_have_count(0)
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("原有内容已自动保存为历史版本")).to_be_visible()
    demo.refresh_from_db()
    assert demo.title == TITLE

    page.goto(f"{live_server.url}/cycles/{demo.cycle_id}/import/")
    page.get_by_label("或者粘贴材料全文").fill(TRADITIONAL)
    page.get_by_role("button", name="预览").click()
    expect(page.locator("#done")).to_contain_text("材料用的是繁体字")
    page.get_by_label("转换为简体字后导入").check()
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已导入“第二党支部2023年度组织生活会对照检查材料”")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="第二党支部2023年度组织生活会对照检查材料")).to_be_visible()
    demo.refresh_from_db()
    assert demo.signature == "第二党支部 王某某"

    page.goto("about:blank")
    page.context.clear_cookies()
    log_in(page, "member")
    response = page.goto(f"{live_server.url}/cycles/{demo.cycle_id}/import/")
    assert response.status == 403

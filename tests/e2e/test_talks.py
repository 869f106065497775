"""A member writes their own material, reads out its 发言提纲 and submits it, and the
secretary sees it submitted; the secretary records the missing talk and sees the coverage
complete."""

import pytest
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.models import Cycle, Material, Problem, SpeechOutline, Talk


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    return Cycle.objects.get(year=2022)


@pytest.mark.django_db(transaction=True)
def test_a_member_starts_writes_and_prints_their_outline(live_server, page, demo, log_in, log_out):
    log_in(page, "member")
    page.goto(f"{live_server.url}/cycles/{demo.pk}/")
    page.locator("#step-materials").get_by_role("link", name="开始写我的个人材料").click()
    page.get_by_role("button", name="开始写我的个人材料").click()
    expect(page.locator(".messages")).to_contain_text("已建立您的个人对照检查材料")
    mine = Material.objects.get(cycle=demo, author__username="member")

    study = demo.categories.get(name="学习")
    block = page.locator(f"#category-{study.pk}")
    block.locator("summary", has_text="添加问题").click()
    block.get_by_label("新问题").fill("我理论学习不够系统。比如今年只写了3篇学习笔记。")
    block.get_by_role("button", name="添加").click()
    expect(block.locator(".part-problem")).to_have_count(1)
    assert Problem.objects.filter(material=mine).count() == 1

    page.goto(f"{live_server.url}/cycles/{demo.pk}/")  # a second visit goes on with the same material
    page.locator("#step-materials").get_by_role("link", name="继续写我的个人材料").click()
    expect(page).to_have_url(f"{live_server.url}/materials/{mine.pk}/edit/")
    page.goto(f"{live_server.url}/materials/{mine.pk}/")
    page.get_by_role("link", name="发言提纲").click()
    page.get_by_role("button", name="生成发言提纲").click()
    preview = page.locator("#outline-preview")
    expect(preview).to_contain_text("（一）学习方面。一是我理论学习不够系统。")
    expect(page.locator("#outline-pages")).to_have_text("约1页")

    page.get_by_label("要点（每行一条）").first.fill("一是我理论学习不够系统、不够深入。")
    page.get_by_role("button", name="保存提纲").click()
    expect(page.locator(".messages")).to_contain_text("已保存发言提纲。")  # the POST has landed
    page.reload()
    expect(preview).to_contain_text("一是我理论学习不够系统、不够深入。")
    assert SpeechOutline.objects.get(material=mine).sections[0]["points"] == ["我理论学习不够系统、不够深入。"]
    with page.expect_download() as download:
        page.get_by_role("link", name="打印发言提纲 PDF").click()
    assert download.value.suggested_filename == "发言提纲-陈静-2022.pdf"

    page.goto(f"{live_server.url}/materials/{mine.pk}/review/")  # submitted to the branch (orglife.review)
    page.get_by_role("button", name="报送审核").click()
    expect(page.locator(".review-banner")).to_contain_text("材料已报送，正在审核。")

    log_out(page)
    log_in(page, "secretary")
    page.goto(f"{live_server.url}/cycles/{demo.pk}/review/personal/")
    row = page.locator("tbody tr", has_text="陈静")
    expect(row.locator(".review-state")).to_have_text("已报送")
    expect(row.get_by_role("link", name="审核")).to_have_attribute("href", f"/materials/{mine.pk}/review/")

    log_out(page)
    log_in(page, "zhaolei")
    assert page.goto(f"{live_server.url}/materials/{mine.pk}/outline/").status == 404


@pytest.mark.django_db(transaction=True)
def test_the_secretary_records_the_missing_talk_and_the_coverage_completes(live_server, page, demo, log_in, log_out):
    log_in(page, "secretary")
    page.goto(f"{live_server.url}/cycles/{demo.pk}/")
    talks = page.locator("#step-talks")
    expect(talks.locator(".step-state")).to_have_text("应谈11人次，已谈10人次")
    talks.get_by_role("link", name="还有1人次未谈，查看待谈").click()
    expect(page.locator("#talk-counts")).to_have_text("应谈 11 人次，已谈 10 人次，未谈 1 人次；共记录谈话 12 次。")
    expect(page.locator(".talk-todo li")).to_have_text(["王强 — 吴悦 （支委与联系的党员） 记录"])

    page.locator(".talk-todo").get_by_role("link", name="记录").click()
    page.get_by_label("谈话日期").fill("2022-11-18")
    page.get_by_label("谈话地点").fill("会议室")
    page.get_by_label("谈话内容").fill("谈预备党员转正前的学习和工作。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("谈心谈话记录")
    expect(page.locator(".facts")).to_contain_text("王强")
    assert Talk.objects.filter(cycle=demo).count() == 13

    page.goto(f"{live_server.url}/cycles/{demo.pk}/talks/coverage/")
    expect(page.locator("#talk-counts")).to_have_text("应谈 11 人次，已谈 11 人次，未谈 0 人次；共记录谈话 13 次。")
    expect(page.locator(".op-note")).to_have_text("应谈的都已谈到。")
    page.goto(f"{live_server.url}/cycles/{demo.pk}/")
    expect(page.locator("#step-talks .step-state")).to_have_text("应谈11人次，已谈11人次")

    log_out(page)
    log_in(page, "wuyue")
    page.goto(f"{live_server.url}/cycles/{demo.pk}/talks/")
    expect(page.locator(".talk-list tbody tr")).to_have_count(2)  # her talks with the secretary and with 王强

import re

import pytest
from playwright.sync_api import expect

from orglife.models import Material, Problem
from orglife.services.demo import load_demo


def log_in(page, base_url: str, username: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("orglife2022")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的党组织")).to_be_visible()


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    return Material.objects.get(cycle__year=2022)


@pytest.mark.django_db(transaction=True)
def test_add_edit_and_move_a_problem_under_study(live_server, page, demo):
    log_in(page, live_server.url, "secretary")
    study = demo.cycle.categories.get(name="学习")
    page.goto(f"{live_server.url}/materials/{demo.pk}/edit/")
    block = page.locator(f"#category-{study.pk}")

    block.locator("summary", has_text="添加问题").click()
    block.get_by_label("新问题").fill("学习笔记不全。比如2022年只记了3次。")
    block.get_by_role("button", name="添加").click()
    expect(block.locator(".part-problem")).to_have_count(4)
    new = Problem.objects.get(text="学习笔记不全。比如2022年只记了3次。")
    card = page.locator(f"#problem-{new.pk}")
    expect(card.locator(".ord")).to_have_text("四是")
    expect(page.locator("#preview")).to_contain_text("四是学习笔记不全。比如2022年只记了3次。")

    card.get_by_role("link", name="编辑").click()
    form = page.locator(f"form#problem-{new.pk}")
    form.get_by_label("问题").fill("学习笔记不全。比如2022年只记了2次。")
    form.get_by_role("button", name="保存").click()
    expect(card).to_contain_text("只记了2次")
    expect(page.locator("#preview")).to_contain_text("四是学习笔记不全。比如2022年只记了2次。")

    card.get_by_role("button", name="上移").click()
    expect(page.locator(f"#problem-{new.pk} .ord")).to_have_text("三是")
    expect(block.locator(".part-problem .ord")).to_have_text(["一是", "二是", "三是", "四是"])
    expect(page.locator("#preview")).to_contain_text("三是学习笔记不全。比如2022年只记了2次。四是在推动党建工作")
    assert Problem.objects.get(pk=new.pk).position == 3


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_the_same_problem_see_a_conflict(live_server, browser, demo):
    problem = Problem.objects.filter(material=demo).order_by("category__position", "position").first()
    pages = []
    for username in ("secretary", "liuhong"):
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(10_000)
        log_in(page, live_server.url, username)
        page.goto(f"{live_server.url}/materials/{demo.pk}/edit/")
        page.locator(f"#problem-{problem.pk}").get_by_role("link", name="编辑").click()
        pages.append(page)
    first, second = pages

    first.locator(f"form#problem-{problem.pk}").get_by_label("问题").fill("张书记改的版本。")
    first.locator(f"form#problem-{problem.pk}").get_by_role("button", name="保存").click()
    expect(first.locator(f"#problem-{problem.pk}")).to_contain_text("张书记改的版本。")

    second.locator(f"form#problem-{problem.pk}").get_by_label("问题").fill("刘红改的版本。")
    second.locator(f"form#problem-{problem.pk}").get_by_role("button", name="保存").click()

    conflict = second.locator(f"#problem-{problem.pk}.conflict")
    expect(conflict).to_contain_text("保存冲突")
    expect(conflict.locator(".theirs")).to_contain_text("张书记改的版本。")
    expect(conflict.locator(".mine textarea")).to_have_value("刘红改的版本。")
    assert Problem.objects.get(pk=problem.pk).text == "张书记改的版本。"

    conflict.get_by_role("button", name="保存我的版本").click()
    expect(second.locator(f"#problem-{problem.pk}.conflict")).to_have_count(0)
    expect(second.locator(f"#problem-{problem.pk} .part-text")).to_contain_text("刘红改的版本。")
    assert Problem.objects.get(pk=problem.pk).text == "刘红改的版本。"
    for page in pages:
        page.context.close()


@pytest.mark.django_db(transaction=True)
def test_unsaved_text_survives_a_reload(live_server, page, demo):
    log_in(page, live_server.url, "secretary")
    problem = Problem.objects.filter(material=demo).first()
    page.goto(f"{live_server.url}/materials/{demo.pk}/edit/")
    page.locator(f"#problem-{problem.pk}").get_by_role("link", name="编辑").click()
    page.locator(f"form#problem-{problem.pk}").get_by_label("问题").fill("写了一半还没保存")

    page.reload()

    form = page.locator(f"form#problem-{problem.pk}")
    expect(form.get_by_label("问题")).to_have_value("写了一半还没保存")
    expect(form.locator(".draft-note")).to_have_text("已恢复您上次未保存的内容。")
    assert not re.search("写了一半", Problem.objects.get(pk=problem.pk).text)


@pytest.mark.django_db(transaction=True)
def test_a_failed_save_keeps_the_text_and_says_so(live_server, page, demo):
    log_in(page, live_server.url, "secretary")
    problem = Problem.objects.filter(material=demo).first()
    page.goto(f"{live_server.url}/materials/{demo.pk}/edit/")
    page.locator(f"#problem-{problem.pk}").get_by_role("link", name="编辑").click()
    form = page.locator(f"form#problem-{problem.pk}")
    form.get_by_label("问题").fill("网络断了也不能丢的文字")
    page.route(f"**/edit/problem/{problem.pk}/", lambda route: route.abort())

    form.get_by_role("button", name="保存").click()

    expect(page.locator("#editor-alert")).to_have_text(
        "网络连接失败，未能保存。您输入的内容仍在页面上，也已保存在本机浏览器中，恢复网络后请再点保存。"
    )
    expect(form.get_by_label("问题")).to_have_value("网络断了也不能丢的文字")
    page.unroute(f"**/edit/problem/{problem.pk}/")
    form.get_by_role("button", name="保存").click()
    expect(page.locator(f"#problem-{problem.pk} .part-text")).to_contain_text("网络断了也不能丢的文字")


@pytest.mark.django_db(transaction=True)
def test_a_draft_restored_after_reload_still_detects_a_newer_save(live_server, page, demo):
    log_in(page, live_server.url, "secretary")
    problem = Problem.objects.filter(material=demo).first()
    page.goto(f"{live_server.url}/materials/{demo.pk}/edit/")
    page.locator(f"#problem-{problem.pk}").get_by_role("link", name="编辑").click()
    page.locator(f"form#problem-{problem.pk}").get_by_label("问题").fill("张书记的草稿。")
    Problem.objects.filter(pk=problem.pk).update(text="刘红在此期间保存的文字。")

    page.reload()
    form = page.locator(f"form#problem-{problem.pk}")
    expect(form.get_by_label("问题")).to_have_value("张书记的草稿。")
    form.get_by_role("button", name="保存").click()

    conflict = page.locator(f"#problem-{problem.pk}.conflict")
    expect(conflict.locator(".theirs")).to_contain_text("刘红在此期间保存的文字。")
    expect(conflict.locator(".mine textarea")).to_have_value("张书记的草稿。")
    assert Problem.objects.get(pk=problem.pk).text == "刘红在此期间保存的文字。"
    conflict.get_by_role("button", name="保存我的版本").click()
    expect(page.locator(f"#problem-{problem.pk}.conflict")).to_have_count(0)
    assert Problem.objects.get(pk=problem.pk).text == "张书记的草稿。"


@pytest.mark.django_db(transaction=True)
def test_a_draft_of_a_deleted_part_is_offered_after_reload(live_server, page, demo):
    log_in(page, live_server.url, "secretary")
    cause = demo.causes.first()
    page.goto(f"{live_server.url}/materials/{demo.pk}/edit/")
    page.locator(f"#cause-{cause.pk}").get_by_role("link", name="编辑").click()
    page.locator(f"form#cause-{cause.pk}").get_by_label("剖析").fill("还没保存的剖析。")
    cause.delete()

    page.reload()

    orphan = page.locator("#editor-alert .orphan-draft")
    expect(orphan.locator("textarea")).to_have_value("党性修养锤炼不够\n还没保存的剖析。")
    orphan.get_by_role("button", name="不再需要，丢弃").click()
    expect(orphan).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_a_deleted_problem_comes_back_with_undo(live_server, page, demo):
    log_in(page, live_server.url, "secretary")
    study = demo.cycle.categories.get(name="学习")
    second = Problem.objects.filter(material=demo, category=study).order_by("position")[1]
    page.goto(f"{live_server.url}/materials/{demo.pk}/edit/")
    block = page.locator(f"#category-{study.pk}")

    page.locator(f"#problem-{second.pk}").get_by_role("button", name="删除").click()
    expect(block.locator(".part-problem .ord")).to_have_text(["一是", "二是"])
    expect(block.locator("#undo-notice")).to_contain_text("已删除“政治功能发挥不充分。")
    block.get_by_role("button", name="撤销").click()

    expect(block.locator(".part-problem .ord")).to_have_text(["一是", "二是", "三是"])
    expect(block.locator(".part-problem").nth(1)).to_contain_text("政治功能发挥不充分。")
    expect(block.locator("#undo-notice")).to_have_count(0)
    expect(page.locator("#preview")).to_contain_text("二是政治功能发挥不充分。")
    assert Problem.objects.filter(material=demo, category=study).count() == 3

import pytest
from playwright.sync_api import expect

from orglife.demo import load_demo


@pytest.mark.django_db(transaction=True)
def test_secretary_logs_in_and_reads_the_demo_material(live_server, page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="登录").click()
    page.get_by_label("用户名").fill("secretary")
    page.get_by_label("密码").fill("orglife2022")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="临江区发展和改革局机关党支部").click()
    page.get_by_role("link", name="2022年“迎盛会、铸忠诚、强担当、创业绩”主题教育专题组织生活会").click()
    page.get_by_role("link", name="党支部班子2022年").click()

    # The material's page, not the cycle page the click left: all_inner_texts() would not wait.
    expect(page.locator("#document .doc-h1")).to_have_text(
        ["一、存在的问题", "二、产生问题的原因剖析", "三、今后努力方向和整改措施"], use_inner_text=True
    )
    assert page.locator("#document .doc-title").inner_text().startswith("党支部班子2022年")


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_a_chinese_error(live_server, page, settings):
    load_demo()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("secretary")
    page.get_by_label("密码").fill("wrong")
    page.get_by_role("button", name="登录").click()

    expect(page.locator("p.error")).to_have_text("用户名或密码不正确，请重新输入。", use_inner_text=True)


@pytest.mark.django_db(transaction=True)
def test_revisions_list_fits_360_px(live_server, browser, settings):
    """The seven-column list of revisions made the whole page 480 px wide on a phone."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("secretary")
    page.get_by_label("密码").fill("orglife2022")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="临江区发展和改革局机关党支部").click()
    page.get_by_role("link", name="2022年“迎盛会、铸忠诚、强担当、创业绩”主题教育专题组织生活会").click()
    page.locator("tr", has_text="班子对照检查材料").get_by_role("link", name="历史版本").click()

    widths = []
    for reason in ("第一稿", "第二稿"):
        page.get_by_label("把当前内容保存为一个版本").fill(reason)
        page.get_by_role("button", name="保存版本").click()
        # The POST redirects back to this list: measure the new page, loaded, not the old one.
        expect(page.locator(".messages")).to_have_text(f"已保存当前内容为历史版本（{reason}）。")
        page.wait_for_load_state()
        widths.append(page.evaluate("document.documentElement.scrollWidth"))
    page.reload()
    widths.append(page.evaluate("document.documentElement.scrollWidth"))
    pdf = page.get_by_role("link", name="下载PDF").first
    pdf.scroll_into_view_if_needed()

    assert widths == [360, 360, 360]
    assert page.locator("table.revisions tbody tr").count() == 4  # with the one frozen when the demo submitted it
    assert pdf.is_visible()
    context.close()

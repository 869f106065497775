"""Browser tests: Playwright for Python driving Debian's Chromium against the live server."""

import os
import re
import shutil

import pytest
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
# Playwright's sync API runs an event loop in this thread; our ORM calls in the test
# body are ordinary blocking calls and are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test` as root or `apt-get install chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


# Assertions wait as long as actions do (Playwright's own default is 5 s): on 2 busy
# cores a page that fires its presence, checks and preview requests at once can take longer.
expect.set_options(timeout=10_000)


@pytest.fixture
def page(browser):
    """A page whose test fails if Chromium reports a Content-Security-Policy violation."""
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert violations == []


@pytest.fixture
def log_in(live_server):
    """Log `page` in on the live server as a demo user (password orglife2022)."""
    from playwright.sync_api import expect

    def do(page, username: str) -> None:
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label("用户名", exact=True).fill(username)
        page.get_by_label("密码", exact=True).fill("orglife2022")
        page.get_by_role("button", name="登录").click()
        # A reviewer's home is the dashboard (审核总览), everyone else's their organisations.
        expect(page.get_by_role("heading", name=re.compile("^(我的党组织|组织生活会审核总览)$"))).to_be_visible()

    return do


@pytest.fixture
def log_out():
    """Log `page` out and wait for the login page the logout redirects to.

    A `goto` (or `log_in`) straight after the click could cut the logout's POST short.
    The button is matched exactly: 登录 alone also names the old page's 退出登录."""

    def do(page) -> None:
        page.get_by_role("button", name="退出登录").click()
        expect(page.get_by_role("button", name="登录", exact=True)).to_be_visible()

    return do

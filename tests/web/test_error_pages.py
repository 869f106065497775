"""The pages Django answers on its own: a refused CSRF token and a server error.

Both were Django's built-in pages: the CSRF one with an inline <style> (refused by the
CSP) telling the user to "set DEBUG=True", the 500 an English "Server Error (500)".
"""

from django.test import Client
from django.urls import path


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom)]  # without the app's URLs: the 500 page must still render


def test_a_stale_form_gets_a_chinese_page_that_says_what_to_do(db):
    """A login page left open in a second tab: the first tab's login changed the token."""
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "member", "password": "pw"}, HTTP_REFERER="http://testserver/accounts/login/"
    )
    html = response.content.decode()

    assert response.status_code == 403
    assert "<h1>页面已过期，未能提交</h1>" in html
    assert "这个页面打开后，您或别人在本浏览器中登录或退出过，所以刚才的提交没有被接受。" in html
    assert '<a href="/">返回我的党组织</a>' in html
    assert ("<style" in html, "style=" in html, "DEBUG" in html) == (False, False, False)


def test_a_server_error_gets_a_chinese_page(db, settings):
    settings.ROOT_URLCONF = __name__

    response = Client(raise_request_exception=False).get("/boom/")
    html = response.content.decode()

    assert response.status_code == 500
    assert "<h1>服务器出错了</h1>" in html
    assert "刚才的操作没有完成。请稍后重试；如果一再出现，请联系系统管理员。" in html
    assert '<a href="/">返回我的党组织</a>' in html
    assert ("<style" in html, "style=" in html, "Server Error" in html) == (False, False, False)

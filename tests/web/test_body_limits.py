"""Request bodies are refused by their declared length before anything reads them."""

from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from orglife.models import User

TOO_BIG = "本页最多接收 {limit}，这次提交的内容超过了，没有被接收。请返回上一页，减少内容或换一个较小的文件后重新提交。"
NO_LENGTH = "这次提交没有注明内容的长度，没有被接收。请返回上一页重新提交。"
MULTIPART = "multipart/form-data; boundary=xyz"


class UnreadableInput:
    """A wsgi.input that fails the test if anything reads from it."""

    def __init__(self):
        self.reads = 0

    def read(self, *args):
        self.reads += 1
        raise AssertionError("the body was read")

    readline = read


def _post_declaring(client, url: str, length: int, **extra):
    body = UnreadableInput()
    response = client.generic(
        "POST", url, b"", content_type=MULTIPART, CONTENT_LENGTH=str(length), **{"wsgi.input": body}, **extra
    )
    return response, body.reads


def _paragraph(text: str) -> str:
    return f"<p>{text}</p>"


def _text(response) -> str:
    return response.content.decode()


def test_an_anonymous_300_mb_post_to_the_public_form_is_refused_unread(client, campaign):
    response, reads = _post_declaring(client, reverse("opinion_form", args=[campaign.token]), 300 * 1024 * 1024)

    assert (response.status_code, reads) == (413, 0)
    assert _paragraph(TOO_BIG.format(limit="512.0\xa0KB")) in _text(response)


@pytest.mark.parametrize("name", ["material_import", "personal_import"])
def test_a_members_300_mb_upload_is_refused_unread(world, client, name):
    client.force_login(world.member)

    response, reads = _post_declaring(client, reverse(name, args=[world.cycle.pk]), 300 * 1024 * 1024)

    assert (response.status_code, reads) == (413, 0)
    assert _paragraph(TOO_BIG.format(limit="10.2\xa0MB")) in _text(response)


def test_other_urls_take_at_most_one_megabyte(world, client):
    client.force_login(world.secretary)
    url = reverse("cycle_category_add", args=[world.cycle.pk])

    refused, reads = _post_declaring(client, url, 1024 * 1024 + 1)
    unknown, unknown_reads = _post_declaring(client, "/no/such/page/", 1024 * 1024 + 1)

    assert (refused.status_code, reads, unknown.status_code, unknown_reads) == (413, 0, 413, 0)
    assert _paragraph(TOO_BIG.format(limit="1.0\xa0MB")) in _text(refused)


def test_the_admin_takes_a_whole_material_but_its_login_does_not(db, client):
    client.force_login(User.objects.create_superuser(username="root", password="pw"))
    body = "title=" + "材" * (5 * 1024 * 1024 // 9)  # a 5 MB form, as the browser encodes it

    change = client.post("/admin/orglife/material/add/", body, content_type="application/x-www-form-urlencoded")
    login, login_reads = _post_declaring(Client(), "/admin/login/", len(body.encode()))

    # The add form was read: it answers with its own errors (no cycle chosen).
    assert (change.status_code, change.context["adminform"].form.errors["cycle"]) == (200, ["这个字段是必填项。"])
    assert (login.status_code, login_reads) == (413, 0)


def test_a_body_at_the_limit_is_read_and_one_byte_more_is_not(client, campaign):
    url = reverse("opinion_form", args=[campaign.token])
    category = str(campaign.categories.get(name="工作").pk)

    def post(text: str, length: int):
        body = urlencode({"source": "served", "category": category, "text": text}) + "&padding="
        return client.post(url, body + "x" * (length - len(body)), content_type="application/x-www-form-urlencoded")

    at_limit = post("食堂排队太久，希望错峰开饭。", 512 * 1024)
    over = post("请按时公开支部账目。", 512 * 1024 + 1)

    assert (at_limit.status_code, over.status_code) == (302, 413)


def test_a_body_without_a_length_is_refused_unread(client, campaign):
    body = UnreadableInput()
    # What a server passes for Transfer-Encoding: chunked: no CONTENT_LENGTH at all.
    environ = {"wsgi.input": body, "HTTP_TRANSFER_ENCODING": "chunked", "CONTENT_LENGTH": ""}

    response = client.generic("POST", reverse("opinion_form", args=[campaign.token]), b"", MULTIPART, **environ)

    assert (response.status_code, body.reads) == (411, 0)
    assert _paragraph(NO_LENGTH) in _text(response)


def test_django_keeps_uploads_within_the_import_limit_in_memory():
    assert (
        django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
        django_settings.BODY_LIMITS,
        django_settings.BODY_LIMIT_DEFAULT,
    ) == (
        10_747_904,
        10_747_904,
        {
            "opinion_form": 524_288,
            "material_import": 10_747_904,
            "personal_import": 10_747_904,
            "admin:": 10_747_904,
            "admin:login": 1_048_576,
            "ledger_progress_add": 21_233_664,  # 4 evidence files of 5 MB and the note
        },
        1_048_576,
    )

"""The opinion summary and poster are printed by the one print engine: its fonts,
its render lock and child queue, its safe fetcher and its cache (issue 12)."""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import weasyprint
from django.urls import reverse
from pypdf import PdfReader

from orglife.opinions.pdf import poster_pdf, summary_pdf
from orglife.opinions.publishing import current_summary
from orglife.printing import pdf

POSTER_URL = "https://orglife.example.org/o/abc/"


def font_families(content: bytes) -> set[str]:
    """The family of every font embedded in the PDF, without the subset tag (ABCDEF+)."""
    reader = PdfReader(io.BytesIO(content))
    fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
    names = {str(font["/BaseFont"]) for font in fonts}
    return {name.split("+", 1)[1] for name in names}


def printed_text(content: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)


def summary_of(campaign) -> bytes:
    return summary_pdf(campaign=campaign, summary=current_summary(campaign))


@pytest.fixture
def local_server():
    """An HTTP server on 127.0.0.1 that records every path asked of it."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"p { color: red }")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()
    thread.join()


def test_summary_pdf_without_official_fonts_uses_the_fallbacks_of_the_official_stack(triaged):
    assert font_families(summary_of(triaged)) == {"Noto-Serif-CJK-SC-Bold", "Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"}


def test_summary_pdf_uses_the_official_fonts_from_the_font_folder(triaged, official_font):
    official_font("xbs.ttf", "方正小标宋简体", "FakeXBS", text="意见建议汇总表")
    official_font("fs.ttf", "仿宋_GB2312", "FakeFangSong", text="第一党支部征求对班子的意见学习笔记抄多想少")
    official_font("hei.ttf", "黑体", "FakeHei", text="序号方面意见建议来源分类统计")
    official_font("song.ttf", "宋体", "FakeSong", text="0123456789/ ")

    families = font_families(summary_of(triaged))

    # 小标宋 is one heavy face, registered as the bold the title asks for.
    assert {"方正小标宋简体-Bold", "仿宋_GB2312", "黑体", "宋体"} <= families


def test_poster_pdf_uses_the_official_fonts_from_the_font_folder(triaged, official_font):
    official_font("xbs.ttf", "方正小标宋简体", "FakeXBS", text="专题组织生活会征求意见")
    official_font("fs.ttf", "仿宋_GB2312", "FakeFangSong", text="第一党支部征求对班子的意见建议")
    official_font("hei.ttf", "黑体", "FakeHei", text="请用微信扫一扫填写意见建议")

    families = font_families(poster_pdf(campaign=triaged, url=POSTER_URL))

    assert {"方正小标宋简体-Bold", "仿宋_GB2312", "黑体"} <= families


def test_summary_pdf_second_call_is_served_from_the_cache_until_an_opinion_changes(triaged, submit, render_calls):
    first, second = summary_of(triaged), summary_of(triaged)
    submit("食堂饭菜价格偏高。", category="生活")
    third = summary_of(triaged)

    assert [job.document.name for job in render_calls] == ["opinion-summary", "opinion-summary"]
    assert first == second != third
    assert "食堂饭菜价格偏高。" in printed_text(third)


def test_poster_pdf_second_call_is_served_from_the_cache(triaged, render_calls):
    first, second = poster_pdf(campaign=triaged, url=POSTER_URL), poster_pdf(campaign=triaged, url=POSTER_URL)

    assert ([job.document.name for job in render_calls], first == second) == (["opinion-poster"], True)


def test_two_concurrent_summary_renders_never_run_weasyprint_at_once(triaged, monkeypatch):
    summary = current_summary(triaged)
    triaged.cycle.branch.name  # the threads print from these objects, without the test's database  # noqa: B018
    state = {"running": 0, "most": 0, "renders": 0}
    guard = threading.Lock()
    write_pdf = weasyprint.HTML.write_pdf

    def counted(self, *args, **kwargs):
        with guard:
            state["running"] += 1
            state["renders"] += 1
            state["most"] = max(state["most"], state["running"])
        try:
            time.sleep(0.3)  # a second render that did not wait its turn would start meanwhile
            return write_pdf(self, *args, **kwargs)
        finally:
            with guard:
                state["running"] -= 1

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counted)
    start = threading.Barrier(2)
    results: list[bytes] = []

    def print_summary():
        start.wait()
        results.append(summary_pdf(campaign=triaged, summary=summary))

    threads = [threading.Thread(target=print_summary) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert (state["renders"], state["most"]) == (2, 1)
    assert [printed_text(content).startswith("意见建议汇总表第一党支部") for content in results] == [True, True]


def test_campaign_summary_pdf_waiting_past_wait_seconds_answers_503_with_the_reason(
    world, client_for, triaged, monkeypatch, render_lock_held
):
    monkeypatch.setattr(pdf, "WAIT_SECONDS", 0.1)

    response = client_for(world.secretary).get(reverse("campaign_summary_pdf", args=[triaged.pk]))

    html = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (503, "10")
    assert '<p class="error" role="alert">正在生成其他PDF，请稍后再试（可以先下载Excel汇总表）。</p>' in html
    back, excel = reverse("campaign_mine", args=[triaged.pk]), reverse("campaign_summary_xlsx", args=[triaged.pk])
    assert f'<p><a href="{back}">返回征求意见</a>　<a href="{excel}">汇总表（Excel）</a></p>' in html


def test_campaign_poster_waiting_past_wait_seconds_answers_503(
    world, client_for, triaged, monkeypatch, render_lock_held
):
    monkeypatch.setattr(pdf, "WAIT_SECONDS", 0.1)

    response = client_for(world.member).get(reverse("campaign_poster", args=[triaged.pk]))

    assert response.status_code == 503
    assert '<p class="error" role="alert">正在生成其他PDF，请稍后再试。</p>' in response.content.decode()


def test_long_summary_renders_in_a_child_while_the_render_lock_is_held(
    world, client_for, triaged, monkeypatch, render_lock_held
):
    monkeypatch.setattr(pdf, "IN_PROCESS_CHARS", 20)

    response = client_for(world.secretary).get(reverse("campaign_summary_pdf", args=[triaged.pk]))

    assert (response.status_code, pdf._render_lock.locked()) == (200, True)
    content = response.content
    assert "1学习学习笔记抄多想少。党员1待处理" in printed_text(content)
    assert font_families(content) == {"Noto-Serif-CJK-SC-Bold", "Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"}


def test_summary_pdf_prints_markup_in_an_opinion_literally_and_fetches_nothing(triaged, submit, local_server):
    base, asked = local_server
    hostile = f'<img src="{base}/opinion.png"><link rel="attachment" href="file:///etc/passwd">'
    submit(hostile, category="工作")

    content = summary_of(triaged)

    assert asked == []
    assert "".join(hostile.split()) in printed_text(content)
    assert (PdfReader(io.BytesIO(content)).attachments, b"root:x:0:0" in content) == ({}, False)


def test_a_template_that_tries_to_fetch_renders_without_fetching(db, settings, tmp_path, local_server, caplog):
    base, asked = local_server
    (tmp_path / "hostile.html").write_text(
        '<html><head><link rel="attachment" href="file:///etc/passwd">'
        f'<link rel="stylesheet" href="{base}/x.css"></head>'
        '<body><p>正文</p><img src="http://example.com/logo.png"><img src="file:///etc/hostname"></body></html>',
        encoding="utf-8",
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]

    with caplog.at_level("ERROR", logger="weasyprint"):
        content = pdf.render_pdf(document=pdf.Document("plain", stylesheets=()), template="hostile.html", context={})

    assert asked == []
    assert (PdfReader(io.BytesIO(content)).attachments, b"root:x:0:0" in content) == ({}, False)
    assert printed_text(content) == "正文"
    refused = {"file:///etc/passwd", f"{base}/x.css", "http://example.com/logo.png", "file:///etc/hostname"}
    assert {url for url in refused if f"打印时不允许读取：{url}" in caplog.text} == refused

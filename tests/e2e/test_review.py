"""The review in a browser: submit, comment on two parts, return, see the comments in the
editor, edit, resolve, resubmit, see the diff, approve; then the editor refuses edits."""

import pytest
from playwright.sync_api import expect

from orglife.demo import load_demo
from orglife.models import Cause, Material, Notification, Problem, Review


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    Review.objects.all().delete()  # the demo submits it: this test starts from a draft
    Notification.objects.all().delete()
    return Material.objects.get(cycle__year=2022, kind=Material.Kind.COMMITTEE)


@pytest.mark.django_db(transaction=True)
def test_submit_comment_return_resolve_resubmit_and_approve(live_server, page, demo, log_in, log_out):
    review_url = f"{live_server.url}/materials/{demo.pk}/review/"
    problem = Problem.objects.filter(material=demo).order_by("category__position", "position").first()
    cause = Cause.objects.filter(material=demo).order_by("position").first()

    log_in(page, "secretary")
    page.goto(review_url)
    page.get_by_role("button", name="报送审核").click()
    expect(page.locator("#review-state")).to_have_text("已报送")
    expect(page.get_by_role("button", name="报送审核")).to_have_count(0)  # not twice
    log_out(page)

    log_in(page, "reviewer")
    expect(page.locator("#queue-link")).to_contain_text("审核 1")
    page.locator("#queue-link").click()
    page.get_by_role("link", name=demo.title).click()
    for part, text in ((f"problem-{problem.pk}", "要写出具体事例。"), (f"cause-{cause.pk}", "原因要联系本支部实际。")):
        card = page.locator(f"#review-{part}")
        card.locator("summary", has_text="提出意见").click()
        card.get_by_label("审核意见").fill(text)
        card.get_by_role("button", name="保存意见").click()
        expect(page.locator(f"#review-{part} .review-comment")).to_contain_text(text)
    whole = page.locator("#submitted-parts > form")
    whole.get_by_label("审核意见").fill("审核人之间：整体尚可。")
    whole.get_by_label("仅审核人可见（不退回给支部）").check()
    whole.get_by_role("button", name="保存意见").click()
    # A click on 退回修改 while this POST is under way would cancel it.
    expect(page.locator(".messages")).to_have_text("已对“整体”提出审核意见。")
    page.get_by_role("button", name="退回修改").click()
    expect(page.locator("#review-state")).to_have_text("退回修改")
    log_out(page)

    log_in(page, "secretary")
    expect(page.locator("#unread-count")).to_have_text("1")
    page.goto(f"{live_server.url}/materials/{demo.pk}/edit/")
    expect(page.locator("#review-banner")).to_contain_text("退回修改，审核意见2条")
    comments = page.locator("#review-comments .review-comment")
    expect(comments).to_have_count(2)  # the internal one stays with the reviewers
    expect(comments.nth(0)).to_contain_text("要写出具体事例。")
    expect(page.locator(f"#problem-{problem.pk}")).to_have_class("part part-problem has-review-comment review-open")
    card = page.locator(f"#problem-{problem.pk}")
    card.get_by_role("link", name="编辑").click()
    form = page.locator(f"form#problem-{problem.pk}")
    form.get_by_label("问题").fill("对意识形态工作重视不够。比如2022年只专题研究了1次。")
    form.get_by_role("button", name="保存").click()
    expect(card).to_contain_text("只专题研究了1次")
    for n in range(2):
        page.locator("#review-comments .review-comment").nth(n).get_by_role("button", name="标记为已解决").click()
        # Each is a POST and a new page: the next click must not land on the page this one leaves.
        expect(page.locator("#review-comments .tag.ok")).to_have_count(n + 1)
    expect(page.locator("#review-comments .tag.ok")).to_have_count(2)
    page.reload()
    expect(page.locator("#review-comments .tag.ok")).to_have_count(2)
    page.get_by_role("link", name="去重新报送").click()
    page.get_by_role("button", name="重新报送审核").click()
    expect(page.locator("#review-state")).to_have_text("已报送")
    log_out(page)

    log_in(page, "reviewer")
    page.goto(review_url)
    changes = page.locator("#changes")
    expect(changes.locator("article p")).to_have_count(1)  # one paragraph changed, marked by character
    expect(changes.locator("article ins", has_text="2022年只专题")).to_have_count(1)
    expect(changes.locator("article del", has_text="缺乏对思想动态的深层次")).to_have_count(1)
    expect(changes.locator(".review-earlier .tag.ok")).to_have_count(2)
    expect(changes.locator(".review-earlier")).to_have_count(3)  # the reviewers see their internal one too
    page.get_by_role("button", name="审核通过").click()
    expect(page.locator("#review-state")).to_have_text("审核通过")
    expect(page.get_by_role("button", name="审核通过")).to_have_count(0)
    log_out(page)

    log_in(page, "secretary")
    page.goto(f"{live_server.url}/materials/{demo.pk}/edit/")
    expect(page.get_by_role("heading", name="没有权限")).to_be_visible()
    expect(page.locator("main")).to_contain_text("审核通过的版本不能再修改")
    page.goto(f"{live_server.url}/materials/{demo.pk}/")
    expect(page.get_by_role("link", name="编辑", exact=True)).to_have_count(0)
    page.goto(f"{live_server.url}/cycles/{demo.cycle.pk}/")
    expect(page.locator("#step-review .step-state")).to_contain_text("审核通过")
    assert Review.objects.get(material=demo).transitions.count() == 4

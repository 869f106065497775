import datetime

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from orglife.models import Opinion, OpinionSignature, SealedItem, SubmissionMarker
from orglife.opinions.services import release_all_now


def _url(campaign) -> str:
    return reverse("opinion_form", args=[campaign.token])


def _received() -> int:
    """How many submissions were stored: opinions, and anonymous ones still sealed."""
    return Opinion.objects.count() + SealedItem.objects.count()


def _released(campaign) -> list[Opinion]:
    with transaction.atomic():
        return release_all_now(campaign=campaign)


def _post(client, campaign, **data):
    fields = {"source": "masses", "category": str(campaign.categories.get(name="思想").pk), "text": "请多听群众意见。"}
    return client.post(_url(campaign), fields | data)


def test_form_shows_what_is_asked_without_login(client, campaign):
    response = client.get(_url(campaign))

    html = response.content.decode()
    assert response.status_code == 200
    assert [name for name in response.context["form"].fields] == ["source", "category", "text", "homepage"]
    assert "征求对党支部班子的意见建议" in html and 'name="signed"' not in html


def test_form_names_the_site_icon(client, campaign):
    html = client.get(_url(campaign)).content.decode()

    assert html.count(f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">') == 1


def test_post_anonymous_stores_the_opinion_and_redirects_to_thanks(client, campaign):
    response = _post(client, campaign)

    assert (response.status_code, response["Location"]) == (302, reverse("opinion_thanks", args=[campaign.token]))
    assert (Opinion.objects.count(), SealedItem.objects.count()) == (0, 1)
    assert [(o.source, o.text) for o in _released(campaign)] == [("masses", "请多听群众意见。")]
    assert ("sessionid" in response.cookies, Session.objects.count()) == (False, 0)
    thanks = client.get(response["Location"])
    assert (thanks.status_code, "提交成功，感谢您的意见建议！" in thanks.content.decode()) == (200, True)


def test_post_by_a_member_is_党员_and_may_be_signed(client_for, world, campaign):
    client = client_for(world.member)
    form = client.get(_url(campaign)).context["form"]

    response = _post(client, campaign, source="masses", signed="on")

    assert ("source" in form.fields, form.fields["signed"].label) == (False, "署名提交（署名：王党员）")
    assert response.status_code == 302
    assert Opinion.objects.get().source == "member"
    assert OpinionSignature.objects.get().author == world.member


def test_member_second_visit_is_told_they_already_submitted(client_for, world, campaign):
    client = client_for(world.member)
    _post(client, campaign)

    again = client.get(_url(campaign))
    refused = _post(client, campaign, text="第二条意见。")

    assert "您已经提交过意见" in again.content.decode()
    assert refused.status_code == 200 and "您已经提交过意见" in refused.content.decode()
    assert (_received(), SubmissionMarker.objects.count()) == (1, 1)


def test_post_honeypot_filled_is_rejected(client, campaign):
    response = _post(client, campaign, homepage="http://spam.example")

    assert response.status_code == 400
    assert response.context["form"].errors == {"__all__": ["提交未成功，请刷新页面后重试。"]}
    assert _received() == 0


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "请填写意见建议。"),
        ("太短", "请至少写5个字。"),
        ("长" * 1001, "意见建议最多1000字，您写了1001字，请删减1字后再提交。您写的内容都还在下面的框里。"),
    ],
)
def test_post_text_length_limits(client, campaign, text, error):
    response = _post(client, campaign, text=text)

    assert (response.status_code, response.context["form"].errors["text"]) == (400, [error])
    assert _received() == 0


def test_post_rejects_a_source_the_campaign_does_not_ask(client, campaign):
    campaign.sources = ["member", "masses"]
    campaign.save()

    response = _post(client, campaign, source="higher")

    assert response.status_code == 400 and _received() == 0


def test_sixth_post_within_a_minute_from_one_ip_gets_429(client, campaign, settings):
    settings.OPINION_RATE_LIMIT = (5, 60)
    codes = [_post(client, campaign, text=f"第{n}条意见建议。").status_code for n in range(6)]

    other = Client(REMOTE_ADDR="10.0.0.9")
    assert codes == [302, 302, 302, 302, 302, 429]
    assert "提交太频繁，请一分钟后再试；您填写的内容仍在下面。" in _post(client, campaign).content.decode()
    assert _post(other, campaign).status_code == 302
    assert _received() == 6


def test_rate_limit_can_be_switched_off(client, campaign, settings):
    settings.OPINION_RATE_LIMIT = None

    assert {_post(client, campaign, text=f"第{n}条意见建议。").status_code for n in range(8)} == {302}


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(-10, -1, "本次征求意见已经结束"), (2, 9, "本次征求意见尚未开始")],
    ids=["closed", "not-yet-open"],
)
def test_campaign_outside_its_dates_refuses_with_a_clear_page(client, campaign, today, opens, closes, message):
    campaign.opens_on = today + datetime.timedelta(days=opens)
    campaign.closes_on = today + datetime.timedelta(days=closes)
    campaign.save()

    shown, posted = client.get(_url(campaign)), _post(client, campaign)

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert message in shown.content.decode() and message in posted.content.decode()
    assert _received() == 0


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("opinion_form", args=["nope"])).status_code == 404


def test_post_without_csrf_token_is_refused(campaign):
    client = Client(enforce_csrf_checks=True)

    response = _post(client, campaign)

    assert (response.status_code, _received()) == (403, 0)


def test_form_offers_other_after_the_campaign_categories_and_ticks_it(client, campaign):
    response = client.get(_url(campaign))

    assert [label for _, label in response.context["form"].fields["category"].choices] == [
        "思想",
        "学习",
        "工作",
        "生活",
        "其他",
    ]
    assert '<input type="radio" name="category" value="" id="id_category_4" checked>' in response.content.decode()


def test_form_page_renders_every_choice_as_a_radio(client, campaign):
    html = client.get(_url(campaign)).content.decode()

    assert (html.count('type="radio" name="source"'), html.count('type="radio" name="category"')) == (4, 5)


def test_post_without_a_category_is_filed_under_other(client, campaign):
    assert _post(client, campaign, category="").status_code == 302
    assert [opinion.category for opinion in _released(campaign)] == [None]


@pytest.mark.django_db(transaction=True)
def test_a_category_deleted_after_the_form_was_cached_gives_the_form_back_with_the_text(world, campaign):
    client = Client()
    gone = campaign.categories.get(name="生活")
    gone_pk = gone.pk
    client.get(_url(campaign))  # this process now keeps the campaign, 生活 included
    campaign.categories.remove(gone)
    gone.delete()  # behind the cache's back, as another process would
    typed = "生活方面：食堂饭菜太咸。"

    response = client.post(_url(campaign), {"source": "masses", "category": str(gone_pk), "text": typed})

    html = response.content.decode()
    assert response.status_code == 400
    assert "您选择的意见方面刚刚被取消，请重新选择后再提交。" in html and f">\n{typed}</textarea>" in html
    assert [label for _, label in response.context["form"].fields["category"].choices] == [
        "思想",
        "学习",
        "工作",
        "其他",
    ]
    assert _received() == 0


def test_over_long_text_is_refused_and_comes_back_whole(client, campaign):
    pasted = "".join(f"第{n:04d}句：办事排队时间太久。" for n in range(625))  # 16 × 625 = 10,000

    response = _post(client, campaign, text=pasted)

    html = response.content.decode()
    assert (len(pasted), response.status_code) == (10_000, 400)
    assert response.context["form"].errors["text"] == [
        "意见建议最多1000字，您写了10000字，请删减9000字后再提交。您写的内容都还在下面的框里。"
    ]
    assert f">\n{pasted}</textarea>" in html
    assert _received() == 0


def test_text_box_has_no_maxlength_and_shows_the_limit(client, campaign):
    html = client.get(_url(campaign)).content.decode()

    assert "maxlength" not in html
    assert '<p class="op-count" id="text-count" aria-live="polite">最多1000字</p>' in html
    assert '<script src="/static/js/opinion-form.js" defer></script>' in html


def test_line_breaks_count_once_as_the_page_counts_them(client, campaign):
    text = "会议太多。\r\n" * 142 + "会议太长"  # 7 × 142 + 4 = 998 with LF, 1140 with CRLF

    response = _post(client, campaign, text=text)

    assert response.status_code == 302
    assert [opinion.text for opinion in _released(campaign)] == [text.replace("\r\n", "\n")]

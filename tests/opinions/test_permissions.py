"""Who may do what, endpoint by endpoint. Opinions are for the committee until the
meeting reads them out: the committee sees the board and the working summary and
writes; members and reviewers get 403 there, and read their own signed opinions and
the summary once it is published; outsiders get 404, anonymous visitors are sent
to log in; only the public form is open to all."""

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from orglife.models import Campaign, Opinion
from orglife.opinions.publishing import summary_publish, summary_withdraw
from orglife.opinions.services import opinion_merge

USERS = ("secretary", "committee", "member", "reviewer", "outsider")
READ = {"secretary": 200, "committee": 200, "member": 200, "reviewer": 200, "outsider": 404}
COMMITTEE = {"secretary": 200, "committee": 200, "member": 403, "reviewer": 403, "outsider": 404}
PUBLISHED = ("published_summary_xlsx", "published_summary_pdf")


@pytest.fixture
def target(campaign, submit):
    return submit("一条意见建议。")


def _codes(world, client_for, method: str, url: str, data: dict | None = None) -> dict[str, int]:
    codes = {}
    for name in USERS:
        client = client_for(getattr(world, name))
        codes[name] = getattr(client, method)(url, data or {}).status_code
    return codes


@pytest.mark.parametrize("name", ["campaign_poster", "campaign_mine"])
def test_read_endpoints_of_a_campaign(world, client_for, campaign, name):
    assert _codes(world, client_for, "get", reverse(name, args=[campaign.pk])) == READ


@pytest.mark.parametrize("name", ["campaign", "campaign_summary_xlsx", "campaign_summary_pdf"])
def test_board_and_working_summary_are_for_the_committee_only(world, client_for, campaign, target, name):
    assert _codes(world, client_for, "get", reverse(name, args=[campaign.pk])) == COMMITTEE


def _said(name: str, content: bytes) -> list:
    if name.endswith("xlsx"):
        book = load_workbook(BytesIO(content))
        return [list(row) for sheet in book for row in sheet.iter_rows(values_only=True)]
    return [page.extract_text() for page in PdfReader(BytesIO(content)).pages]


@pytest.mark.parametrize("name", PUBLISHED)
def test_published_summary_is_refused_to_everyone_before_publishing(world, client_for, campaign, target, name):
    codes = _codes(world, client_for, "get", reverse(name, args=[campaign.pk]))

    assert codes == {name: 404 if name == "outsider" else 403 for name in USERS}


@pytest.mark.parametrize("name", PUBLISHED)
def test_published_summary_is_read_by_the_branch_once_published_and_refused_after_withdrawal(
    world, client_for, campaign, target, name
):
    summary_publish(campaign=campaign, by=world.secretary)
    url = reverse(name, args=[campaign.pk])
    published = {user: client_for(getattr(world, user)).get(url) for user in USERS}
    summary_withdraw(campaign=campaign, by=world.committee)

    assert {user: response.status_code for user, response in published.items()} == READ
    # The files carry the time they were written: compare what they say.
    said = {user: _said(name, published[user].content) for user in ("secretary", "member", "reviewer")}
    assert said["member"] == said["secretary"] == said["reviewer"]
    assert "一条意见建议。" in "".join(str(part) for part in said["member"])
    assert _codes(world, client_for, "get", url) == {name: 404 if name == "outsider" else 403 for name in USERS}


def test_campaign_list(world, client_for, campaign):
    assert _codes(world, client_for, "get", reverse("campaign_list", args=[world.cycle.pk])) == READ


def test_campaign_create_page(world, client_for):
    codes = _codes(world, client_for, "get", reverse("campaign_create", args=[world.cycle.pk]))

    assert codes == {"secretary": 200, "committee": 200, "member": 403, "reviewer": 403, "outsider": 404}


def test_campaign_edit_page(world, client_for, campaign):
    codes = _codes(world, client_for, "get", reverse("campaign_edit", args=[campaign.pk]))

    assert codes == {"secretary": 200, "committee": 200, "member": 403, "reviewer": 403, "outsider": 404}


@pytest.mark.parametrize(
    ("name", "data", "committee_code"),
    [
        ("campaign_create", {"title": ""}, 200),  # the form again, with its errors
        ("campaign_edit", {"title": ""}, 200),
        ("campaign_merge", {}, 302),
        ("campaign_publish", {}, 302),
        ("campaign_withdraw", {}, 302),  # nothing published: the board with the message
    ],
)
def test_campaign_writes(world, client_for, campaign, name, data, committee_code):
    args = [world.cycle.pk] if name == "campaign_create" else [campaign.pk]

    codes = _codes(world, client_for, "post", reverse(name, args=args), data)

    assert codes == {
        "secretary": committee_code,
        "committee": committee_code,
        "member": 403,
        "reviewer": 403,
        "outsider": 404,
    }


@pytest.mark.parametrize("name", ["opinion_adopt", "opinion_answer", "opinion_decline", "opinion_separate"])
def test_opinion_writes(world, client_for, campaign, target, name):
    url = reverse(name, args=[campaign.pk, target.pk])

    codes = _codes(world, client_for, "post", url, {"response": "答复。"})

    assert codes == {"secretary": 302, "committee": 302, "member": 403, "reviewer": 403, "outsider": 404}


def _state(opinion: Opinion) -> tuple:
    opinion.refresh_from_db()
    return (opinion.status, opinion.response, opinion.problem_id, opinion.duplicate_of_id)


@pytest.fixture
def write(campaign, target, submit):
    """For each write: its URL and data, and the opinion it would change. Separating
    needs a merged opinion, so that one is merged into `target` first."""
    merged = submit("另一条相同的意见建议。")
    opinion_merge(primary=target, duplicates=[merged])
    standalone = submit("还有一条意见建议。")

    def make(name: str) -> tuple[str, dict, Opinion]:
        if name == "campaign_merge":
            data = {"primary": str(target.pk), "duplicates": [str(standalone.pk)]}
            return reverse(name, args=[campaign.pk]), data, standalone
        opinion = merged if name == "opinion_separate" else target
        data = {"problem": "", "new_category": "", "text": "新问题。", "response": "答复。"}
        return reverse(name, args=[campaign.pk, opinion.pk]), data, opinion

    return make


def _publication(campaign: Campaign) -> tuple:
    campaign.refresh_from_db()
    return (
        campaign.published_summary,
        campaign.summary_published_at,
        campaign.summary_published_by_id,
        campaign.summary_withdrawn_at,
        campaign.summary_withdrawn_by_id,
    )


@pytest.mark.parametrize("published", [False, True], ids=["publish", "withdraw"])
def test_refused_publishing_leaves_the_campaign_unchanged(world, client_for, campaign, target, published):
    if published:
        summary_publish(campaign=campaign, by=world.secretary)
    url = reverse("campaign_withdraw" if published else "campaign_publish", args=[campaign.pk])
    before = _publication(campaign)

    refused = {}
    for user in (world.member, world.reviewer, world.outsider):
        refused[user.username] = (client_for(user).post(url).status_code, _publication(campaign))
    committee_code = client_for(world.committee).post(url).status_code

    assert refused == {"member": (403, before), "reviewer": (403, before), "outsider": (404, before)}
    assert committee_code == 302 and _publication(campaign) != before


@pytest.mark.parametrize(
    "name", ["opinion_adopt", "opinion_answer", "opinion_decline", "opinion_separate", "campaign_merge"]
)
def test_refused_writes_leave_the_opinion_unchanged(world, client_for, write, name):
    url, data, opinion = write(name)
    before = _state(opinion)

    refused = {}
    for user in (world.member, world.reviewer, world.outsider):
        code = client_for(user).post(url, data).status_code
        refused[user.username] = (code, _state(opinion))
    committee_code = client_for(world.committee).post(url, data).status_code

    assert refused == {"member": (403, before), "reviewer": (403, before), "outsider": (404, before)}
    assert committee_code == 302 and _state(opinion) != before  # the same post does write for the committee


def test_opinion_of_another_campaign_is_404_through_this_one(world, client_for, campaign, target, today):
    from orglife.opinions.services import campaign_create

    other = campaign_create(
        cycle=world.cycle, title="另一次", opens_on=today, closes_on=today, sources=["masses"], categories=[]
    )

    response = client_for(world.secretary).post(
        reverse("opinion_answer", args=[other.pk, target.pk]), {"response": "x"}
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("campaign", "get"),
        ("campaign_summary_xlsx", "get"),
        ("campaign_mine", "get"),
        ("published_summary_pdf", "get"),
        ("campaign_merge", "post"),
        ("campaign_publish", "post"),
    ],
)
def test_anonymous_visitor_is_sent_to_log_in(client, campaign, name, method):
    response = getattr(client, method)(reverse(name, args=[campaign.pk]))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))


def test_public_form_is_open_to_everyone(world, client_for, campaign):
    codes = _codes(world, client_for, "get", reverse("opinion_form", args=[campaign.token]))

    assert codes | {"anonymous": Client().get(reverse("opinion_form", args=[campaign.token])).status_code} == {
        name: 200 for name in (*USERS, "anonymous")
    }


def test_write_methods_are_enforced(world, client_for, campaign, target):
    client = client_for(world.secretary)

    assert client.get(reverse("opinion_answer", args=[campaign.pk, target.pk])).status_code == 405
    assert client.post(reverse("campaign", args=[campaign.pk])).status_code == 405
    assert client.get(reverse("campaign_publish", args=[campaign.pk])).status_code == 405
    assert client.get(reverse("campaign_withdraw", args=[campaign.pk])).status_code == 405
    assert Opinion.objects.get().status == "pending"
    assert Campaign.objects.get().summary_published_at is None

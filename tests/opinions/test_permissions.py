"""Who may do what, endpoint by endpoint: the committee writes, members and reviewers
read (403 on writes), outsiders get 404, anonymous visitors are sent to log in;
only the public form is open to all."""

import pytest
from django.test import Client
from django.urls import reverse

from orglife.models import Opinion
from orglife.services.opinion import opinion_merge

USERS = ("secretary", "committee", "member", "reviewer", "outsider")
READ = {"secretary": 200, "committee": 200, "member": 200, "reviewer": 200, "outsider": 404}


@pytest.fixture
def target(campaign, submit):
    return submit("一条意见建议。")


def _codes(world, client_for, method: str, url: str, data: dict | None = None) -> dict[str, int]:
    codes = {}
    for name in USERS:
        client = client_for(getattr(world, name))
        codes[name] = getattr(client, method)(url, data or {}).status_code
    return codes


@pytest.mark.parametrize("name", ["campaign", "campaign_poster", "campaign_summary_xlsx", "campaign_summary_pdf"])
def test_read_endpoints_of_a_campaign(world, client_for, campaign, name):
    assert _codes(world, client_for, "get", reverse(name, args=[campaign.pk])) == READ


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
    from orglife.services.opinion import campaign_create

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
        ("campaign_merge", "post"),
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
    assert Opinion.objects.get().status == "pending"

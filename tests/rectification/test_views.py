import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from orglife.models import Evidence, LedgerItem, ProgressEntry
from tests.factories import PNG_BYTES, make_evidence, make_ledger_item, make_progress

DAY = datetime.timedelta(days=1)


@pytest.fixture
def item(world):
    return make_ledger_item(cycle=world.cycle, text="每月集中学习一次。", owner=world.member)


@pytest.mark.parametrize(("who", "expected"), [("member", 403), ("reviewer", 403), ("outsider", 404)])
def test_only_the_committee_checks_an_item_off(world, client_for, item, who, expected):
    response = client_for(getattr(world, who)).post(reverse("ledger_item_close", args=[item.pk]))

    item.refresh_from_db()
    assert (response.status_code, item.status, item.closed_by) == (expected, "not_started", None)


def test_the_secretary_checks_an_item_off(world, client_for, item):
    response = client_for(world.secretary).post(reverse("ledger_item_close", args=[item.pk]), follow=True)

    item.refresh_from_db()
    assert (item.status, item.closed_by) == ("closed", world.secretary)
    assert [str(m) for m in response.context["messages"]] == ["已销号：每月集中学习一次。"]
    assert '<span class="status ledger-closed" id="item-status">已销号</span>' in response.content.decode()


def test_the_owner_reports_progress_with_a_photo(world, client_for, item):
    photo = SimpleUploadedFile("现场.png", PNG_BYTES, content_type="image/png")

    response = client_for(world.member).post(
        reverse("ledger_progress_add", args=[item.pk]),
        {"on": timezone.localdate().isoformat(), "text": "已开展集中学习。", "files": [photo]},
    )

    assert response.status_code == 302
    entry = ProgressEntry.objects.get()
    assert (entry.author, entry.text, [f.name for f in entry.files.all()]) == (
        world.member,
        "已开展集中学习。",
        ["现场.png"],
    )


def test_a_refused_upload_keeps_the_note_and_says_why(world, client_for, item):
    page = SimpleUploadedFile("照片.jpg", b"<!DOCTYPE html><html><body>x</body></html>", content_type="image/jpeg")

    response = client_for(world.member).post(
        reverse("ledger_progress_add", args=[item.pk]),
        {"on": timezone.localdate().isoformat(), "text": "已开展集中学习。", "files": [page]},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "“照片.jpg”不是可接受的文件。" in html
    assert ">\n已开展集中学习。</textarea>" in html
    assert (ProgressEntry.objects.count(), Evidence.objects.count()) == (0, 0)


def test_another_member_may_not_report_progress(world, client_for, item):
    item.owner = world.committee
    item.save()

    response = client_for(world.member).post(
        reverse("ledger_progress_add", args=[item.pk]), {"on": timezone.localdate().isoformat(), "text": "x"}
    )

    assert (response.status_code, ProgressEntry.objects.count()) == (403, 0)


def test_evidence_is_served_as_an_attachment_that_is_never_sniffed(world, client_for, item):
    file = make_evidence(entry=make_progress(item=item, author=world.member), name="现场照片.png")

    response = client_for(world.reviewer).get(reverse("evidence_download", args=[file.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG_BYTES
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_evidence_of_another_branch_is_not_found(world, client_for, item):
    file = make_evidence(entry=make_progress(item=item, author=world.member))

    assert client_for(world.outsider).get(reverse("evidence_download", args=[file.pk])).status_code == 404


def test_the_evidence_url_is_not_the_storage_name(world, item):
    file = make_evidence(entry=make_progress(item=item, author=world.member))

    assert reverse("evidence_download", args=[file.pk]) == f"/ledger/evidence/{file.pk}/"
    assert file.key not in reverse("evidence_download", args=[file.pk])


def test_the_upload_url_accepts_four_files_of_five_megabytes(settings):
    from orglife.common.middleware import BodyLimitMiddleware

    assert BodyLimitMiddleware._limit_for("/ledger/items/1/progress/") == 4 * 5 * 1024 * 1024 + 256 * 1024
    assert BodyLimitMiddleware._limit_for("/ledger/items/1/edit/") == settings.BODY_LIMIT_DEFAULT


def _items(world, count: int) -> None:
    for n in range(count):
        item = make_ledger_item(cycle=world.cycle, text=f"措施{n}。", owner=world.member)
        make_evidence(entry=make_progress(item=item, author=world.member))
        make_ledger_item(cycle=world.cycle, text=f"个人措施{n}。", member=world.committee, owner=world.committee)


@pytest.mark.parametrize("name", ["ledger", "ledger_public", "ledger_xlsx"])
def test_ledger_pages_cost_the_same_queries_for_one_and_three_items(world, client_for, django_assert_num_queries, name):
    client = client_for(world.secretary)
    url = reverse(name, args=[world.cycle.pk])
    _items(world, 1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _items(world, 2)

    with django_assert_num_queries(len(one)):
        assert client.get(url).status_code == 200


def test_the_ledger_flags_overdue_items(world, client_for):
    make_ledger_item(
        cycle=world.cycle,
        text="逾期措施。",
        owner=world.member,
        deadline=timezone.localdate() - DAY,
        status="in_progress",
    )
    make_ledger_item(cycle=world.cycle, text="按期措施。", owner=world.member, deadline=timezone.localdate() + DAY)

    html = client_for(world.member).get(reverse("ledger", args=[world.cycle.pk])).content.decode()

    assert html.count('class="overdue"') == 1
    assert "其中已逾期1项" in html


def test_the_owner_s_home_page_lists_their_overdue_items(world, client_for):
    late = make_ledger_item(
        cycle=world.cycle,
        text="每月集中学习一次。",
        owner=world.member,
        deadline=datetime.date(2023, 3, 31),
        status="in_progress",
    )
    make_ledger_item(
        cycle=world.cycle,
        text="已销号。",
        owner=world.member,
        deadline=datetime.date(2023, 3, 31),
        status="closed",
        closed_by=world.secretary,
        closed_at=timezone.now(),
    )
    make_ledger_item(cycle=world.cycle, text="别人的。", owner=world.committee, deadline=datetime.date(2023, 3, 31))

    response = client_for(world.member).get(reverse("home"))

    assert [i.pk for i in response.context["overdue"]] == [late.pk]
    assert "您负责的1项整改事项已逾期" in response.content.decode()
    assert "完成时限2023年3月31日" in response.content.decode()
    assert [i.text for i in client_for(world.committee).get(reverse("home")).context["overdue"]] == ["别人的。"]


def test_the_public_page_is_read_only(world, client_for, item):
    html = client_for(world.secretary).get(reverse("ledger_public", args=[world.cycle.pk])).content.decode()

    assert "<form" not in html.split("<main", 1)[1]
    assert "每月集中学习一次。" in html


def test_a_hand_added_item_with_errors_keeps_the_text(world, client_for):
    response = client_for(world.secretary).post(
        reverse("ledger_item_add", args=[world.cycle.pk]), {"add-text": "新事项。", "add-owner": world.outsider.pk}
    )

    assert response.status_code == 400
    assert LedgerItem.objects.count() == 0
    assert ">\n新事项。</textarea>" in response.content.decode()

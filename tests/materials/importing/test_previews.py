"""Import previews wait in their own table, the session holding only a key (issue 11, item 12)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from orglife.materials.importing.services import PREVIEW_LIFETIME, PREVIEWS_PER_USER, preview_store
from orglife.models import ImportPreview, MaterialRevision
from tests.factories import make_cycle

SESSION_KEY = "orglife-import:{}:{}"


def preview(client, cycle, text: str, *, personal: bool = False, name: str = "材料.txt"):
    url = reverse("personal_import" if personal else "material_import", args=[cycle.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, text.encode()), "text": ""})


def confirm(client, cycle, digest: str, *, personal: bool = False):
    name = "personal_import_confirm" if personal else "material_import_confirm"
    return client.post(reverse(name, args=[cycle.pk]), {"digest": digest})


def session_row_size(client) -> int:
    return len(Session.objects.get(pk=client.session.session_key).session_data)


def test_preview_keeps_the_text_in_a_row_and_only_its_key_in_the_session(world, client_for, sample_text):
    client = client_for(world.secretary)
    big = sample_text + "\n" + "（补充说明）" * 60_000  # 1 MB of text

    response = preview(client, world.cycle, big)

    assert response.status_code == 200
    stored = ImportPreview.objects.get()
    assert client.session[SESSION_KEY.format(world.cycle.pk, "committee")] == stored.key
    assert len(stored.key) == 43
    assert session_row_size(client) < 1000
    assert (stored.owner, stored.cycle, stored.personal, stored.material) == (
        world.secretary,
        world.cycle,
        False,
        world.material,
    )
    assert stored.text == big
    assert stored.size == len(big.encode())
    assert stored.expires_at - stored.created_at == PREVIEW_LIFETIME == datetime.timedelta(hours=2)
    assert stored.payload == {"source": "材料.txt", "warnings": []}  # a text file reads without warnings


def test_preview_payload_keeps_the_readers_warnings(world, client_for):
    from tests.materials.importing.documents import make_docx, marked_up_material

    client = client_for(world.secretary)
    url = reverse("material_import", args=[world.cycle.pk])
    client.post(url, {"file": SimpleUploadedFile("标记.docx", make_docx(marked_up_material)), "text": ""})

    payload = ImportPreview.objects.get().payload
    assert payload["source"] == "标记.docx"
    assert [w["code"] for w in payload["warnings"]] == ["tracked_changes", "text_boxes"]


def test_a_new_preview_of_the_same_material_replaces_the_earlier_one(world, client_for, sample_text):
    client = client_for(world.secretary)
    preview(client, world.cycle, sample_text)
    first = ImportPreview.objects.get()

    second_response = preview(client, world.cycle, sample_text.replace("思想方面", "思想认识方面"))

    second = ImportPreview.objects.get()
    assert second.pk != first.pk
    assert client.session[SESSION_KEY.format(world.cycle.pk, "committee")] == second.key
    assert second_response.context["confirm"].initial["digest"] == second.digest


def test_confirm_imports_once_and_deletes_the_preview_and_expired_ones(world, client_for, sample_text):
    client = client_for(world.secretary)
    digest = preview(client, world.cycle, sample_text).context["confirm"].initial["digest"]
    forgotten = preview_store(owner=world.member, cycle=world.cycle, personal=True, text="一、存在的问题")
    ImportPreview.objects.filter(pk=forgotten.pk).update(expires_at=timezone.now())

    first = confirm(client, world.cycle, digest)
    again = confirm(client, world.cycle, digest)  # a double click, or the back button

    assert first["Location"] == reverse("material", args=[world.material.pk])
    assert again["Location"] == reverse("material_import", args=[world.cycle.pk])
    assert ImportPreview.objects.count() == 0
    assert MaterialRevision.objects.count() == 1
    assert SESSION_KEY.format(world.cycle.pk, "committee") not in client.session


def test_expired_preview_is_not_imported_and_expired_rows_go_when_a_preview_is_stored(world, client_for, sample_text):
    client = client_for(world.secretary)
    digest = preview(client, world.cycle, sample_text).context["confirm"].initial["digest"]
    ImportPreview.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = confirm(client, world.cycle, digest)

    assert response["Location"] == reverse("material_import", args=[world.cycle.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "预览已失效（可能已导入，或在别的页面预览了其他材料），请重新上传或粘贴。"
    ]
    assert world.material.problems.count() == 0
    assert ImportPreview.objects.count() == 1
    preview(client_for(world.member), world.cycle, "一、存在的问题", personal=True)
    assert list(ImportPreview.objects.values_list("owner__username", flat=True)) == ["member"]


def test_a_preview_key_from_another_user_imports_nothing(world, client_for, sample_text):
    owner = client_for(world.secretary)
    digest = preview(owner, world.cycle, sample_text).context["confirm"].initial["digest"]
    other = client_for(world.committee)
    session = other.session
    session[SESSION_KEY.format(world.cycle.pk, "committee")] = ImportPreview.objects.get().key
    session.save()

    response = confirm(other, world.cycle, digest)

    assert response["Location"] == reverse("material_import", args=[world.cycle.pk])
    assert world.material.problems.count() == 0
    assert ImportPreview.objects.count() == 1


def test_a_user_keeps_at_most_three_previews(world, cycles_of_branch):
    for cycle in cycles_of_branch:
        preview_store(owner=world.secretary, cycle=cycle, personal=False, text=f"{cycle.year}年材料")

    kept = ImportPreview.objects.order_by("created_at", "id").values_list("text", flat=True)
    assert PREVIEWS_PER_USER == 3
    assert list(kept) == ["2021年材料", "2022年材料", "2023年材料"]


@pytest.fixture
def cycles_of_branch(world):

    years = [2019, 2020, 2021, 2023]
    extra = [make_cycle(branch=world.branch, year=y, kind="annual", title=f"{y}年组织生活会") for y in years]
    return [*extra[:3], world.cycle, extra[3]]


def test_preview_store_refuses_text_past_ten_megabytes(world):
    with pytest.raises(ValueError):
        preview_store(owner=world.secretary, cycle=world.cycle, personal=False, text="字" * (3_500_000))

    assert ImportPreview.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_confirms_of_one_preview_import_once(world, sample_text):
    import threading

    from django.db import connection

    from orglife.materials.importing.services import PreviewGone, preview_confirm

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's test database cannot take concurrent writers; CI runs this on PostgreSQL.")
    stored = preview_store(owner=world.secretary, cycle=world.cycle, personal=False, text=sample_text)
    start = threading.Barrier(2, timeout=5)
    outcomes: list[str] = []

    def run() -> None:
        try:
            start.wait()
            preview_confirm(preview=stored, by=world.secretary, keep=True)
            outcomes.append("imported")
        except PreviewGone:
            outcomes.append("gone")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["gone", "imported"]
    assert MaterialRevision.objects.count() == 1
    assert ImportPreview.objects.count() == 0

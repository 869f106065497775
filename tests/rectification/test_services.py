import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from orglife.models import Evidence, LedgerItem, ProgressEntry
from orglife.rectification import evidence
from orglife.rectification.services import item_add, item_close, item_reopen, item_update, progress_add
from tests.factories import PNG_BYTES, make_direction, make_ledger_item, make_measure


@pytest.fixture
def item(world):
    measure = make_measure(direction=make_direction(material=world.material), text="每月集中学习一次。")
    return make_ledger_item(cycle=world.cycle, text=measure.text, owner=world.member, measure=measure)


def _stored_files() -> list[str]:
    storage = evidence.storage()
    return storage.listdir("evidence")[1] if storage.exists("evidence") else []


def test_progress_moves_the_item_on_and_stores_its_evidence(world, item):
    photo = SimpleUploadedFile("学习.PNG", PNG_BYTES, content_type="text/html")

    entry = progress_add(item=item, by=world.member, on=timezone.localdate(), text="已开展两次。", files=[photo])

    item.refresh_from_db()
    file = entry.files.get()
    assert (item.status, item.measure.status) == ("in_progress", "in_progress")
    assert (file.name, file.content_type, file.size) == ("学习.PNG", "image/png", len(PNG_BYTES))
    assert evidence.storage().open(file.key).read() == PNG_BYTES
    assert "." not in file.key.rsplit("/", 1)[1]


def test_html_with_an_image_extension_is_refused_and_nothing_is_saved(world, item):
    page = SimpleUploadedFile("照片.png", b"<html><script>alert(1)</script></html>", content_type="image/png")

    with pytest.raises(ValidationError) as refused:
        progress_add(item=item, by=world.member, on=timezone.localdate(), text="已完成。", files=[page])

    assert refused.value.message_dict == {
        "files": [
            "“照片.png”不是可接受的文件。只能上传图片（PNG、JPEG、GIF、WebP）、PDF、Word（.docx）或Excel（.xlsx）。"
        ]
    }
    assert (ProgressEntry.objects.count(), Evidence.objects.count(), _stored_files()) == (0, 0, [])
    item.refresh_from_db()
    assert item.status == "not_started"


def test_a_file_whose_content_disagrees_with_its_extension_is_refused(world, item):
    pdf_named_png = SimpleUploadedFile("扫描件.png", b"%PDF-1.7\n...", content_type="image/png")

    with pytest.raises(ValidationError) as refused:
        progress_add(item=item, by=world.member, on=timezone.localdate(), text="见附件。", files=[pdf_named_png])

    assert refused.value.message_dict == {
        "files": ["“扫描件.png”的内容是PDF文件，与文件扩展名不符。请使用.pdf扩展名后再上传。"]
    }


def test_a_file_over_the_size_limit_is_refused(world, item, settings):
    settings.EVIDENCE_FILE_LIMIT = 1024
    big = SimpleUploadedFile("大图.png", PNG_BYTES + b"\0" * 1024)

    with pytest.raises(ValidationError) as refused:
        progress_add(item=item, by=world.member, on=timezone.localdate(), text="见附件。", files=[big])

    assert refused.value.message_dict == {"files": ["“大图.png”超过0MB，请压缩后再上传。"]}


def test_progress_cannot_be_dated_in_the_future(world, item):
    with pytest.raises(ValidationError) as refused:
        progress_add(item=item, by=world.member, on=timezone.localdate() + datetime.timedelta(days=1), text="提前。")

    assert refused.value.messages == ["进展日期不能晚于今天。"]


def test_close_records_who_and_when_and_writes_the_measure(world, item):
    item_close(item=item, by=world.secretary)

    item.refresh_from_db()
    assert (item.status, item.closed_by, item.measure.status) == ("closed", world.secretary, "done")
    assert abs((timezone.now() - item.closed_at).total_seconds()) < 60


def test_long_term_instead_of_closing(world, item):
    item_close(item=item, by=world.committee, long_term=True)

    item.refresh_from_db()
    assert (item.status, item.closed_by, item.measure.status) == ("long_term", world.committee, "in_progress")


def test_closing_twice_is_refused(world, item):
    item_close(item=item, by=world.secretary)

    with pytest.raises(ValidationError) as refused:
        item_close(item=item, by=world.secretary)

    assert refused.value.messages == ["此事项已销号。"]


def test_reopen_forgets_who_and_when(world, item):
    item_close(item=item, by=world.secretary)

    item_reopen(item=item, by=world.secretary)

    item.refresh_from_db()
    assert (item.status, item.closed_by, item.closed_at) == ("done", None, None)


def test_a_status_change_on_a_closed_item_is_refused(world, item):
    item_close(item=item, by=world.secretary)

    with pytest.raises(ValidationError) as refused:
        item_update(
            item=item,
            by=world.secretary,
            text=item.text,
            problem_text="",
            owner=None,
            deadline=None,
            status="in_progress",
        )

    assert refused.value.messages == ["此事项已销号，请先撤销后再改状态。"]


def test_an_owner_outside_the_branch_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        item_add(cycle=world.cycle, by=world.secretary, text="新增事项。", owner=world.outsider)

    assert refused.value.messages == ["责任人须是本支部的党员。"]
    assert LedgerItem.objects.count() == 0


def test_items_added_by_hand_go_to_the_end_of_their_list(world):
    make_ledger_item(cycle=world.cycle, text="第一项。")

    added = item_add(cycle=world.cycle, by=world.secretary, text="  第二项。 ", problem_text="会议偏多。")
    personal = item_add(cycle=world.cycle, by=world.secretary, text="个人事项。", member=world.member)

    assert (added.position, added.text, added.problem_text, added.member) == (2, "第二项。", "会议偏多。", None)
    assert (personal.position, personal.member, personal.owner) == (1, world.member, world.member)

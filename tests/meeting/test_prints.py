"""The notice, the minutes and the sign-in sheet in PDF and Word: what they say, user text escaped."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from orglife.meeting import prints
from orglife.meeting.services import block_values, minutes_save, remark_add, token_of
from tests.factories import make_attendance, make_meeting, make_member


@pytest.fixture
def meeting(world):
    meeting = make_meeting(cycle=world.cycle, chair=world.secretary, recorder=world.committee)
    make_attendance(meeting=meeting, user=world.secretary)
    make_attendance(meeting=meeting, user=world.committee, method="proxy")
    make_attendance(meeting=meeting, user=world.member, status="leave", reason="出差")
    return meeting


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", "")


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_notice_says_when_where_and_the_agenda_in_order(meeting):
    lines = [(line.kind, line.text) for line in prints.notice_lines(meeting)]

    assert lines[0] == ("title", "关于召开2022年专题组织生活会的通知")
    assert ("heading1", "三、会议议程") in lines
    agenda = [text for kind, text in lines if text.startswith("（")]
    assert agenda[:2] == [
        "（一）党支部书记代表支部委员会作对照检查，宣读班子对照检查材料。",
        "（二）通报征求意见建议情况。",
    ]
    assert lines[-2] == ("signature", "第一党支部")


def test_notice_pdf_and_word(meeting, world, client_for):
    client = client_for(world.member)

    pdf = client.get(f"/cycles/{world.cycle.pk}/meeting/notice.pdf")
    word = client.get(f"/cycles/{world.cycle.pk}/meeting/notice.docx")

    assert pdf["Content-Type"] == "application/pdf"
    assert "三楼会议室" in _pdf_text(b"".join(pdf.streaming_content))
    assert "三楼会议室" in _docx_text(b"".join(word.streaming_content))


def test_minutes_print_attendance_points_and_criticism(meeting, world):
    item = meeting.items.get(position=1)
    minutes_save(
        meeting=meeting,
        kind="item",
        key=item.pk,
        base=token_of(block_values(item, "item")),
        changes={"points": "书记宣读材料。", "conclusion": "一致同意。"},
        by=world.committee,
    )
    remark_add(
        meeting=meeting, member=world.secretary, speaker=world.committee, text="调研不够深入。", by=world.committee
    )

    text = "\n".join(line.text for line in prints.minutes_lines(meeting))

    assert "应到3人，实到2人，请假1人，缺席0人。" in text
    assert "出席人员：张书记、李委员（代签）" in text
    assert "请假人员：王党员（出差）" in text
    assert "发言要点：书记宣读材料。" in text and "结论：一致同意。" in text
    assert "李委员提出批评意见：调研不够深入。" in text


def test_sheet_lists_names_with_a_blank_signature_column(meeting, world, client_for):
    make_member(username="prob", full_name="孙预备", organisation=world.branch, role="probationary")
    client = client_for(world.member)

    word = _docx_text(b"".join(client.get(f"/cycles/{world.cycle.pk}/meeting/sign-in-sheet.docx").streaming_content))
    pdf = _pdf_text(b"".join(client.get(f"/cycles/{world.cycle.pk}/meeting/sign-in-sheet.pdf").streaming_content))

    assert "序号\n姓名\n身份\n签名\n备注\n1\n张书记\n党员\n\n" in word
    assert "孙预备\n预备党员\n\n" in word
    assert "孙预备" in pdf and "签名" in pdf


def test_user_text_is_escaped_in_the_pdf_html(meeting, world):
    meeting.place = '<img src="file:///etc/passwd">会议室'
    meeting.save()

    job = prints.notice_job(meeting)

    assert "<img" not in job.html
    assert "&lt;img" in job.html


def test_control_characters_do_not_break_the_word_file(meeting, world):
    meeting.place = "会议室\x07"
    meeting.save()

    assert "会议室" in _docx_text(prints.notice_docx(meeting))

"""The meeting's printed documents: the notice (会议通知), the minutes (会议记录) and the
sign-in sheet (签到表), as PDF through the print engine and as Word files on the
official page.

The notice and the minutes are lists of paragraphs (title, headings, body, signing
lines) made once here and written by both outputs, so the PDF and the Word file say
the same. Ordinals (一、（一）) come from positions. Every string is user text:
the PDF templates autoescape it, the Word writer makes it XML-safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from orglife.common.ordinals import chinese_date, part_ordinal, section_ordinal
from orglife.meeting.models import Meeting
from orglife.meeting.selectors import Roll, agenda, meeting_roll, minutes_snapshot
from orglife.printing import docx, pdf
from orglife.printing.layout import balance_title

STYLES = Path(__file__).resolve().parent / "print.css"
OFFICIAL = pdf.Document(name="meeting", stylesheets=(pdf.GBT9704, STYLES))
SHEET = pdf.Document(name="meeting-sheet", stylesheets=(STYLES,))


@dataclass(frozen=True)
class Line:
    kind: str  # title, heading1, heading2, body, plain (no indent), signature, date
    text: str


def _time(meeting: Meeting) -> str:
    return f"{chinese_date(meeting.date)}{meeting.start_time.hour}:{meeting.start_time.minute:02d}"


def notice_lines(meeting: Meeting) -> list[Line]:
    cycle = meeting.cycle
    basis = f"根据{cycle.notice.strip().rstrip('。')}要求，" if cycle.notice.strip() else ""
    lines = [
        Line("title", f"关于召开{cycle.title}的通知"),
        Line("plain", "各位党员："),
        Line(
            "body",
            f"{basis}经支部委员会研究，定于{_time(meeting)}在{meeting.place}召开{cycle.title}。现将有关事项通知如下。",
        ),
    ]
    parts: list[tuple[str, list[str]]] = []
    if cycle.theme:
        parts.append(("会议主题", [cycle.theme]))
    people = [f"{meeting.attendees}。"]
    if meeting.higher_attendee:
        people.append(f"上级党组织指导人员：{meeting.higher_attendee}。")
    parts.append(("参加人员", people))
    parts.append(
        ("主持人和记录人", [f"主持人：{meeting.chair.get_full_name()}；记录人：{meeting.recorder.get_full_name()}。"])
    )
    parts.append(("会议议程", []))
    agenda_index = len(parts)
    requirements = [t.strip() for t in meeting.requirements.splitlines() if t.strip()] or [
        "请各位党员认真学习规定的学习内容，对照查摆问题，提前写好发言提纲。",
        "因故不能参加会议的，请提前向党支部请假并说明原因。",
    ]
    parts.append(("有关要求", requirements))
    for number, (heading, bodies) in enumerate(parts, start=1):
        lines.append(Line("heading1", f"{part_ordinal(number)}{heading}"))
        if number == agenda_index:
            for n, item in enumerate(agenda(meeting), start=1):
                lines.append(Line("body", f"{section_ordinal(n)}{item.title.rstrip('。')}。"))
        lines += [Line("body", text) for text in bodies]
    sent = meeting.notice_sent_at.date() if meeting.notice_sent_at else None
    lines.append(Line("signature", cycle.branch.name))
    if sent:
        lines.append(Line("date", chinese_date(sent)))
    return lines


def _persons(names: list[str]) -> str:
    return "、".join(names) or "无"


def minutes_lines(meeting: Meeting) -> list[Line]:
    data = minutes_snapshot(meeting)
    counts = data["counts"]
    version = meeting.versions.count()
    lines = [
        Line("title", f"{meeting.cycle.title}会议记录"),
        Line("plain", f"时间：{_time(meeting)}"),
        Line("plain", f"地点：{meeting.place}"),
        Line("plain", f"主持人：{meeting.chair.get_full_name()}　记录人：{meeting.recorder.get_full_name()}"),
    ]
    if meeting.higher_attendee:
        lines.append(Line("plain", f"上级指导人员：{meeting.higher_attendee}"))
    lines += [
        Line(
            "plain",
            f"应到{counts['expected']}人，实到{counts['present']}人，请假{counts['leave']}人，缺席{counts['absent']}人。",
        ),
        Line("plain", f"出席人员：{_persons(data['present'])}"),
        Line("plain", "请假人员：" + _persons([f"{p['name']}（{p['reason']}）" for p in data["leave"]])),
        Line("plain", f"缺席人员：{_persons(data['absent'])}"),
        Line("heading1", "会议内容"),
    ]
    kinds = [item.get("kind", "") for item in data["items"]]
    for number, item in enumerate(data["items"], start=1):
        lines.append(Line("heading2", f"{section_ordinal(number)}{item['title']}"))
        if item.get("kind") == "criticism":
            lines += _criticism_lines(data)
        lines += _texts("发言要点", item["points"])
        lines += _texts("结论", item["conclusion"])
        if item.get("kind") == "higher":
            lines += _texts("上级指导人员点评", data["higher_comments"])
    if "criticism" not in kinds and _criticism_lines(data):
        lines.append(Line("heading2", "批评和自我批评"))
        lines += _criticism_lines(data)
    if "higher" not in kinds and data["higher_comments"]:
        lines.append(Line("heading2", "上级指导人员点评"))
        lines += _texts("", data["higher_comments"])
    lines.append(Line("plain", ""))
    signed = "（已确认）"
    lines.append(Line("plain", f"主持人：{meeting.chair.get_full_name()}{signed if meeting.chair_signed_at else ''}"))
    lines.append(
        Line("plain", f"记录人：{meeting.recorder.get_full_name()}{signed if meeting.recorder_signed_at else ''}")
    )
    if meeting.locked and version:
        lines.append(Line("plain", f"第{version}版，{chinese_date(meeting.recorder_signed_at.date())}锁定"))
    return lines


def _texts(label: str, text: str) -> list[Line]:
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    if not paragraphs:
        return []
    first = f"{label}：{paragraphs[0]}" if label else paragraphs[0]
    return [Line("body", first)] + [Line("body", p) for p in paragraphs[1:]]


def _criticism_lines(data: dict) -> list[Line]:
    lines = []
    for turn in data["turns"]:
        if not (turn["self_criticism"] or turn["remarks"] or turn["response"]):
            continue
        lines.append(Line("plain", f"{turn['member']}："))
        lines += _texts("自我批评", turn["self_criticism"])
        for remark in turn["remarks"]:
            lines += _texts(f"{remark['speaker']}提出批评意见", remark["text"])
        lines += _texts("本人表态", turn["response"])
    return lines


def _pdf_context(title: str, lines: list[Line]) -> dict:
    return {
        "title": title,
        "lines": [line for line in lines if line.kind not in ("signature", "date")],
        "title_lines": balance_title(lines[0].text),
        "signing": [line for line in lines if line.kind in ("signature", "date")],
    }


def notice_job(meeting: Meeting) -> pdf.PrintJob:
    lines = notice_lines(meeting)
    return pdf.prepare(
        document=OFFICIAL, template="meeting/official_pdf.html", context=_pdf_context(lines[0].text, lines)
    )


def minutes_job(meeting: Meeting) -> pdf.PrintJob:
    lines = minutes_lines(meeting)
    return pdf.prepare(
        document=OFFICIAL, template="meeting/official_pdf.html", context=_pdf_context(lines[0].text, lines)
    )


def sheet_job(meeting: Meeting) -> pdf.PrintJob:
    return pdf.prepare(document=SHEET, template="meeting/sheet_pdf.html", context=_sheet_context(meeting))


def _sheet_context(meeting: Meeting) -> dict:
    roll = meeting_roll(meeting)
    return {
        "title": f"{meeting.cycle.title}签到表",
        "meeting": meeting,
        "time": _time(meeting),
        "rows": _sheet_rows(roll),
        "roll": roll,
    }


def _sheet_rows(roll: Roll) -> list[tuple[int, str, str, str]]:
    rows = []
    for number, member in enumerate(roll.members, start=1):
        note = ""
        if member.attendance is not None and member.attendance.status == "leave":
            note = f"请假：{member.attendance.reason}"
        rows.append((number, member.user.get_full_name(), "党员" if member.voting else "预备党员", note))
    return rows


# --- Word -------------------------------------------------------------------------


def _paragraph(document, text: str, font: str, *, indent: bool = True, align=None):
    out = document.add_paragraph()
    if align is not None:
        out.alignment = align
    if not indent:
        docx.set_indent(out._p.get_or_add_pPr(), first_line_chars=0)
    docx.set_east_asian_font(out.add_run(docx.xml_safe(text))._r, font)
    return out


def _word(lines: list[Line], *, modified) -> bytes:
    document = docx.official_document(title=lines[0].text, modified=modified)
    fonts = docx.FONT_FOR
    for line in lines:
        if line.kind == "title":
            out = document.add_paragraph()
            out.alignment = WD_ALIGN_PARAGRAPH.CENTER
            out.paragraph_format.space_after = docx.LINE_PITCH
            p_pr = out._p.get_or_add_pPr()
            docx.set_indent(p_pr, first_line_chars=0)
            docx.set_paragraph_flag(p_pr, "w:snapToGrid", on=False)
            run = out.add_run(docx.xml_safe("\n".join(balance_title(line.text))))
            docx.set_east_asian_font(run._r, fonts["title"])
            run.font.size = docx.TITLE_SIZE
        elif line.kind in ("heading1", "heading2"):
            _paragraph(document, line.text, fonts[line.kind]).paragraph_format.keep_with_next = True
        elif line.kind in ("signature", "date"):
            _paragraph(document, line.text, fonts["body"], indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
        else:
            _paragraph(document, line.text, fonts["body"], indent=line.kind != "plain")
    return docx.docx_bytes(document)


def notice_docx(meeting: Meeting) -> bytes:
    return _word(notice_lines(meeting), modified=meeting.updated_at)


def minutes_docx(meeting: Meeting) -> bytes:
    return _word(minutes_lines(meeting), modified=meeting.updated_at)


def sheet_docx(meeting: Meeting) -> bytes:
    context = _sheet_context(meeting)
    document = docx.official_document(title=context["title"], modified=meeting.updated_at)
    fonts = docx.FONT_FOR
    title = _paragraph(document, context["title"], fonts["title"], indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.runs[0].font.size = docx.TITLE_SIZE
    _paragraph(document, f"时间：{context['time']}　地点：{meeting.place}", fonts["body"], indent=False)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, ("序号", "姓名", "身份", "签名", "备注"), strict=True):
        _cell(cell, text, fonts["heading1"])
    for row in context["rows"]:
        cells = table.add_row().cells
        for cell, text in zip(cells, (str(row[0]), row[1], row[2], "", row[3]), strict=True):
            _cell(cell, text, fonts["body"])
    return docx.docx_bytes(document)


def _cell(cell, text: str, font: str) -> None:
    paragraph = cell.paragraphs[0]
    docx.set_indent(paragraph._p.get_or_add_pPr(), first_line_chars=0)
    run = paragraph.add_run(docx.xml_safe(text))
    run.font.size = Pt(14)
    docx.set_east_asian_font(run._r, font)

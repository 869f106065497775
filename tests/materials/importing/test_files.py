"""File types offices have (issue 13, item 7): PDFs with a text layer, scanned PDFs,
old Word .doc and WPS .wps files converted through LibreOffice."""

import subprocess
import time
from pathlib import Path

import pytest

from orglife.materials.importing import UnreadableDocument, parse_material, read_upload
from orglife.materials.importing.converting import NO_LIBREOFFICE, TIMED_OUT, convert_to_docx, soffice
from tests.materials.importing.helpers import invalid_removals, lost_and_invented
from tests.materials.importing.shapes import BODY, TITLE, material_pdf, pdf

SAMPLES = Path(__file__).parent / "samples"
needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (libreoffice-writer-nogui) is not installed")


def test_read_pdf_with_a_text_layer_gives_the_material_back():
    reading = read_upload(material_pdf(), "材料.pdf")
    parsed = parse_material(reading.text)

    assert [(w.code, w.message) for w in reading.warnings] == [
        ("pdf_read", "已读取 PDF 文件 2 页中的文字，去掉了 2 个页码。")
    ]
    assert parsed.data["title"] == TITLE
    assert parsed.data["preamble"] == BODY[0]
    assert parsed.data["categories"] == [
        {
            "name": "学习",
            "heading": "",
            "intro": "",
            "items": [{"text": BODY[3].removeprefix("一是")}, {"text": BODY[4].removeprefix("二是")}],
        }
    ]
    assert parsed.data["causes"] == [{"heading": "理论武装不够到位", "text": BODY[6].split("。", 1)[1]}]
    assert parsed.data["directions"] == [
        {"heading": "加强理论学习", "intro": "", "measures": [{"text": BODY[9].removeprefix("一是")}]}
    ]
    assert [w.code for w in parsed.warnings] == ["lines_joined", "title_joined"]
    assert lost_and_invented(reading.text, parsed) == ({}, {})
    assert invalid_removals(parsed) == []


def test_read_scanned_pdf_is_refused():
    scan = pdf("<div style='width: 150mm; height: 200mm; background: #888'></div><p>— 1 —</p>")

    with pytest.raises(UnreadableDocument) as refusal:
        read_upload(scan, "扫描件.pdf")

    assert str(refusal.value) == (
        "这个 PDF 文件没有文字层（可能是扫描件或图片），无法读出其中的文字；系统不做文字识别（OCR）。"
        "请上传 Word 文档，或把文字复制粘贴进来。"
    )


def test_read_broken_pdf_is_refused():
    with pytest.raises(UnreadableDocument) as refusal:
        read_upload(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "坏的.pdf")

    assert str(refusal.value) == "PDF 文件已损坏或格式无法识别，无法读取。请上传 Word 文档，或把文字复制粘贴进来。"


@needs_soffice
@pytest.mark.parametrize(
    ("name", "notice"),
    [
        ("材料.doc", "旧版 Word（.doc）文件已用 LibreOffice 转换为 .docx 后读取，请核对文字和编号。"),
        ("材料.wps", "WPS 文件已用 LibreOffice 转换为 .docx 后读取，请核对文字和编号。"),
    ],
)
def test_read_old_word_and_wps_files_through_libreoffice(name, notice):
    data = (SAMPLES / "numbered-material.doc").read_bytes()  # numbered_material of documents.py, saved as .doc

    reading = read_upload(data, name)

    assert [(w.code, w.message) for w in reading.warnings] == [("converted", notice)]
    assert reading.text.splitlines()[:4] == [
        "第三党支部2024年度组织生活会对照检查材料",
        "根据上级党委通知要求，现对照检查如下。",
        "一、上年度整改落实情况",
        "问题\t整改措施\t完成情况",
    ]
    parsed = parse_material(reading.text)
    assert [c["name"] for c in parsed.data["categories"]] == ["思想", "工作"]
    assert [len(c["items"]) for c in parsed.data["categories"]] == [2, 3]


@needs_soffice
def test_convert_stops_libreoffice_past_the_timeout_and_leaves_no_process(tmp_path):
    data = (SAMPLES / "numbered-material.doc").read_bytes()
    started = time.monotonic()

    with pytest.raises(UnreadableDocument) as refusal:
        convert_to_docx(data, ".doc", timeout=0.2)

    assert str(refusal.value) == TIMED_OUT
    assert time.monotonic() - started < 5
    running = subprocess.run(["pgrep", "-f", "orglife-convert-"], capture_output=True, text=True).stdout
    assert running == ""


def test_read_old_word_file_without_libreoffice_names_the_package(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    data = (SAMPLES / "numbered-material.doc").read_bytes()

    with pytest.raises(UnreadableDocument) as refusal:
        read_upload(data, "材料.doc")

    assert str(refusal.value) == NO_LIBREOFFICE
    assert str(refusal.value) == (
        "这是旧版 Word（.doc）或 WPS 文件，需要用 LibreOffice 转换，但服务器上没有安装"
        "（Debian 软件包 libreoffice-writer-nogui，请管理员安装）。"
        "请在 Word 或 WPS 中另存为 .docx 后再上传，或把文字复制粘贴进来。"
    )

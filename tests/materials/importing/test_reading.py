import codecs
import io
import random
import zipfile

import pytest

from orglife.materials.importing import (
    MAX_BYTES,
    UnreadableDocument,
    check_text,
    parse_material,
    read_document,
    read_upload,
)
from tests.materials.importing.documents import CFB, add_xml, make_docx, marked_up_material, numbered_material, run


def test_read_docx_with_numbered_items_and_a_table():
    text = read_document(make_docx(numbered_material), "材料.docx")

    data = parse_material(text).data

    assert data["title"] == "第三党支部2024年度组织生活会对照检查材料"
    assert data["extra_sections"] == [
        {
            "heading": "上年度整改落实情况",
            "text": "问题\t整改措施\t完成情况\n学习不深入\t制定学习计划\t已完成\n联系群众少\t每月走访",
            "placement": "before",
        }
    ]
    assert [(c["name"], [i["text"] for i in c["items"]]) for c in data["categories"]] == [
        ("思想", ["政治理论学习不够深入。集中学习多、个人自学少。", "意识形态工作重视不够。"]),
        ("工作", ["服务群众不够主动。", "工作标准不够高。", "创新意识不强。"]),
    ]
    assert data["causes"] == [{"heading": "党性修养不够", "text": "放松了自我要求。"}]
    assert [(d["heading"], [m["text"] for m in d["measures"]]) for d in data["directions"]] == [
        ("加强理论学习", ["每月集中学习两次。", "每季度开展一次研讨。"]),
        ("改进工作作风", ["每月走访群众。"]),
    ]
    assert (data["layout"], data["brackets"]) == ("paragraphs", "full")


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: text.encode("gbk"),
        lambda text: text.encode("gb18030"),
        lambda text: text.encode("utf-16"),  # with its BOM, as Windows Notepad saves "Unicode"
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030", "utf-16"],
)
def test_read_text_in_each_encoding(sample_text, encode):
    assert read_document(encode(sample_text), "材料.txt") == sample_text


def test_read_gb18030_characters_outside_gbk():
    text = "一、存在的问题\n（一）思想方面。\n一是𠀾字不在GBK里。"

    assert read_document(text.encode("gb18030"), "a.txt") == text


def test_read_crlf_line_ends_parse_like_lf(sample_text):
    text = read_document(sample_text.replace("\n", "\r\n").encode("gbk"), "a.txt")

    assert parse_material(text).data == parse_material(sample_text).data


def set_zip_encrypted_flag(data: bytes) -> bytes:
    """Mark every member as encrypted, as a password-protecting zip tool would."""
    data = bytearray(data)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + flag_offset] |= 1
            start = data.find(signature, start + 4)
    return bytes(data)


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "不是 Word 文档")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.txt", "文件是空的，没有可导入的文字。"),
        (b"  \r\n\t ", "a.txt", "文件是空的，没有可导入的文字。"),
        (
            random.Random(3).randbytes(4096),
            "a.txt",
            "无法识别文件的文字编码（支持 UTF-8 和 GBK/GB18030），文件也可能不是文本文件。",
        ),
        (b"\x00\x01\x02abc" * 50, "a.txt", "文件内容不是文字（可能是图片、压缩包或其他二进制文件），无法导入。"),
        (
            b"%PDF-1.7\n...",
            "a.pdf",
            "PDF 文件已损坏或格式无法识别，无法读取。请上传 Word 文档，或把文字复制粘贴进来。",
        ),
        (
            "只是一段文字".encode(),
            "材料.docx",
            "文件扩展名是 .docx，但内容不是 Word 文档，可能只是改了扩展名或已损坏。",
        ),
        (plain_zip(), "材料.docx", "文件不是有效的 Word（.docx）文档，可能只是改了扩展名或已损坏。"),
        (b"PK\x03\x04broken", "材料.docx", "文件不是有效的 Word（.docx）文档，可能只是改了扩展名或已损坏。"),
        (
            CFB + "EncryptedPackage".encode("utf-16-le") + bytes(64),
            "材料.docx",
            "文档设置了密码（已加密），无法读取。请在 Word 中取消密码后另存为 .docx 再上传。",
        ),
        (
            CFB,
            "材料.doc",
            "文件是旧版 Office 文件，但不是 Word（.doc）或 WPS 文字文档"
            "（可能是 Excel、PowerPoint 文件，或已损坏），无法导入。",
        ),
        (
            set_zip_encrypted_flag(make_docx(numbered_material)),
            "材料.docx",
            "文档已加密，无法读取。请在 Word 中取消密码后另存为 .docx 再上传。",
        ),
        (b"a" * (MAX_BYTES + 1), "a.txt", "文件超过 10 MB，无法导入。"),
        (codecs.BOM_UTF8 + b"\xff\xfe", "a.txt", "文件声明为 UTF-8 编码，但其中有无法识别的字节，文件可能已损坏。"),
    ],
    ids=[
        "empty",
        "blank",
        "garbage",
        "controls",
        "pdf",
        "text-named-docx",
        "zip-not-word",
        "broken-zip",
        "encrypted-ooxml",
        "old-doc",
        "zip-encrypted",
        "too-big",
        "bad-bom",
    ],
)
def test_read_refuses_bad_input_with_a_clear_message(data, filename, message):
    with pytest.raises(UnreadableDocument) as refusal:
        read_document(data, filename)

    assert str(refusal.value) == message


def test_check_text_refuses_over_ten_megabytes_of_text():
    with pytest.raises(UnreadableDocument) as refusal:
        check_text("字" * (MAX_BYTES // 3 + 1))  # three UTF-8 bytes each

    assert str(refusal.value) == "文字超过 10 MB，无法导入。一份对照检查材料通常不超过几十 KB，请检查是否选错了文件。"


def test_check_text_refuses_nul_in_pasted_text():
    with pytest.raises(UnreadableDocument):
        check_text("一、存在的问题\x00")


# Word markup that python-docx's Paragraph.text skips ---------------------------------------


def test_read_docx_keeps_text_in_revisions_controls_links_fields_and_text_boxes():
    reading = read_upload(make_docx(marked_up_material), "材料.docx")

    assert reading.text.splitlines() == [
        "标题",
        "一、存在的问题",
        "（一）思想方面。",
        "一是学习不够深入。\t甲",
        "乙。",
        "二是联系群众不够。",
        "三是第3页有误。",
        "锚定段落。",
        "文本框里的话。",
    ]
    assert [w.code for w in reading.warnings] == ["tracked_changes", "text_boxes"]
    assert reading.warnings[1].message == "文档中有 1 个文本框，其中的文字已放在所在段落之后，请核对位置。"


def test_read_plain_docx_has_no_reading_warnings():
    assert read_upload(make_docx(numbered_material), "材料.docx").warnings == []


def table_with_controls_and_merges(document) -> None:
    """A table with a row and a cell inside content controls, and a cell merged down two rows."""
    document.add_paragraph("上年度整改落实情况")

    def cell(text: str, merge: str = "") -> str:
        properties = f"<w:tcPr><w:vMerge w:val='{merge}'/></w:tcPr>" if merge == "restart" else ""
        properties = "<w:tcPr><w:vMerge/></w:tcPr>" if merge == "continue" else properties
        return f"<w:tc>{properties}<w:p>{run(text) if text else ''}</w:p></w:tc>"

    add_xml(
        document,
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{cell('问题')}{cell('完成情况')}</w:tr>"
        "<w:sdt><w:sdtPr/><w:sdtContent>"
        f"<w:tr>{cell('学习不深入', 'restart')}{cell('已完成')}</w:tr>"
        "</w:sdtContent></w:sdt>"
        f"<w:tr>{cell('', 'continue')}<w:sdt><w:sdtPr/><w:sdtContent>{cell('持续推进')}</w:sdtContent></w:sdt></w:tr>"
        "</w:tbl>",
    )


def test_read_docx_table_rows_and_cells_inside_content_controls_and_a_merged_cell_once():
    text = read_document(make_docx(table_with_controls_and_merges), "材料.docx")

    assert text.splitlines() == [
        "上年度整改落实情况",
        "问题\t完成情况",
        "学习不深入\t已完成",
        "\t持续推进",
    ]

"""Word documents built in code for the import tests: python-docx plus raw body XML."""

from __future__ import annotations

import io
import struct

import docx
from lxml import etree


def make_docx(build) -> bytes:
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def numbered_material(document) -> None:
    """A four-part material numbered 1. and （1）, with last year's ledger as a table."""
    document.add_heading("第三党支部2024年度组织生活会对照检查材料", level=1)
    document.add_paragraph("根据上级党委通知要求，现对照检查如下。")
    document.add_paragraph("一、上年度整改落实情况")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [("问题", "整改措施", "完成情况"), ("学习不深入", "制定学习计划", "已完成"), ("联系群众少", "每月走访", "")],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    table.rows[2].cells[1].merge(table.rows[2].cells[2])  # a merged cell must appear once
    document.add_paragraph("二、存在的问题")
    document.add_paragraph("（一）思想方面")
    document.add_paragraph("1.政治理论学习不够深入。集中学习多、个人自学少。")
    document.add_paragraph("2.意识形态工作重视不够。")
    document.add_paragraph("（二）工作方面")
    document.add_paragraph("1.服务群众不够主动。")
    document.add_paragraph("2.工作标准不够高。")
    document.add_paragraph("3.创新意识不强。")
    document.add_paragraph("三、原因剖析")
    document.add_paragraph("（一）党性修养不够。放松了自我要求。")
    document.add_paragraph("四、整改措施")
    document.add_paragraph("（一）加强理论学习。")
    document.add_paragraph("（1）每月集中学习两次。")
    document.add_paragraph("（2）每季度开展一次研讨。")
    document.add_paragraph("（二）改进工作作风。")
    document.add_paragraph("（1）每月走访群众。")


CFB = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)  # an old binary .doc (OLE compound file) header


NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


def add_xml(document, xml: str) -> None:
    """Put a body element written as XML (with the w: prefix etc.) before the section properties."""
    declarations = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    element = etree.fromstring(xml.replace(">", f" {declarations}>", 1))
    document.element.body.sectPr.addprevious(element)


def run(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"


def marked_up_material(document) -> None:
    """A material whose text sits in tracked changes, content controls, links, fields and a text box."""
    document.add_paragraph("标题")
    document.add_paragraph("一、存在的问题")
    add_xml(  # a block-level content control around a category heading
        document,
        "<w:sdt><w:sdtPr><w:alias w:val='方面'/></w:sdtPr>"
        f"<w:sdtContent><w:p>{run('（一）思想方面。')}</w:p></w:sdtContent></w:sdt>",
    )
    add_xml(  # tracked insertion and deletion, with a tab and a line break
        document,
        f"<w:p><w:pPr><w:tabs><w:tab w:val='left' w:pos='420'/></w:tabs></w:pPr>{run('一是学习')}"
        f"<w:ins w:id='1' w:author='a'>{run('不够深入')}</w:ins>"
        f"<w:del w:id='2' w:author='a'><w:r><w:delText>删掉的话</w:delText></w:r></w:del>{run('。')}"
        f"<w:r><w:tab/><w:t>甲</w:t><w:br/><w:t>乙。</w:t></w:r></w:p>",
    )
    add_xml(  # a run-level content control, a hyperlink and a smart tag
        document,
        f"<w:p>{run('二是')}<w:sdt><w:sdtPr/><w:sdtContent>{run('联系')}</w:sdtContent></w:sdt>"
        f"<w:hyperlink w:anchor='x'>{run('群众')}</w:hyperlink>"
        f"<w:smartTag w:uri='u' w:element='e'>{run('不够。')}</w:smartTag></w:p>",
    )
    add_xml(  # a simple field and a complex field: their results count, their codes do not
        document,
        f"<w:p>{run('三是第')}<w:fldSimple w:instr=' PAGE '>{run('3')}</w:fldSimple>{run('页')}"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>"
        f"<w:r><w:fldChar w:fldCharType='separate'/></w:r>{run('有误')}<w:r><w:fldChar w:fldCharType='end'/></w:r>"
        f"{run('。')}</w:p>",
    )
    box = f"<w:txbxContent><w:p>{run('文本框里的话。')}</w:p></w:txbxContent>"
    add_xml(  # a text box, as Word writes it: drawing first, VML copy as the fallback
        document,
        f"<w:p>{run('锚定段落。')}<w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>",
    )


def claim_size(data: bytes, name: str, size: int) -> bytes:
    """`data` (a zip) with the unpacked size of `name` in its local and central headers set to `size`."""
    data = bytearray(data)
    encoded = name.encode()
    for signature, size_offset, name_offset in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = data.find(signature)
        while start != -1:
            if data[start + name_offset : start + name_offset + len(encoded)] == encoded:
                data[start + size_offset : start + size_offset + 4] = struct.pack("<I", size)
            start = data.find(signature, start + 4)
    return bytes(data)

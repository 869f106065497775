import re

MISSING = ("全流程", "谈心谈话", "报上级审核", "会议记录", "民主评议", "整改台账")


def test_welcome_page_describes_what_the_product_does_today(client, db):
    html = client.get("/").content.decode()

    features = re.findall(r"<li>(.*?)</li>", html.split('<ul class="features">')[1].split("</ul>")[0])
    assert features == [
        "新建组织生活会：填写类型、年度、主题、依据通知、学习内容和计划召开日期，"
        "沿用上一次的查摆方面，勾选沿用上一次的整改措施。",
        "导入往年的对照检查材料（Word 文件、文本文件或直接粘贴），自动分出问题、原因和整改措施，"
        "并指出编号、标点等毛病，确认后才保存。",
        "在线编辑对照检查材料，边改边看排版效果；按审核要点自动检查，如问题没有对应的整改措施、"
        "疑似照搬往年问题；保存、对比和恢复历史版本。",
        "按党政机关公文格式打印 PDF，导出 Word 文件。",
        "征求意见：扫码或打开链接即可填写，匿名意见连书记也无法查到是谁提的；"
        "汇总成意见建议汇总表（Excel、PDF），可把意见转为查摆出的问题。",
    ]


def test_welcome_page_promises_nothing_the_product_lacks(client, db):
    html = client.get("/").content.decode()

    # Talks, review by the higher level, minutes, evaluation and the ledger are not built yet.
    assert [word for word in MISSING if word in html] == []

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from orglife.common.punctuation import fix_punctuation, punctuation_problems
from orglife.materials.importing import parse_material
from orglife.materials.importing.parser import category_name, classify_part, parse_date
from tests.materials.importing.conftest import read_sample
from tests.materials.importing.helpers import invalid_removals, lost_and_invented


def codes(parsed) -> list[str]:
    return [warning.code for warning in parsed.warnings]


def counts(data) -> tuple[list[int], int, list[int]]:
    return (
        [len(c["items"]) for c in data["categories"]],
        len(data["causes"]),
        [len(d["measures"]) for d in data["directions"]],
    )


# The shared 2022 committee material -------------------------------------------------


def test_parse_sample_structure(sample_text):
    data = parse_material(sample_text).data

    assert [c["name"] for c in data["categories"]] == ["思想", "学习", "工作", "生活"]
    assert counts(data) == ([3, 3, 3, 3], 3, [4, 3, 3])
    assert [c["heading"] for c in data["causes"]] == ["党性修养锤炼不够", "初心使命意识不强", "监督管理约束不严"]
    assert [d["heading"] for d in data["directions"]] == [
        '强化理论武装，树牢"四个意识"',
        "强化主体责任，全面从严治党",
        "强化责任担当，务求工作实效",
    ]
    assert (data["layout"], data["brackets"]) == ("run_on", "half")
    assert data["title"].startswith("党支部班子2022年")  # the markdown "# " is gone
    assert (data["extra_sections"], data["closing"], data["signature"]) == ([], "", {"name": "", "date": None})


def test_parse_sample_warns_about_its_flaws(sample_text):
    parsed = parse_material(sample_text)

    assert [w.as_dict() for w in parsed.warnings] == [
        {
            "code": "ordinal_repeated",
            "message": "“思想”方面的序号“二是”与上一条重复，导入后按顺序重新编号。",
            "excerpt": "二是对党的创新理论贯彻落实有偏差。对党的……",
        },
        {
            "code": "ordinal_mixed",
            "message": "第3条努力方向“强化责任担当，务求工作实效”混用了不同的序号写法（一要……二是），导入后统一编号。",
            "excerpt": "二是勇于担当奉献。面对复杂繁重的工作任务……",
        },
        {
            "code": "half_brackets",
            "message": "有 10 个标题用了半角括号“(一)”；导入后保留半角，规范写法是全角“（一）”。",
            "excerpt": "(一)思想方面。",
        },
        {
            "code": "ascii_quotes",
            "message": '中文里夹用了英文引号（"），共 42 处，宜改为中文引号“”。',
            "excerpt": '# 党支部班子2022年"迎盛会、铸忠诚、强担当、创业……',
        },
        {
            "code": "ascii_punctuation",
            "message": "中文里夹用了半角标点（, : ;），共 8 处，宜改为全角标点。",
            "excerpt": "……支部党员干部经常性开展党性锤炼,坚定共产主义理想信念。但也存……",
        },
    ]


def test_parse_sample_matches_the_hand_structured_demo_fixture(sample_text):
    oracle = json.loads((Path(settings.BASE_DIR) / "fixtures" / "demo.json").read_text("utf-8"))
    expected = oracle["cycles"][0]["committee_material"]

    data = parse_material(sample_text).data

    assert [{k: c[k] for k in ("name", "intro", "items")} for c in data["categories"]] == expected["categories"]
    for key in ("title", "preamble", "extra_sections", "problems_heading", "causes_heading", "causes_intro"):
        assert data[key] == expected[key], key
    for key in ("causes", "directions_heading", "directions_intro", "directions"):
        assert data[key] == expected[key], key


def test_parse_sample_loses_no_character(sample_text):
    parsed = parse_material(sample_text)

    assert lost_and_invented(sample_text, parsed) == ({}, {})
    assert invalid_removals(parsed) == []
    assert [r.text for r in parsed.removed if r.kind != "ordinal"] == ["#"] + ["。"] * 10


# Materials of other shapes -----------------------------------------------------------


def test_parse_personal_outline_with_signature_block():
    parsed = parse_material(read_sample("personal-outline.txt"))
    data = parsed.data

    assert data["title"] == "2022年度专题组织生活会个人发言提纲"
    assert data["problems_heading"] == "存在的主要问题和具体表现"
    assert data["causes_heading"] == "问题产生的原因"
    assert data["directions_heading"] == "下一步整改措施"
    assert [(c["name"], c["heading"], c["intro"]) for c in data["categories"]] == [
        ("理想信念", "", ""),
        ("担当作为", "", ""),
    ]
    assert [i["text"] for i in data["categories"][1]["items"]] == [
        "工作标准不够高。满足于完成领导交办的任务，主动谋划少，比如社区议事会的筹备工作拖到最后一周才完成。",
        "服务群众不够主动。下社区走访多是完成规定次数，与群众交心少。",
        "攻坚克难的劲头不足。遇到矛盾纠纷习惯上交，怕担责任。",
    ]
    assert data["causes"] == [
        {"heading": "理论武装不够到位", "text": "没有把学习当作政治责任，学用脱节。"},
        {"heading": "宗旨意识有所淡化", "text": "对群众的感情不够深，把服务当成任务。"},
    ]
    assert [m["text"] for m in data["directions"][0]["measures"]] == [
        "制定个人学习计划，每周自学不少于五小时，原原本本读原著。",
        "每月撰写一篇学习体会，在支部主题党日上交流。",
    ]
    assert counts(data) == ([2, 3], 2, [2, 3])
    assert data["closing"] == "以上是我的发言提纲，不妥之处，请同志们批评指正。"
    assert data["signature"] == {"name": "张三", "date": "2022-11-24"}
    assert (data["layout"], data["brackets"]) == ("paragraphs", "full")
    assert [w.as_dict() for w in parsed.warnings] == [
        {
            "code": "ordinals_normalised",
            "message": "条目用“一要、二要……”编号，导入后的材料将统一印作“一是、二是……”。",
            "excerpt": "一要、二要",
        }
    ]


def test_parse_school_branch_with_basic_situation_part_and_long_category_headings():
    parsed = parse_material(read_sample("school-branch.txt"))
    data = parsed.data

    assert data["extra_sections"] == [
        {
            "heading": "基本情况",
            "text": "支部现有党员23名，其中预备党员2名，教师党员占全校教师的四成。一年来，支部坚持“三会一课”制度，"
            "开展主题党日12次，组织党员教师结对帮扶学困生46名。\n上年度查摆的5个问题已整改4个，教学骨干培养机制仍在完善中。",
            "placement": "before",
        }
    ]
    assert [(c["name"], c["heading"]) for c in data["categories"]] == [
        (
            "关于发挥政治功能方面，主要是政治引领作用发挥不够充分",
            "关于发挥政治功能方面，主要是政治引领作用发挥不够充分：",
        ),
        (
            "关于发挥党员先锋模范作用方面，主要是示范带动不够明显",
            "关于发挥党员先锋模范作用方面，主要是示范带动不够明显：",
        ),
    ]
    assert data["categories"][0]["items"] == [
        {"text": "思想政治工作与教育教学结合不紧。部分党员教师把党建当成额外负担，例如主题党日常常临时改成教研活动。"},
        {"text": "意识形态阵地管理有薄弱环节。校园公众号的稿件审核只有一人把关。"},
    ]
    assert data["causes_heading"] == "原因分析"
    assert data["directions_heading"] == "努力方向"
    assert counts(data) == ([2, 3], 2, [2, 3])
    assert data["signature"] == {"name": "中共东城区实验小学党支部", "date": "2023-12-20"}
    assert (data["layout"], data["brackets"], data["closing"]) == ("run_on", "full", "")
    assert codes(parsed) == []


def test_parse_democratic_life_meeting_with_six_categories():
    parsed = parse_material(read_sample("democratic-six.txt"))
    data = parsed.data

    assert [c["name"] for c in data["categories"]] == [
        "在学习贯彻新时代中国特色社会主义思想方面",
        "在检视政治能力方面",
        "关于践行宗旨、为民造福方面，主要是为民办实事还不够实",
        "在检视干事创业、担当作为方面",
        "在检视廉洁自律方面",
        "在落实全面从严治党政治责任方面",
    ]
    assert counts(data) == ([2, 2, 2, 2, 2, 2], 3, [2, 2, 2])
    assert data["categories"][2]["items"][1] == {"text": "12328热线诉求办理质量不高，重复投诉较多。"}
    assert data["directions"][2]["measures"][1] == {"text": "12328热线实行回访制度，办结率达到95%以上。"}
    assert data["closing"] == "以上对照检查，不妥之处，恳请各位同志批评指正。"
    assert (data["layout"], data["brackets"]) == ("paragraphs", "full")
    assert codes(parsed) == []


@pytest.mark.parametrize("name", ["personal-outline.txt", "school-branch.txt", "democratic-six.txt"])
def test_parse_other_samples_lose_no_character(name):
    text = read_sample(name)
    parsed = parse_material(text)

    assert lost_and_invented(text, parsed) == ({}, {})
    assert invalid_removals(parsed) == []


# Variants and warnings, one at a time ----------------------------------------------

THREE_PARTS = """标题
一、存在的问题
（一）思想方面。
{problems}
二、原因剖析
（一）学习不够。原因正文。
三、整改措施
（一）加强学习。
{measures}
"""


def material(problems: str = "一是问题一。\n二是问题二。", measures: str = "一是措施一。") -> str:
    return THREE_PARTS.format(problems=problems, measures=measures)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("存在的问题", "problems"),
        ("存在的主要问题和具体表现", "problems"),
        ("查摆的突出问题", "problems"),
        ("产生问题的原因剖析", "causes"),
        ("问题产生的原因", "causes"),
        ("原因分析", "causes"),
        ("今后努力方向和整改措施", "directions"),
        ("下一步整改措施", "directions"),
        ("努力方向", "directions"),
        ("基本情况", "extra"),
        ("上年度整改落实情况", "extra"),
        ("其他需要说明的事项", "extra"),
    ],
)
def test_classify_part_by_heading_words(heading, kind):
    assert classify_part(heading) == kind


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("思想方面", ("思想", "")),
        ("政治功能强不强", ("政治功能强不强", "政治功能强不强")),
        ("关于发挥政治功能方面，主要是：", ("关于发挥政治功能方面，主要是", "关于发挥政治功能方面，主要是：")),
        ("在检视政治能力方面", ("在检视政治能力方面", "在检视政治能力方面")),
        ("方面", ("方面", "方面")),
    ],
)
def test_category_name_from_heading(heading, expected):
    assert category_name(heading) == expected


@pytest.mark.parametrize(
    ("problems", "texts", "layout"),
    [
        ("一是甲。\n二是乙。", ["甲。", "乙。"], "paragraphs"),
        ("一是甲。二是乙。", ["甲。", "乙。"], "run_on"),
        ("一要甲。\n二要乙。", ["甲。", "乙。"], "paragraphs"),
        ("1.甲。\n2.乙。", ["甲。", "乙。"], "paragraphs"),
        ("1、甲。\n2、乙。", ["甲。", "乙。"], "paragraphs"),
        ("（1）甲。\n（2）乙。", ["甲。", "乙。"], "paragraphs"),
        ("(1)甲。(2)乙。", ["甲。", "乙。"], "run_on"),
        ("①甲。②乙。", ["甲。", "乙。"], "run_on"),
        ("引言：一是甲。二是乙。", ["甲。", "乙。"], "run_on"),
        ("1.甲，其中（1）子项；（2）子项。\n2.乙。", ["甲，其中（1）子项；（2）子项。", "乙。"], "paragraphs"),
        ("一是甲。\n甲的具体表现。\n二是乙。", ["甲。\n甲的具体表现。", "乙。"], "paragraphs"),
    ],
)
def test_parse_item_numbering_variants(problems, texts, layout):
    data = parse_material(material(problems=problems, measures="措施。")).data

    assert [i["text"] for i in data["categories"][0]["items"]] == texts
    assert data["layout"] == layout


def test_parse_does_not_split_inside_words():
    data = parse_material(material(problems="一是思想统一是前提，唯一是标准。\n二是乙。")).data

    assert [i["text"] for i in data["categories"][0]["items"]] == ["思想统一是前提，唯一是标准。", "乙。"]


def test_parse_warns_about_a_skipped_ordinal():
    parsed = parse_material(material(problems="一是甲。\n三是乙。"))

    assert codes(parsed) == ["ordinal_skipped"]
    assert parsed.warnings[0].excerpt == "三是乙。"


def test_parse_warns_about_mixed_arabic_styles():
    parsed = parse_material(material(problems="1.甲。\n2、乙。"))

    assert codes(parsed) == ["ordinal_mixed"]


def test_parse_warns_about_a_category_without_items():
    parsed = parse_material(material(problems="只有一段概述，没有分条。"))

    assert parsed.data["categories"][0] == {
        "name": "思想",
        "heading": "",
        "intro": "只有一段概述，没有分条。",
        "items": [],
    }
    assert codes(parsed) == ["empty_category"]


def test_parse_leaves_the_weight_of_the_problems_to_the_content_rule():
    """How much of the text is problems is judged by orglife.materials.document.weight
    (tests/materials/document/test_weight.py), not by the parser."""
    parsed = parse_material(material(problems="一是短。", measures="一是很长很长很长很长的一条整改措施。"))

    assert codes(parsed) == []


def test_parse_warns_about_ascii_quotes_only_in_chinese_text():
    parsed = parse_material(
        material(problems='一是树牢"四个意识"。\n二是读了 the "Python" manual。', measures="一是。")
    )

    assert codes(parsed) == ["ascii_quotes"]
    assert parsed.warnings[0].message == '中文里夹用了英文引号（"），共 2 处，宜改为中文引号“”。'


def test_parse_counts_half_width_marks_as_the_editors_check_and_fix_do():
    problems = "一是学习是否到位?还要加强!\n二是会议开了,但没有落实。\n三是“两学一做”,落实不够。"
    parsed = parse_material(material(problems=problems, measures="一是整改措施要具体，要有时限。"))

    assert codes(parsed) == ["ascii_punctuation"]
    assert parsed.warnings[0].message == "中文里夹用了半角标点（, : ;），共 4 处，宜改为全角标点。"
    assert punctuation_problems(problems) == ["半角标点 , : ;"]
    fixed = "一是学习是否到位？还要加强！\n二是会议开了，但没有落实。\n三是“两学一做”，落实不够。"
    assert fix_punctuation(problems) == fixed


def test_parse_four_parts_with_last_years_rectification_first():
    text = "标题\n开头。\n一、上年度整改落实情况\n去年问题已整改。\n" + material().split("\n", 1)[1].replace(
        "一、", "二、", 1
    ).replace("二、原因", "三、原因").replace("三、整改", "四、整改")

    data = parse_material(text).data

    assert data["extra_sections"] == [
        {"heading": "上年度整改落实情况", "text": "去年问题已整改。", "placement": "before"}
    ]
    assert counts(data) == ([2], 1, [1])


def test_parse_unknown_part_in_the_middle_is_kept_and_reported():
    text = material().replace("二、原因剖析", "二、其他事项\n说明文字。\n三、原因剖析").replace("三、整改", "四、整改")

    parsed = parse_material(text)

    assert parsed.data["extra_sections"] == [{"heading": "其他事项", "text": "说明文字。", "placement": "after"}]
    assert codes(parsed) == ["unknown_part", "section_moved"]


def test_parse_text_before_the_first_category_becomes_an_extra_section():
    text = material().replace("（一）思想方面。", "对照要求，查摆出以下问题：\n（一）思想方面。")

    parsed = parse_material(text)

    assert parsed.data["extra_sections"] == [
        {
            "heading": "存在的问题（开头部分）",
            "text": "对照要求，查摆出以下问题：",
            "placement": "before",
            "generated": True,
        }
    ]
    assert codes(parsed) == ["unplaced_text"]


def test_parse_problems_without_categories_go_to_a_generated_category():
    text = material().replace("（一）思想方面。\n", "")

    parsed = parse_material(text)

    assert parsed.data["categories"] == [
        {
            "name": "综合",
            "heading": "",
            "intro": "",
            "items": [{"text": "问题一。"}, {"text": "问题二。"}],
            "generated": True,
        }
    ]
    assert codes(parsed) == ["no_categories"]


def test_parse_causes_numbered_as_items_become_causes():
    text = material().replace("（一）学习不够。原因正文。", "原因如下：一是学习不够。原因正文。二是监督不严。")

    parsed = parse_material(text)

    assert parsed.data["causes_intro"] == "原因如下："
    assert parsed.data["causes"] == [{"heading": "学习不够", "text": "原因正文。"}, {"heading": "监督不严", "text": ""}]
    assert codes(parsed) == ["items_as_sections"]


def test_parse_repeated_category_is_merged():
    text = material(problems="一是甲。\n（二）思想方面。\n一是乙。")

    parsed = parse_material(text)

    assert parsed.data["categories"] == [
        {"name": "思想", "heading": "", "intro": "", "items": [{"text": "甲。"}, {"text": "乙。"}]}
    ]
    assert codes(parsed) == ["duplicate_category"]
    assert lost_and_invented(text, parsed) == ({}, {})


def test_parse_overlong_section_heading_is_cut_into_the_body():
    heading = "很长的标题" * 25 + "，" + "后半截" * 10
    parsed = parse_material(material().replace("（一）学习不够。原因正文。", f"（一）{heading}。原因正文。"))

    cause = parsed.data["causes"][0]
    assert (len(cause["heading"]), cause["text"]) == (100, heading[100:] + "。原因正文。")
    assert codes(parsed) == ["long_heading"]


def test_parse_text_without_parts_goes_to_the_preamble():
    text = "随便写的一段话。\n没有任何分部分的标题。"

    parsed = parse_material(text)

    assert (parsed.data["title"], parsed.data["preamble"]) == ("", "随便写的一段话。\n没有任何分部分的标题。")
    assert codes(parsed) == ["no_title", "no_parts"]


def test_parse_reports_missing_parts():
    parsed = parse_material("标题\n一、存在的问题\n（一）思想方面。\n一是甲。")

    assert [w.message for w in parsed.warnings] == ["没有找到“原因剖析”部分。", "没有找到“整改措施”部分。"]


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("2022年11月24日", "2022-11-24"),
        ("2022 年 1 月 5 日", "2022-01-05"),
        ("二〇二二年十一月二十四日", "2022-11-24"),
        ("2022年2月30日", None),
        ("2022年11月", None),
    ],
)
def test_parse_date(line, iso):
    date = parse_date(line)

    assert (date.isoformat() if date else None) == iso


def test_parse_signature_without_name_keeps_the_last_paragraph():
    parsed = parse_material(material(measures="一是措施一。\n谢谢大家，请批评指正。\n2022年11月24日"))

    assert parsed.data["signature"] == {"name": "", "date": "2022-11-24"}
    assert parsed.data["closing"] == "谢谢大家，请批评指正。"


# Control characters ----------------------------------------------------------------------


def test_parse_removes_control_characters_and_says_so():
    text = material(problems="一是甲\x01乙。\n二是丙\x7f\x9f。").replace("（一）学习不够。", "（一）学习\x0b不够。")

    parsed = parse_material(text)

    assert [i["text"] for i in parsed.data["categories"][0]["items"]] == ["甲乙。", "丙。"]
    assert parsed.data["causes"] == [{"heading": "学习", "text": "不够。原因正文。"}]  # \v broke the line, as before
    assert codes(parsed) == ["control_chars"]
    assert parsed.warnings[0].message == (
        "文字中有 4 个控制字符（看不见的特殊符号，多来自复制粘贴或其他软件），已删除；"
        "其中 1 个是换行符或分页符，已换成换行。"
    )
    assert ("control", "\x01\x7f\x9f") in [(r.kind, r.text) for r in parsed.removed]
    assert lost_and_invented(text, parsed) == ({}, {})
    assert invalid_removals(parsed) == []


# Part headings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("检视问题情况", "problems"),
        ("查摆问题情况", "problems"),
        ("问题清单", "problems"),
        ("支部工作开展情况", "extra"),
        ("上年度问题整改情况", "extra"),
        ("回顾", "extra"),
    ],
)
def test_classify_part_problem_situation_headings(heading, kind):
    assert classify_part(heading) == kind


def test_parse_standard_2023_problem_heading_starts_the_problems_part():
    parsed = parse_material(material().replace("一、存在的问题", "一、查摆问题情况"))

    assert parsed.data["problems_heading"] == "查摆问题情况"
    assert counts(parsed.data) == ([2], 1, [1])
    assert (parsed.data["extra_sections"], codes(parsed)) == ([], [])


# Layout by majority ------------------------------------------------------------------------


def test_parse_layout_follows_most_lists_and_warns_when_mixed():
    text = material(
        problems="一是甲。二是乙。\n（二）工作方面。\n一是丙。\n二是丁。", measures="一是措施一。\n二是措施二。"
    )

    parsed = parse_material(text)

    assert parsed.data["layout"] == "paragraphs"
    assert codes(parsed) == ["mixed_layout"]
    assert parsed.warnings[0].message == (
        "有 1 组条目连排在段落中，2 组每条单独成段；导入后全文统一按“每条单独成段”排版，请核对。"
    )


def test_parse_layout_is_run_on_when_most_lists_run_on():
    text = material(
        problems="一是甲。二是乙。\n（二）工作方面。\n一是丙。\n二是丁。", measures="一是措施一。二是措施二。"
    )

    parsed = parse_material(text)

    assert parsed.data["layout"] == "run_on"
    assert codes(parsed) == ["mixed_layout"]


# Signature blocks ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "二○二四年一月十日",
        "二Ｏ二四年一月十日",
        "二O二四年一月十日",
        "二0二四年一月十日",
        "2024.1.10",
        "2024/1/10",
        "2024-01-10",
    ],
)
def test_parse_date_variants(line):
    assert parse_date(line) == datetime.date(2024, 1, 10)


@pytest.mark.parametrize("line", ["2024.1/10", "2024.13.1", "1.10", "二○二四年十三月一日"])
def test_parse_date_refuses_near_misses(line):
    assert parse_date(line) is None


@pytest.mark.parametrize(
    ("ending", "signature", "closing"),
    [
        ("张三　2024年1月10日", {"name": "张三", "date": "2024-01-10"}, ""),
        ("张三  二○二四年一月十日", {"name": "张三", "date": "2024-01-10"}, ""),
        ("以上发言请批评指正\n2024.1.10", {"name": "", "date": "2024-01-10"}, "以上发言请批评指正"),
        ("请批评指正\n2024/1/10", {"name": "", "date": "2024-01-10"}, "请批评指正"),
        ("中共第一党支部\n张三\n2024-01-10", {"name": "中共第一党支部 张三", "date": "2024-01-10"}, ""),
        ("中共第一党支部\n张三 2024年1月10日", {"name": "中共第一党支部 张三", "date": "2024-01-10"}, ""),
    ],
)
def test_parse_signature_variants(ending, signature, closing):
    text = material(measures=f"一是措施一。\n{ending}")

    parsed = parse_material(text)

    assert (parsed.data["signature"], parsed.data["closing"]) == (signature, closing)
    assert [m["text"] for m in parsed.data["directions"][0]["measures"]] == ["措施一。"]
    assert codes(parsed) == []
    assert lost_and_invented(text, parsed) == ({}, {})
    assert invalid_removals(parsed) == []


def test_parse_warns_about_short_lines_left_at_the_end_of_the_last_measure():
    problems = "一是理论学习不够系统深入。\n二是联系群众不够经常主动。"
    parsed = parse_material(material(problems=problems, measures="一是措施一。\n王五\n二〇二四年十三月一日"))

    assert parsed.data["directions"][0]["measures"] == [{"text": "措施一。\n王五\n二〇二四年十三月一日"}]
    assert parsed.data["signature"] == {"name": "", "date": None}
    assert codes(parsed) == ["trailing_lines"]
    assert parsed.warnings[0].excerpt == "王五 二〇二四年十三月一日"


# Numbering that assembly prints differently ---------------------------------------------------


def test_parse_notes_each_numbering_style_assembly_changes_once():
    text = material(
        problems="1.甲。\n2.乙。\n（二）工作方面。\n1.丙。\n2.丁。", measures="（1）措施一。\n（2）措施二。"
    )

    parsed = parse_material(text)

    assert [(w.code, w.message) for w in parsed.warnings] == [
        ("ordinals_normalised", "条目用“1. 2.……”编号，导入后的材料将统一印作“一是、二是……”。"),
        ("ordinals_normalised", "条目用“（1）（2）……”编号，导入后的材料将统一印作“一是、二是……”。"),
    ]
    assert all(w.is_info for w in parsed.warnings)


def test_parse_does_not_note_lists_numbered_yi_shi():
    assert codes(parse_material(material())) == []

"""The shapes real materials come in (issue 13), each from a material written for the test:
the exact structure found, what the importer says it did, and no character lost."""

from orglife.materials.importing import parse_material
from orglife.materials.importing.unwrapping import unwrap
from tests.materials.importing.helpers import invalid_removals, lost_and_invented
from tests.materials.importing.shapes import COMMITTEE, OUTLINE, TRADITIONAL, wrap


def codes(parsed):
    return [warning.code for warning in parsed.warnings]


def messages(parsed, code):
    return [warning.message for warning in parsed.warnings if warning.code == code]


def assert_nothing_lost(text, parsed):
    assert lost_and_invented(text, parsed) == ({}, {})
    assert invalid_removals(parsed) == []


COMMITTEE_DATA = {
    "title": "临江区发展和改革局机关党支部2023年度组织生活会班子对照检查材料",
    "preamble": "根据区委组织部关于召开2023年度组织生活会的通知要求，支部委员会认真学习了党章和有关文件，"
    "广泛征求了党员群众的意见建议，开展了谈心谈话。现对照检查如下。",
    "extra_sections": [],
    "problems_heading": "存在的问题",
    "categories": [
        {
            "name": "学习",
            "heading": "",
            "intro": "",
            "items": [
                {
                    "text": "理论学习的系统性不够。集中学习以读文件为主，研讨交流不深，"
                    "比如全年组织专题研讨只有两次，党员发言多是照读材料。"
                },
                {"text": "学用结合不够紧密。学习与业务工作结合不够，用理论指导项目审批的办法不多。"},
            ],
        },
        {
            "name": "工作",
            "heading": "",
            "intro": "",
            "items": [{"text": "服务企业不够主动。对企业反映的审批难题，习惯于等上门，主动上门服务少。"}],
        },
    ],
    "causes_heading": "产生问题的原因剖析",
    "causes_intro": "",
    "causes": [
        {
            "heading": "理论武装不够到位",
            "text": "对学习的重要性认识不足，把学习当成软任务，挤占学习时间的情况时有发生。",
        }
    ],
    "directions_heading": "整改措施",
    "directions_intro": "",
    "directions": [
        {
            "heading": "加强理论学习",
            "intro": "",
            "measures": [
                {"text": "每月组织一次专题研讨，每名支委至少发言一次，发言材料提前一周准备。"},
                {"text": "建立学习台账，每季度通报一次学习情况。"},
            ],
        }
    ],
    "closing": "以上，请批评指正。",
    "signature": {"name": "", "date": None},
    "layout": "paragraphs",
    "brackets": "full",
}


# 1. Text copied out of a PDF ---------------------------------------------------------------


def test_parse_committee_material_as_written():
    parsed = parse_material(COMMITTEE)

    assert parsed.data == COMMITTEE_DATA
    assert codes(parsed) == []


def test_parse_text_copied_out_of_a_pdf_joins_lines_into_paragraphs():
    text = wrap(COMMITTEE, 26)
    assert text.splitlines()[:3] == [
        "临江区发展和改革局机关党支部2023年度组织生活会班子对",
        "照检查材料",
        "根据区委组织部关于召开2023年度组织生活会的通知要求，",
    ]

    parsed = parse_material(text)

    assert parsed.data == COMMITTEE_DATA
    assert messages(parsed, "lines_joined") == [
        "文字每行约 26 字就断行（多是从 PDF 复制的），已把按行折断的文字重新连成段落：9 处断行连成了 7 段，请核对分段。"
    ]
    assert_nothing_lost(text, parsed)


def test_parse_pdf_copy_with_a_title_split_over_three_narrower_lines_joins_the_title():
    title = "临江区发展和改革局机关党支部\n2023年度组织生活会班子\n对照检查材料"
    text = title + "\n" + wrap(COMMITTEE.split("\n", 1)[1], 28)

    parsed = parse_material(text)

    assert parsed.data == COMMITTEE_DATA
    assert codes(parsed) == ["lines_joined", "title_joined"]
    assert messages(parsed, "title_joined") == ["标题分在 3 行，已连成一行。"]
    assert_nothing_lost(text, parsed)


def test_unwrap_keeps_a_paragraph_that_ends_a_full_line_before_an_indented_one():
    lines = ["甲" * 27 + "。", "　　" + "乙" * 26, "乙" * 28, "乙" * 10 + "。", "丙" * 28, "丙" * 5 + "。"]

    unwrapped = unwrap("\n".join(lines))

    assert unwrapped.text == "\n".join(["甲" * 27 + "。", "　　" + "乙" * 64 + "。", "丙" * 33 + "。"])
    assert (unwrapped.width, unwrapped.lines, unwrapped.paragraphs) == (28, 3, 2)


def test_unwrap_leaves_text_whose_lines_are_paragraphs():
    assert unwrap(COMMITTEE).lines == 0
    assert unwrap(COMMITTEE).text == COMMITTEE


# 2. The title, the first part's heading and the first item on one line ----------------------


RUN_ON = (
    "第三党支部2023年度组织生活会对照检查材料 一、存在的主要问题 : 1、理论学习不够深入。满足于读文件，比如读原著少。\n"
    "2、联系群众不够紧密。走访次数少。\n"
    "二、产生问题的原因 （一）宗旨意识淡化。对群众感情不深。\n"
    "三、整改措施\n（一）加强学习。\n一是每周集中学习一次。\n"
)


def test_parse_title_run_on_with_the_first_part_heading_and_item_splits_the_line():
    parsed = parse_material(RUN_ON)

    assert parsed.data["title"] == "第三党支部2023年度组织生活会对照检查材料"
    assert parsed.data["problems_heading"] == "存在的主要问题 :"
    assert parsed.data["categories"] == [
        {
            "name": "综合",
            "heading": "",
            "intro": "",
            "items": [
                {"text": "理论学习不够深入。满足于读文件，比如读原著少。"},
                {"text": "联系群众不够紧密。走访次数少。"},
            ],
            "generated": True,
        }
    ]
    assert parsed.data["causes_heading"] == "产生问题的原因"
    assert parsed.data["causes"] == [{"heading": "宗旨意识淡化", "text": "对群众感情不深。"}]
    assert [d["heading"] for d in parsed.data["directions"]] == ["加强学习"]
    assert messages(parsed, "run_on_heading") == [
        "“一、存在的主要问题 : 1、理论……”与前面的文字连在同一行，已从这里另起一行。",
        "“（一）宗旨意识淡化。对群众感情不……”与前面的文字连在同一行，已从这里另起一行。",
    ]
    assert "no_parts" not in codes(parsed)
    assert_nothing_lost(RUN_ON, parsed)


def test_parse_part_ordinal_inside_a_sentence_does_not_split_the_line():
    text = (
        "标题\n一、存在的问题\n（一）工作方面。\n一是落实不够，在 一、二季度的督查中多次被通报。\n"
        "二、整改措施\n（一）抓落实。\n一是按月督查。"
    )

    parsed = parse_material(text)

    assert parsed.data["categories"][0]["items"] == [{"text": "落实不够，在 一、二季度的督查中多次被通报。"}]
    assert "run_on_heading" not in codes(parsed)


# 3. Traditional characters ---------------------------------------------------------------


def test_parse_traditional_characters_recognises_parts_and_keeps_the_text_as_written():
    parsed = parse_material(TRADITIONAL)

    assert parsed.data == {
        "title": "第二黨支部2023年度組織生活會對照檢查材料",
        "preamble": "根據上級黨委通知要求，現將對照檢查情況報告如下。",
        "extra_sections": [],
        "problems_heading": "存在問題",
        "categories": [
            {
                "name": "學習",
                "heading": "",
                "intro": "",
                "items": [{"text": "理論學習不夠系統。對黨的創新理論學得不深。"}, {"text": "聯繫群眾不夠緊密。"}],
            }
        ],
        "causes_heading": "產生問題的原因",
        "causes_intro": "",
        "causes": [{"heading": "黨性修養有所放鬆", "text": "對自身要求不嚴。"}],
        "directions_heading": "整改措施",
        "directions_intro": "",
        "directions": [{"heading": "加強理論武裝", "intro": "", "measures": [{"text": "制定學習計劃。"}]}],
        "closing": "以上發言，請同志們批評指正。",
        "signature": {"name": "第二黨支部 王某某", "date": "2023-12-05", "labels": ["單位：", "發言人："]},
        "layout": "paragraphs",
        "brackets": "full",
    }
    assert codes(parsed) == ["traditional", "signature_label", "ordinals_normalised"]
    assert messages(parsed, "traditional") == [
        "材料用的是繁体字（56 个字），已按对应的简体字识别标题、序号和署名，文字保持原样；"
        "如需转换为简体字，请在下方勾选“转换为简体字后导入”。"
    ]
    assert_nothing_lost(TRADITIONAL, parsed)


def test_parse_simplified_material_with_a_few_traditional_characters_is_not_called_traditional():
    text = COMMITTEE.replace("学习方面", "學習方面")

    assert "traditional" not in codes(parse_material(text))


# 4. Causes without their own heading inside the problems part --------------------------------


CAUSES_INSIDE = """第四党支部2023年度组织生活会对照检查材料
现对照检查如下。
一、存在的问题
（一）学习方面。
一是理论学习不够深入。比如读原著少。
二是学用结合不紧。
（二）工作方面。经过深入剖析，主要有以下几个方面的问题：
一是服务群众不主动。
二是工作标准不高。产生上述这些问题的原因，经过认真反思，主要有以下几个方面：
一是理想信念有所弱化。对理论学习重视不够。
二是宗旨意识有所淡化。对群众感情不深。
二、整改措施
（一）加强学习。
一是每周学习一次。
"""


def test_parse_sentence_announcing_causes_starts_the_causes_part():
    parsed = parse_material(CAUSES_INSIDE)

    assert [c["name"] for c in parsed.data["categories"]] == ["学习", "工作"]
    assert parsed.data["categories"][1] == {
        "name": "工作",
        "heading": "",
        "intro": "经过深入剖析，主要有以下几个方面的问题：",
        "items": [{"text": "服务群众不主动。"}, {"text": "工作标准不高。"}],
    }
    assert parsed.data["causes_heading"] == ""
    assert parsed.data["causes_intro"] == "产生上述这些问题的原因，经过认真反思，主要有以下几个方面："
    assert parsed.data["causes"] == [
        {"heading": "理想信念有所弱化", "text": "对理论学习重视不够。"},
        {"heading": "宗旨意识有所淡化", "text": "对群众感情不深。"},
    ]
    assert codes(parsed) == ["causes_in_problems", "items_as_sections"]
    assert messages(parsed, "causes_in_problems") == [
        "问题部分中的“产生上述这些问题的原因，经过认真反思，主……”引出了原因，"
        "已从这里起把后面的文字作为原因剖析部分（原文这一部分没有标题，导入后用材料原有的标题）。"
    ]
    assert_nothing_lost(CAUSES_INSIDE, parsed)


def test_parse_sentence_about_causes_is_left_alone_when_the_material_has_a_causes_part():
    text = CAUSES_INSIDE.replace("二、整改措施", "二、原因剖析\n（一）放松要求。\n三、整改措施")

    parsed = parse_material(text)

    assert parsed.data["causes"] == [{"heading": "放松要求", "text": ""}]
    assert len(parsed.data["categories"][1]["items"]) == 4
    assert "causes_in_problems" not in codes(parsed)


# 5. Personal outlines numbered "1. 政治理论学习方面。……" --------------------------------------


def test_parse_numbered_problems_naming_aspects_become_categories():
    parsed = parse_material(OUTLINE)

    assert parsed.data["categories"] == [
        {"name": "政治理论学习", "heading": "", "intro": "", "items": [{"text": "自学时间少，比如原著只读了摘要。"}]},
        {"name": "担当作为方面", "heading": "担当作为方面：", "intro": "", "items": [{"text": "遇到矛盾习惯上交。"}]},
        {"name": "作风", "heading": "", "intro": "", "items": [{"text": "开会迟到过两次。"}, {"text": "下社区少。"}]},
        {"name": "综合", "heading": "", "intro": "", "items": [{"text": "有时对自己要求不严。"}], "generated": True},
    ]
    assert messages(parsed, "items_as_categories") == [
        "问题部分没有用（一）（二）分方面，但有 3 条以“……方面”开头，已把每条作为一个方面，"
        "其余 1 条归入“综合”方面，请核对。"
    ]
    assert "no_categories" not in codes(parsed)
    assert "ordinals_normalised" in codes(parsed)  # 一要 of the measures, not 1. of the aspects
    assert messages(parsed, "ordinals_normalised") == [
        "条目用“一要、二要……”编号，导入后的材料将统一印作“一是、二是……”。"
    ]
    assert_nothing_lost(OUTLINE, parsed)


# 6. The signature keeps its label -----------------------------------------------------------


def test_parse_signature_label_is_kept_apart_from_the_name():
    parsed = parse_material(OUTLINE)

    assert parsed.data["signature"] == {"name": "王某某", "date": "2023-12-05", "labels": ["发言人："]}
    assert messages(parsed, "signature_label") == [
        "署名中的“发言人：”是标签，已与姓名分开，署名只保留“王某某”（打印时按公文格式只印署名）。"
    ]


def test_parse_labelled_name_without_a_date_is_the_signature():
    text = OUTLINE.replace("\n2023年12月5日", "").replace("发言人：王某某", "发言人:王某某")

    parsed = parse_material(text)

    assert parsed.data["signature"] == {"name": "王某某", "date": None, "labels": ["发言人:"]}
    assert parsed.data["directions"][0]["measures"] == [{"text": "每周自学五小时。"}]
    assert_nothing_lost(text, parsed)

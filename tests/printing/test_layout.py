import pytest
from hypothesis import given
from hypothesis import strategies as st

from orglife.printing.layout import (
    NO_LINE_END,
    NO_LINE_START,
    TITLE_CAPACITY,
    WORD_JOINER,
    balance_title,
    glue_nonstarters,
    signature_indents,
    text_width,
)


def test_balance_title_keeps_a_short_title_on_one_line():
    assert balance_title("党支部班子对照检查材料") == ["党支部班子对照检查材料"]


def test_balance_title_breaks_between_words_of_the_demo_title():
    title = '党支部班子2022年"迎盛会、铸忠诚、强担当、创业绩"主题教育专题组织生活会对照检查材料'

    assert balance_title(title) == [
        '党支部班子2022年"迎盛会、',
        '铸忠诚、强担当、创业绩"主题教育',
        "专题组织生活会对照检查材料",
    ]


def test_balance_title_avoids_a_short_last_line():
    # 21 characters: a plain wrap would leave 1 character alone on line two.
    assert balance_title("第一党支部2023年度组织生活会对照检查材料") == ["第一党支部2023年度", "组织生活会对照检查材料"]


def test_balance_title_keeps_numbers_whole():
    lines = balance_title("一二三四五六七八九十一二三四五六七八2024年度组织生活会对照检查材料")

    assert all("2024" in line or not any(c.isdigit() for c in line) for line in lines)


CJK = st.sampled_from(list("党支部班子组织生活会对照检查材料学习主题教育专题年度一二三") + list("，、“”《》（）"))


@given(st.lists(CJK, min_size=1, max_size=120).map("".join))
def test_balance_title_lines_are_legal_and_even(title):
    lines = balance_title(title)

    assert "".join(lines) == title
    if len(lines) > 1:
        assert all(text_width(line) <= TITLE_CAPACITY for line in lines)
        assert all(line[0] not in NO_LINE_START for line in lines[1:])
        assert all(line[-1] not in NO_LINE_END for line in lines[:-1])
        assert len(lines[-1]) >= 3


def test_glue_nonstarters_joins_middle_dot_and_tilde_to_the_character_before():
    assert glue_nonstarters("马克思·恩格斯，1～2") == f"马克思{WORD_JOINER}·恩格斯，1{WORD_JOINER}～2"


@pytest.mark.parametrize(
    ("signature", "date", "expected"),
    [
        # Long signer: it keeps 2 characters, the date starts 2 characters right of it.
        ("中共临江区发展和改革局机关党支部", "2022年11月5日", (2.0, 16 - 6.5)),
        # Short signer: the date keeps 2 characters, the signer starts 2 left of it.
        ("第一党支部", "2022年11月15日", (2.0 + 7.0 + 2.0 - 5, 2.0)),
    ],
)
def test_signature_indents_follow_gb9704(signature, date, expected):
    assert signature_indents(signature, date) == pytest.approx(expected)

import datetime

import pytest

from orglife.common.ordinals import chinese_date, chinese_number, item_ordinal, part_ordinal, section_ordinal


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "一"),
        (9, "九"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (23, "二十三"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1001, "一千零一"),
    ],
)
def test_chinese_number_values(n, expected):
    assert chinese_number(n) == expected


def test_chinese_number_out_of_range_raises():
    with pytest.raises(ValueError, match=r"1\.\.9999"):
        chinese_number(0)


def test_ordinals_by_level():
    assert [part_ordinal(2), section_ordinal(3), section_ordinal(3, half_width=True), item_ordinal(12)] == [
        "二、",
        "（三）",
        "(三)",
        "十二是",
    ]


def test_chinese_date_has_no_leading_zeros():
    assert chinese_date(datetime.date(2022, 11, 5)) == "2022年11月5日"

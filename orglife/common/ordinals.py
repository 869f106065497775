"""Chinese ordinals generated from positions (1-based), never typed by hand."""

import datetime

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (1..9999)."""
    if not 1 <= n <= 9999:
        raise ValueError(f"chinese_number supports 1..9999, got {n}")
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    out = []
    pending_zero = False
    for value, unit in units:
        digit, n = divmod(n, value)
        if digit:
            if pending_zero:
                out.append("零")
                pending_zero = False
            out.append(_DIGITS[digit] + unit)
        elif out:
            pending_zero = True
    text = "".join(out)
    # 十二, not 一十二, when ten is the leading unit.
    return text[1:] if text.startswith("一十") else text


def part_ordinal(n: int) -> str:
    """Level 1: 一、"""
    return f"{chinese_number(n)}、"


def section_ordinal(n: int, *, half_width: bool = False) -> str:
    """Level 2: （一） or, where a material keeps them, (一)."""
    return f"({chinese_number(n)})" if half_width else f"（{chinese_number(n)}）"


def item_ordinal(n: int) -> str:
    """Items inside a paragraph: 一是"""
    return f"{chinese_number(n)}是"


def chinese_date(d: datetime.date) -> str:
    """Arabic numerals without leading zeros, as GB/T 9704 asks: 2022年11月5日."""
    return f"{d.year}年{d.month}月{d.day}日"

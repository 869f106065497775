"""The revision compare stays bounded on long texts (issue 11, item 5)."""

import random

from orglife.materials.document.diff import Budget, Segment, char_segments, diff_paragraphs, opcodes, sentences


def _text(n: int, seed: int) -> str:
    alphabet = "学习不够深入理论联系实际工作作风扎实担当作为群众路线宗旨意识"
    rng = random.Random(seed)
    return "".join(rng.choice(alphabet) for _ in range(n))


def _rebuilt(segments: list[Segment], side: str) -> str:
    keep = {"old": ("equal", "delete"), "new": ("equal", "insert")}[side]
    return "".join(s.text for s in segments if s.op in keep)


def test_diff_paragraphs_two_long_different_paragraphs_fall_back_to_sentences():
    old = "。".join(_text(40, n) for n in range(500))  # 20,499 characters in 500 sentences
    new = "。".join(_text(40, n + 1000) for n in range(500))

    rows = diff_paragraphs([old], [new])

    assert [(row.op, row.coarse) for row in rows] == [("replace", True)]
    assert (_rebuilt(rows[0].segments, "old"), _rebuilt(rows[0].segments, "new")) == (old, new)


def test_diff_paragraphs_a_long_paragraph_without_sentences_is_shown_whole():
    old, new = _text(20_000, 1), _text(20_000, 2)

    rows = diff_paragraphs([old], [new])

    assert [(row.op, row.coarse, row.segments) for row in rows] == [
        ("replace", True, [Segment("delete", old), Segment("insert", new)])
    ]


def test_diff_paragraphs_a_small_edit_in_a_long_paragraph_stays_character_exact():
    old = _text(20_000, 1)
    new = old[:10_000] + "（补充）" + old[10_000:]

    rows = diff_paragraphs([old], [new])

    assert [(row.op, row.coarse) for row in rows] == [("replace", False)]
    assert rows[0].segments == [
        Segment("equal", old[:10_000]),
        Segment("insert", "（补充）"),
        Segment("equal", old[10_000:]),
    ]


def test_diff_paragraphs_too_many_paragraphs_to_align_keep_the_common_ends():
    old = ["标题", *(_text(5, n) for n in range(3000)), "结尾"]
    new = ["标题", *(_text(5, n + 5000) for n in range(3000)), "结尾"]

    rows = diff_paragraphs(old, new, Budget(10_000))

    assert (rows[0].op, rows[-1].op) == ("equal", "equal")
    assert [row.op for row in rows[1:-1]] == ["delete"] * 3000 + ["insert"] * 3000
    assert all(row.coarse for row in rows[1:-1])


def test_opcodes_over_budget_is_none_and_within_is_a_shortest_script():
    assert opcodes("啊哦额" * 300, "额哦啊" * 300, Budget(1000)) is None
    assert opcodes("学习不够深入。", "学习很不够系统。", Budget(1000)) == [
        ("equal", 0, 2, 0, 2),
        ("insert", 2, 2, 2, 3),
        ("equal", 2, 4, 3, 5),
        ("replace", 4, 6, 5, 7),
        ("equal", 6, 7, 7, 8),
    ]


def test_char_segments_repetitive_text_that_took_difflib_minutes_is_bounded():
    # difflib's SequenceMatcher needed about 19 s for this at 1,500 characters (cubic growth).
    assert char_segments("啊哦额" * 7000, "额哦啊" * 7000, Budget()) is None


def test_sentences_cut_after_each_end_mark_and_keep_every_character():
    assert sentences("一是学习。二是工作！三是？\n四是；五") == [
        "一是学习。",
        "二是工作！",
        "三是？",
        "\n",
        "四是；",
        "五",
    ]

import datetime

from orglife.common.punctuation import fix_punctuation, punctuation_problems
from orglife.materials.document.checks import check_material, previous_material, similarity
from orglife.models import Material
from tests.factories import (
    make_category,
    make_cause,
    make_cycle,
    make_direction,
    make_material,
    make_measure,
    make_problem,
)


def codes(material):
    return [(f.code, f.anchor) for f in check_material(material)]


def test_complete_material_has_no_findings(world):
    m = world.material
    problems = []
    for n, category in enumerate(world.categories, start=1):
        problems.append(
            make_problem(
                material=m, category=category, position=1, text=f"问题{n}，比如2022年3月有{n}次学习缺席，" + "具体" * 30
            )
        )
    make_cause(material=m, position=1, heading="党性修养不够", body="放松了理论学习。" * 10)
    direction = make_direction(material=m, position=1, heading="加强学习")
    measure = make_measure(
        direction=direction, position=1, text="每周学习。", owner=world.member, deadline=datetime.date(2023, 1, 1)
    )
    measure.problems.set(problems)

    assert check_material(m) == []


def test_findings_point_at_their_places(world):
    m = world.material
    vague = make_problem(material=m, category=world.categories[1], position=1, text="学习不够深入。")
    direction = make_direction(material=m, position=1, heading="加强学习")
    loose = make_measure(direction=direction, position=1, text="认真学习。", owner=world.member)

    found = check_material(m)

    assert [(f.code, f.anchor) for f in found] == [
        ("empty_category", f"category-{world.categories[0].pk}"),
        ("empty_category", f"category-{world.categories[2].pk}"),
        ("empty_category", f"category-{world.categories[3].pk}"),
        ("unanswered_problem", f"problem-{vague.pk}"),
        ("not_concrete", f"problem-{vague.pk}"),
        ("measure_incomplete", f"measure-{loose.pk}"),
        ("thin_core", "problems"),
    ]
    assert found[5].message == "整改措施“认真学习。”没有完成时限。"
    assert found[6].message == "问题和原因只占全文的13%（7/52字），应当占一半以上。"


def test_half_width_punctuation_is_found_and_fixable(world):
    m = world.material
    m.brackets = Material.Brackets.HALF
    m.save()
    text = '树立"四个意识"，比如2022年(上半年)落实不够,工作滞后。'
    problem = make_problem(material=m, category=world.categories[0], position=1, text=text)

    found = [f for f in check_material(m) if f.fixable]

    assert [(f.code, f.anchor, f.message) for f in found] == [
        ("half_width_ordinals", "format", "序号使用了半角括号(一)，公文应为（一）。"),
        (
            "half_width_punctuation",
            f"problem-{problem.pk}",
            '问题中有英文引号 "、半角括号 ( )、半角标点 , : ;，应使用中文标点。',
        ),
    ]


def test_problem_repeating_last_years_is_shown_with_the_pair(world):
    last_year = make_cycle(branch=world.branch, year=2021, title="2021年度组织生活会")
    old_category = make_category(cycle=last_year, position=1, name="思想")
    old = make_material(cycle=last_year, title="2021年班子材料")
    make_problem(
        material=old, category=old_category, position=1, text="理论学习不够深入系统，学用结合不紧。比如3次缺席。"
    )
    make_problem(
        material=world.material,
        category=world.categories[0],
        position=1,
        text="理论学习不够深入系统，学用结合不够紧。比如2次缺席。",
    )
    make_problem(
        material=world.material, category=world.categories[0], position=2, text="服务群众意识淡薄，比如窗口排队1小时。"
    )

    repeats = [f for f in check_material(world.material) if f.code == "repeated_problem"]

    assert previous_material(world.material) == old
    assert len(repeats) == 1
    assert repeats[0].message == "思想方面第1个问题与2021年的问题相似度88%，疑似照搬往年问题。"
    assert repeats[0].pair == (
        "理论学习不够深入系统，学用结合不够紧。比如2次缺席。",
        "理论学习不够深入系统，学用结合不紧。比如3次缺席。",
    )


def test_previous_material_is_of_the_same_branch_and_kind(world):
    other_branch = make_cycle(branch=world.other_branch, year=2021, title="别的支部")
    make_material(cycle=other_branch, title="别的支部材料")

    assert previous_material(world.material) is None


def test_similarity_of_chinese_text():
    assert (similarity("学习不够深入", "学习不够深入"), similarity("学习不够深入", "服务群众意识")) == (1.0, 0.0)


def test_punctuation_fix_pairs_quotes_per_paragraph_and_leaves_latin_text_alone():
    assert fix_punctuation('他说"好",又说"行"\n"新段"') == "他说“好”，又说“行”\n“新段”"
    assert fix_punctuation('Say "hi" (ok)') == 'Say "hi" (ok)'
    assert punctuation_problems("全是中文，没有问题。") == []

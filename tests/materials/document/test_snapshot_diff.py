from orglife.demo import load_demo
from orglife.materials.document.assembly import assembled_text
from orglife.materials.document.diff import Segment, char_segments, diff_paragraphs
from orglife.materials.document.snapshot import material_from_data
from orglife.materials.revisions.services import material_to_data
from orglife.models import Material


def test_material_from_data_assembles_like_the_stored_material(db, django_assert_num_queries):
    load_demo()
    material = Material.objects.get(kind=Material.Kind.COMMITTEE)
    data = material_to_data(material)
    data["categories"][0]["items"][0]["text"] = "改过的第一个问题。"

    with django_assert_num_queries(2):  # the cycle and its categories, nothing else
        clone = material_from_data(material, data)
        text = assembled_text(clone)

    original = assembled_text(Material.objects.get(kind=Material.Kind.COMMITTEE))
    assert text.split("\n\n")[:3] == original.split("\n\n")[:3]
    assert text.split("\n\n")[4].startswith("支部领导班子虽然能够自觉树立")
    assert "但也存在一些问题:一是改过的第一个问题。二是意识形态工作机制不够完善。" in text
    assert len(text.split("\n\n")) == len(original.split("\n\n"))


def test_material_from_data_adds_categories_the_cycle_lacks(world):
    data = {"title": "新材料", "categories": [{"name": "纪律", "intro": "", "items": [{"text": "纪律松弛。"}]}]}

    text = assembled_text(material_from_data(world.material, data))

    assert text.split("\n\n") == ["新材料", "一、存在的问题", "（一）纪律方面。", "一是纪律松弛。"]


def test_two_snapshots_of_one_instance_keep_apart_and_leave_it_as_it_was(world):
    first = {"title": "甲", "categories": [{"name": "纪律", "intro": "", "items": [{"text": "纪律松弛。"}]}]}
    second = {"title": "乙", "categories": [{"name": "作风", "intro": "", "items": [{"text": "作风漂浮。"}]}]}

    a = material_from_data(world.material, first)
    b = material_from_data(world.material, second)

    assert assembled_text(a).split("\n\n") == ["甲", "一、存在的问题", "（一）纪律方面。", "一是纪律松弛。"]
    assert assembled_text(b).split("\n\n") == ["乙", "一、存在的问题", "（一）作风方面。", "一是作风漂浮。"]
    assert [c.name for c in world.material.cycle.categories.all()] == ["思想", "学习", "工作", "生活"]
    assert world.material.cycle is not a.cycle and world.material.cycle is not b.cycle


def test_char_segments_mark_exactly_the_changed_characters():
    assert char_segments("学习不够深入。", "学习很不够系统。") == [
        Segment("equal", "学习"),
        Segment("insert", "很"),
        Segment("equal", "不够"),
        Segment("delete", "深入"),
        Segment("insert", "系统"),
        Segment("equal", "。"),
    ]


def test_diff_paragraphs_aligns_paragraphs_then_characters():
    rows = diff_paragraphs(["标题", "第一段。", "第二段。"], ["标题", "第一段！", "新增段。", "第二段。"])

    assert [(row.op, [(s.op, s.text) for s in row.segments]) for row in rows] == [
        ("equal", [("equal", "标题")]),
        ("replace", [("equal", "第一段"), ("delete", "。"), ("insert", "！")]),
        ("insert", [("insert", "新增段。")]),
        ("equal", [("equal", "第二段。")]),
    ]

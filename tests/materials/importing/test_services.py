import json
import threading
import unicodedata
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from orglife.materials.document.assembly import assembled_text
from orglife.materials.importing import fit_categories, parse_material
from orglife.materials.importing import services as importing
from orglife.materials.importing.services import material_import
from orglife.materials.revisions.services import material_replace, material_to_data, revision_restore
from orglife.materials.services import material_fill
from orglife.models import Category, Cycle, Material, MaterialRevision, Problem
from orglife.printing.material import material_docx
from tests.factories import make_category, make_cycle, make_material
from tests.materials.importing.conftest import read_sample
from tests.materials.importing.helpers import lost_and_invented


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_import_sample_assembles_back_to_the_sample(world, sample_text):
    outcome = material_import(cycle=world.cycle, text=sample_text, by=world.secretary)

    expected = (
        sample_text.removeprefix("# ")  # the markdown title mark is dropped
        .replace("二是对党的创新理论", "三是对党的创新理论")  # the repeated 二是 is renumbered
        .replace("一要树牢群众观念", "一是树牢群众观念")  # the odd 一要 among 二是、三是 becomes 一是
    )
    assert paragraphs(assembled_text(outcome.material)) == paragraphs(expected)
    assert paragraphs(assembled_text(outcome.material)) != paragraphs(sample_text)  # the fixes above are real
    assert outcome.material == world.material
    assert (outcome.material.layout, outcome.material.brackets) == ("run_on", "half")
    assert Problem.objects.filter(material=world.material).count() == 12


def test_import_school_branch_assembles_back_exactly(world):
    text = read_sample("school-branch.txt")

    outcome = material_import(cycle=world.cycle, text=text)

    assert paragraphs(assembled_text(outcome.material)) == paragraphs(text)
    new = Category.objects.filter(cycle=world.cycle, position__gt=4).order_by("position")
    assert [(c.name, c.heading, c.position) for c in new] == [
        (
            "关于发挥政治功能方面，主要是政治引领作用发挥不够充分",
            "关于发挥政治功能方面，主要是政治引领作用发挥不够充分：",
            5,
        ),
        (
            "关于发挥党员先锋模范作用方面，主要是示范带动不够明显",
            "关于发挥党员先锋模范作用方面，主要是示范带动不够明显：",
            6,
        ),
    ]
    assert (outcome.material.signature, outcome.material.signed_on.isoformat()) == (
        "中共东城区实验小学党支部",
        "2023-12-20",
    )


def test_import_personal_outline_as_the_members_personal_material(world):
    text = read_sample("personal-outline.txt")
    for position, name in enumerate(["理想信念", "担当作为"], start=5):  # added by the committee beforehand
        make_category(cycle=world.cycle, position=position, name=name)

    outcome = material_import(cycle=world.cycle, text=text, author=world.member, by=world.member)

    assert (outcome.created, outcome.revision, outcome.material.kind, outcome.material.author) == (
        True,
        None,
        Material.Kind.PERSONAL,
        world.member,
    )
    # Assembly numbers every item 一是、二是…, so the outline's 一要、二要 come back as 一是、二是.
    expected = text.replace("一要", "一是").replace("二要", "二是").replace("三要", "三是")
    assert paragraphs(assembled_text(outcome.material)) == paragraphs(expected)


def test_import_democratic_six_categories_keeps_content(world):
    text = read_sample("democratic-six.txt")

    outcome = material_import(cycle=world.cycle, text=text)

    # The two differences assembly makes, by design: a category heading without
    # punctuation gets 。, and with items one per paragraph (layout "paragraphs") a
    # cause's heading stands in its own paragraph instead of running into its text.
    expected = []
    for paragraph in paragraphs(text):
        if paragraph.startswith(("（一）在", "（二）在", "（四）在", "（五）在", "（六）在")):
            expected.append(paragraph + "。")
        elif paragraph.startswith(("（一）理论学习有所放松。", "（二）党性修养", "（三）宗旨意识")):
            expected += [paragraph[: paragraph.index("。") + 1], paragraph[paragraph.index("。") + 1 :]]
        else:
            expected.append(paragraph)
    assert paragraphs(assembled_text(outcome.material)) == expected
    assert outcome.material.problems.count() == 12


def test_import_creates_the_committee_material_when_missing(world):
    cycle = make_cycle(branch=world.branch, year=2023, title="2023年度组织生活会")

    outcome = material_import(cycle=cycle, text="一、存在的问题\n（一）思想方面。\n一是甲。")

    assert (outcome.created, outcome.revision) == (True, None)
    assert outcome.material.title == "2023年度组织生活会对照检查材料"  # no title in the text
    assert outcome.material.kind == Material.Kind.COMMITTEE


def test_import_into_an_existing_material_saves_a_revision_first(world, sample_text):
    material_import(cycle=world.cycle, text=sample_text)
    before = material_to_data(world.material)

    outcome = material_import(
        cycle=world.cycle, text=read_sample("school-branch.txt"), by=world.committee, source="a.txt"
    )

    assert outcome.revision.data == before
    assert (outcome.revision.reason, outcome.revision.created_by, outcome.revision.automatic) == (
        "导入前自动保存（导入a.txt）",
        world.committee,
        True,
    )
    assert outcome.material.title == "中共东城区实验小学党支部2023年度组织生活会对照检查材料"


def test_material_to_data_is_the_inverse_of_material_fill(world):
    demo = json.loads((Path(settings.BASE_DIR) / "fixtures" / "demo.json").read_text("utf-8"))
    data = demo["cycles"][0]["committee_material"]
    material_fill(material=world.material, data=data)

    result = material_to_data(world.material)

    for category, name in zip(result["categories"], ["思想", "学习", "工作", "生活"], strict=True):
        assert category.pop("heading") == ""
        assert category.pop("id") == world.cycle.categories.get(name=name).pk
    assert result == {**data, "closing": "", "signature": {"name": "", "date": None}}
    other = make_material(cycle=world.cycle, kind="personal", author=world.member, title="x")
    material_fill(material=other, data=material_to_data(world.material))
    assert material_to_data(other) == material_to_data(world.material)


def test_material_replace_changes_nothing_when_the_data_is_invalid(world, sample_text):
    material_import(cycle=world.cycle, text=sample_text)
    before = material_to_data(world.material)
    revisions = MaterialRevision.objects.count()

    with pytest.raises(ValidationError):
        material_replace(material=world.material, data={"title": "新标题", "layout": "sideways"}, by=None, reason="x")

    assert material_to_data(world.material) == before
    assert MaterialRevision.objects.count() == revisions


def test_revision_restore_puts_the_old_content_back_and_saves_the_replaced_one(world, sample_text):
    empty = material_to_data(world.material)
    first = material_import(cycle=world.cycle, text=sample_text).revision
    imported = material_to_data(world.material)

    second = revision_restore(revision=first, by=world.secretary)

    assert material_to_data(world.material) == empty
    assert (second.data, second.reason, second.created_by) == (imported, "恢复前自动保存", world.secretary)


# A member's import may not change the cycle's categories ----------------------------------

MEMBER_TEXT = """个人发言提纲
一、存在的问题
（一）思想方面。
一是甲。
（二）在廉洁自律方面
引言。
一是乙。
二是丙。
二、原因剖析
（一）学习不够。原因正文。
三、整改措施
（一）加强学习。
一是措施。
"""


def category_rows(cycle: Cycle) -> list[tuple[str, str, int]]:
    return list(cycle.categories.order_by("position").values_list("name", "heading", "position"))


def test_member_personal_import_keeps_the_cycles_categories_and_loses_nothing(world):
    before = category_rows(world.cycle)

    outcome = material_import(cycle=world.cycle, text=MEMBER_TEXT, author=world.member, by=world.member)

    assert category_rows(world.cycle) == before
    assert [(c["name"], len(c["items"])) for c in outcome.parsed.data["categories"]] == [("思想", 1)]
    assert [(s.heading, s.body, s.placement) for s in outcome.material.sections.all()] == [
        ("在廉洁自律方面", "引言。\n乙。\n丙。", "before")
    ]
    assert [w.as_dict() for w in outcome.parsed.warnings if w.code == "unknown_category"] == [
        {
            "code": "unknown_category",
            "message": "“在廉洁自律方面”不是本次组织生活会的查摆方面，已作为其他部分保存；"
            "如需单列，请支部委员先添加该方面。",
            "excerpt": "在廉洁自律方面",
        }
    ]
    assert lost_and_invented(MEMBER_TEXT, outcome.parsed) == ({}, {})
    assert outcome.material.problems.count() == 1


def test_member_personal_import_replacing_their_material_keeps_the_categories(world):
    material_import(cycle=world.cycle, text="一、存在的问题\n（一）思想方面。\n一是甲。", author=world.member)
    before = category_rows(world.cycle)

    outcome = material_import(cycle=world.cycle, text=MEMBER_TEXT, author=world.member, by=world.member)

    assert (outcome.created, category_rows(world.cycle)) == (False, before)
    assert outcome.material.sections.get().heading == "在廉洁自律方面"


@pytest.mark.parametrize("who", ["committee", "secretary"])
def test_committee_import_still_adds_the_categories_it_names(world, who):
    user = getattr(world, who)

    outcome = material_import(cycle=world.cycle, text=MEMBER_TEXT, author=user, by=user)

    assert category_rows(world.cycle)[4:] == [("在廉洁自律方面", "在廉洁自律方面", 5)]
    assert outcome.material.sections.count() == 0
    assert "unknown_category" not in [w.code for w in outcome.parsed.warnings]


def test_generated_category_moved_for_a_member_keeps_its_made_up_heading_out_of_the_count():
    parsed = fit_categories(parse_material("标题\n一、存在的问题\n一是甲。\n二是乙。"), known={"思想"})

    assert parsed.data["categories"] == []
    assert parsed.data["extra_sections"] == [
        {"heading": "综合方面", "text": "甲。\n乙。", "placement": "before", "generated": True}
    ]


# Control characters never reach the material -----------------------------------------------


def test_imported_control_characters_do_not_reach_the_material_or_the_word_file(world):
    text = (
        "标题\x01\n一、存在的问题\n（一）思想方面。\n一是甲\x1b乙。\x0c二是丙\x85丁。\n"
        "二、原因剖析\n（一）学习\x7f不够。"
    )

    outcome = material_import(cycle=world.cycle, text=text)

    assembled = assembled_text(outcome.material)
    assert not [char for char in assembled if unicodedata.category(char) == "Cc" and char not in "\t\n\r"]
    assert [p.text for p in outcome.material.problems.order_by("position")] == ["甲乙。", "丙\n丁。"]
    assert "control_chars" in [w.code for w in outcome.parsed.warnings]
    assert material_docx(outcome.material).startswith(b"PK")


# Concurrent imports ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_imports_into_one_cycle_run_one_after_the_other(world):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database cannot take concurrent writers; CI runs this on PostgreSQL.")
    both_looked = threading.Barrier(2, timeout=3)
    looked_up = importing.import_target

    def import_target_then_wait(**kwargs):
        """Without the cycle lock both imports find no material here, then both create one."""
        found = looked_up(**kwargs)
        try:
            both_looked.wait()
        except threading.BrokenBarrierError:
            pass  # the other import is waiting for the lock: go on alone
        return found

    errors: list[Exception] = []

    def run(n: int) -> None:
        try:
            material_import(cycle=world.cycle, text=MEMBER_TEXT.replace("甲", f"甲{n}"), author=world.member)
        except Exception as exc:  # any failure is the test's finding
            errors.append(exc)
        finally:
            connection.close()

    with mock.patch.object(importing, "import_target", import_target_then_wait):
        threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    material = Material.objects.get(kind="personal", author=world.member)
    assert material.revisions.count() == 1  # the second import replaced the first, saving it first
    assert len(category_rows(world.cycle)) == 5

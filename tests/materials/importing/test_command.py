import io
import json

import pytest
from django.core.management import CommandError, call_command

from orglife.models import Material, MaterialRevision
from tests.materials.importing.conftest import SAMPLES
from tests.materials.importing.shapes import TRADITIONAL

SAMPLE = SAMPLES / "branch-2022-material.txt"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_material", *args, stdout=out)
    return out.getvalue()


def test_command_json_prints_the_parsed_structure():
    data = json.loads(run(str(SAMPLE), "--json"))

    assert set(data) >= {
        "title",
        "preamble",
        "extra_sections",
        "categories",
        "causes",
        "directions",
        "closing",
        "signature",
        "warnings",
    }
    assert data["categories"][0]["name"] == "思想"
    assert set(data["categories"][0]) >= {"name", "intro", "items"}
    assert data["categories"][0]["items"][2]["text"].startswith("对党的创新理论贯彻落实有偏差。")
    assert [len(c["items"]) for c in data["categories"]] == [3, 3, 3, 3]
    assert [c["heading"] for c in data["causes"]] == ["党性修养锤炼不够", "初心使命意识不强", "监督管理约束不严"]
    assert data["causes"][0]["text"].startswith("无论是政治站位不高")
    assert [len(d["measures"]) for d in data["directions"]] == [4, 3, 3]
    assert data["directions"][2]["measures"][0]["text"].startswith("树牢群众观念。")
    assert data["signature"] == {"name": "", "date": None}
    assert [w["code"] for w in data["warnings"]] == [
        "ordinal_repeated",
        "ordinal_mixed",
        "half_brackets",
        "ascii_quotes",
        "ascii_punctuation",
    ]
    assert set(data["warnings"][0]) == {"code", "message", "excerpt"}


def test_command_json_alone_writes_nothing(db):
    run(str(SAMPLE), "--json")

    assert Material.objects.count() == 0


def test_command_with_cycle_writes_the_committee_material(world):
    output = run(str(SAMPLE), "--cycle", str(world.cycle.pk))

    world.material.refresh_from_db()
    assert world.material.title.startswith("党支部班子2022年")
    assert world.material.problems.count() == 12
    revision = MaterialRevision.objects.get()
    assert output.splitlines()[-1] == (
        f"已导入到材料 #{world.material.pk}“{world.material.title}”，原内容已保存为历史版本 #{revision.pk}。"
    )
    assert "注意：“思想”方面的序号“二是”与上一条重复" in output


def test_command_personal_writes_the_members_personal_material(world):
    run(str(SAMPLES / "personal-outline.txt"), "--cycle", str(world.cycle.pk), "--personal", "member")

    material = Material.objects.get(kind="personal")
    assert (material.author, material.signature, material.problems.count()) == (world.member, "张三", 5)


def test_command_dry_run_writes_nothing(world):
    run(str(SAMPLE), "--cycle", str(world.cycle.pk), "--dry-run")

    assert world.material.problems.count() == 0
    assert MaterialRevision.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cycle", "999"], "没有编号为 999 的组织生活会。"),
        (["--personal", "member"], "--personal 需要同时指定 --cycle。"),
        (["--cycle", "{cycle}", "--personal", "outsider"], "第一党支部 没有用户名为 outsider 的党员。"),
    ],
)
def test_command_refuses_a_wrong_target(world, args, message):
    args = [arg.format(cycle=world.cycle.pk) for arg in args]

    with pytest.raises(CommandError) as refusal:
        run(str(SAMPLE), *args)

    assert str(refusal.value) == message


def test_command_refuses_unreadable_files(tmp_path, db):
    fake = tmp_path / "材料.docx"
    fake.write_text("只是文字", encoding="utf-8")

    with pytest.raises(CommandError) as refusal:
        run(str(fake))

    assert str(refusal.value) == "文件扩展名是 .docx，但内容不是 Word 文档，可能只是改了扩展名或已损坏。"


def test_command_reads_gbk_files(tmp_path, db):
    path = tmp_path / "gbk.txt"
    path.write_bytes(SAMPLE.read_text("utf-8").encode("gbk"))

    data = json.loads(run(str(path), "--json"))

    assert [len(c["items"]) for c in data["categories"]] == [3, 3, 3, 3]


def test_command_json_includes_the_readers_warnings(tmp_path, db):
    from tests.materials.importing.documents import make_docx, marked_up_material

    path = tmp_path / "修订稿.docx"
    path.write_bytes(make_docx(marked_up_material))

    codes = [w["code"] for w in json.loads(run(str(path), "--json"))["warnings"]]

    assert codes[:2] == ["tracked_changes", "text_boxes"]


def test_command_simplify_converts_traditional_characters_before_parsing(tmp_path):
    path = tmp_path / "繁体.txt"
    path.write_text(TRADITIONAL, encoding="utf-8")

    kept = json.loads(run(str(path), "--json"))
    converted = json.loads(run(str(path), "--json", "--simplify"))

    assert (kept["title"], kept["categories"][0]["name"]) == ("第二黨支部2023年度組織生活會對照檢查材料", "學習")
    assert (converted["title"], converted["categories"][0]["name"]) == (
        "第二党支部2023年度组织生活会对照检查材料",
        "学习",
    )
    assert [w["code"] for w in kept["warnings"]][:1] == ["traditional"]
    assert "traditional" not in [w["code"] for w in converted["warnings"]]

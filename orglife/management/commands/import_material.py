import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orglife.cycles.models import Cycle
from orglife.materials.importing import (
    MAX_BYTES,
    ParsedMaterial,
    Reading,
    UnreadableDocument,
    parse_material,
    read_upload,
)
from orglife.materials.importing.services import material_import
from orglife.materials.importing.traditional import to_simplified
from orglife.orgs.access import branch_members
from orglife.orgs.models import User


class Command(BaseCommand):
    help = (
        "导入已有的对照检查材料（.txt、.docx、有文字的 .pdf，或经 LibreOffice 转换的 .doc、.wps）。"
        "不带 --cycle 时只显示识别结果；"
        "带 --cycle 时写入该次组织生活会的班子材料，或 --personal 指定党员的个人材料。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="材料文件：.txt（UTF-8 或 GBK）、.docx、.pdf、.doc 或 .wps")
        parser.add_argument("--cycle", type=int, help="写入哪一次组织生活会（编号）")
        parser.add_argument("--personal", metavar="USERNAME", help="作为这位党员的个人材料导入")
        parser.add_argument("--dry-run", action="store_true", help="只识别、不保存")
        parser.add_argument("--json", action="store_true", help="把识别结果输出为一个 JSON 对象")
        parser.add_argument("--simplify", action="store_true", help="把繁体字转换为简体字后再识别和导入")

    def handle(self, *args, **options) -> None:
        reading = self._read(Path(options["path"]))
        text = to_simplified(reading.text) if options["simplify"] else reading.text
        if options["personal"] and not options["cycle"]:
            raise CommandError("--personal 需要同时指定 --cycle。")
        if options["cycle"] and not options["dry_run"]:
            cycle, author = self._target(options["cycle"], options["personal"])
            outcome = material_import(cycle=cycle, text=text, author=author, source=Path(options["path"]).name)
            self._report(outcome.parsed, reading, as_json=options["json"])
            if not options["json"]:
                saved = f"，原内容已保存为历史版本 #{outcome.revision.pk}" if outcome.revision else ""
                self.stdout.write(
                    self.style.SUCCESS(f"已导入到材料 #{outcome.material.pk}“{outcome.material.title}”{saved}。")
                )
            return
        if options["cycle"]:
            self._target(options["cycle"], options["personal"])  # a dry run still checks the target exists
        self._report(parse_material(text), reading, as_json=options["json"])

    def _read(self, path: Path) -> Reading:
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError("文件超过 10 MB，无法导入。")
        try:
            return read_upload(path.read_bytes(), path.name)
        except UnreadableDocument as exc:
            raise CommandError(str(exc)) from exc

    def _target(self, cycle_id: int, username: str | None) -> tuple[Cycle, User | None]:
        cycle = Cycle.objects.filter(pk=cycle_id).first()
        if cycle is None:
            raise CommandError(f"没有编号为 {cycle_id} 的组织生活会。")
        if not username:
            return cycle, None
        author = branch_members(cycle.branch).filter(username=username).first()
        if author is None:
            raise CommandError(f"{cycle.branch} 没有用户名为 {username} 的党员。")
        return cycle, author

    def _report(self, parsed: ParsedMaterial, reading: Reading, *, as_json: bool) -> None:
        """What was recognised, with the reader's warnings (tracked changes…) before the parser's."""
        parsed.warnings[:0] = reading.warnings
        if as_json:
            self.stdout.write(json.dumps(parsed.as_dict(), ensure_ascii=False, indent=2))
            return
        data = parsed.data
        self.stdout.write(f"标题：{data['title'] or '（未识别）'}")
        for category in data["categories"]:
            self.stdout.write(f"  问题·{category['name']}：{len(category['items'])} 条")
        self.stdout.write(f"  原因：{len(data['causes'])} 条")
        for direction in data["directions"]:
            self.stdout.write(f"  措施·{direction['heading']}：{len(direction['measures'])} 条")
        for warning in parsed.warnings:
            self.stdout.write(
                self.style.WARNING(f"注意：{warning.message}" + (f"（{warning.excerpt}）" if warning.excerpt else ""))
            )

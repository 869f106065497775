from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from orglife.cycles.models import Cycle
from orglife.materials.models import Material
from orglife.orgs.access import committee_material
from orglife.printing import pdf
from orglife.printing.material import material_docx, material_pdf


class Command(BaseCommand):
    help = "Print a cycle's committee material (or a member's personal one) as PDF or Word."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("cycle_id", type=int, help="组织生活会的编号")
        parser.add_argument("--personal", metavar="USERNAME", help="打印该用户的个人对照检查材料")
        parser.add_argument("--format", choices=("pdf", "docx"), default="pdf")
        parser.add_argument("-o", "--output", required=True, type=Path, help="输出文件")

    def handle(self, *args, cycle_id: int, personal: str | None, format: str, output: Path, **options) -> None:
        material = self._material(cycle_id, personal)
        try:
            data = material_pdf(material)[1] if format == "pdf" else material_docx(material)
        except pdf.PrintRefused as refused:
            raise CommandError(refused.message) from refused
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入 {output}：{exc.strerror}") from exc
        self.stdout.write(self.style.SUCCESS(f"已生成 {output}（{len(data) // 1024} KB）：{material.title}"))

    def _material(self, cycle_id: int, username: str | None) -> Material:
        cycle = Cycle.objects.filter(pk=cycle_id).first()
        if cycle is None:
            raise CommandError(f"没有编号为 {cycle_id} 的组织生活会。")
        if username:
            material = cycle.materials.filter(kind=Material.Kind.PERSONAL, author__username=username).first()
            if material is None:
                raise CommandError(f"{cycle}中没有用户 {username} 的个人对照检查材料。")
        else:
            material = committee_material(cycle)
            if material is None:
                raise CommandError(f"{cycle}还没有班子对照检查材料。")
        return material

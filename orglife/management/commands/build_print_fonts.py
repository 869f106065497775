from concurrent.futures import ProcessPoolExecutor

from django.core.management.base import BaseCommand

from orglife.printing import fallback
from orglife.printing.fallback import build_fallback, fallback_dir, needs_build


class Command(BaseCommand):
    help = "Make the cut-down copies of the free fallback fonts that speed up printing (safe to run again)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="rebuild even the copies that are up to date")

    def handle(self, *args, **options) -> None:
        folder = fallback_dir()
        todo = [f for f in fallback.FALLBACKS if options["force"] or needs_build(f, folder)]
        if not todo:
            self.stdout.write("打印用的精简字体已是最新。")
            return
        with ProcessPoolExecutor(max_workers=2) as pool:
            built = list(pool.map(build_fallback, todo, [folder] * len(todo)))
        for font, path in zip(todo, built, strict=True):
            if path is None:
                self.stdout.write(self.style.WARNING(f"未安装 {font.source}，跳过（打印仍可用，只是较慢）。"))
            else:
                self.stdout.write(f"已生成 {path}（{path.stat().st_size // 1024} KB）")

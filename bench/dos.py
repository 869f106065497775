"""Bench what one member's long material costs everyone else (issue 11, item 5).

Run: .venv/bin/python bench/dos.py [--before] [--diff-only]

Prints, for two paragraphs of 20,000 and 40,000 characters (text cut from the
sample material, and a repetitive text, difflib's worst case), how long the
revision compare takes now and whether it fell back to sentences; with --before
also how long difflib's SequenceMatcher (the old compare) takes on the sample
text, which is minutes (on the repetitive text it would take hours). Then, in a
temporary SQLite database with the demo loaded, how long the secretary's demo PDF
takes when asked for behind a member's 300,000-character one: with one render lock
for everything (as before) and as now (long materials in a child process).
"""

from __future__ import annotations

import random
import sys
import threading
import time
from difflib import SequenceMatcher

from benchsetup import ROOT, on_scratch_sqlite

on_scratch_sqlite()

from django.core.management import call_command  # noqa: E402

from orglife.demo import load_demo  # noqa: E402
from orglife.materials.document.diff import diff_paragraphs  # noqa: E402
from orglife.materials.services import material_fill  # noqa: E402
from orglife.models import Material, User  # noqa: E402
from orglife.printing import pdf  # noqa: E402
from orglife.printing.material import material_job  # noqa: E402

SAMPLE = (ROOT / "fixtures" / "samples" / "branch-2022-material.txt").read_text(encoding="utf-8").replace("\n", "")


def sample_text(n: int, seed: int) -> str:
    """`n` characters of slices of the sample material, as a long rewritten paragraph reads."""
    rng, parts, size = random.Random(seed), [], 0
    while size < n:
        start = rng.randrange(len(SAMPLE) - 60)
        parts.append(SAMPLE[start : start + rng.randint(10, 60)])
        size += len(parts[-1])
    return "".join(parts)[:n]


def repetitive_text(n: int, pattern: str) -> str:
    return (pattern * (n // len(pattern) + 1))[:n]


def seconds(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def bench_diff(before: bool) -> None:
    print("revision compare of two changed paragraphs:")
    for n in (20_000, 40_000):
        for label, old, new in (
            ("sample text", sample_text(n, 1), sample_text(n, 2)),
            ("repetitive ", repetitive_text(n, "学习不够深入"), repetitive_text(n, "入深够不习学")),
        ):
            now, rows = timed(lambda old=old, new=new: diff_paragraphs([old], [new]))
            line = f"  {n:6d} chars, {label}  now {now:6.2f} s  (fell back: {'yes' if rows[0].coarse else 'no'})"
            if before and label == "sample text":  # on the repetitive text it would run for hours
                old_way = seconds(
                    lambda old=old, new=new: SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
                )
                line += f"   before {old_way:7.2f} s"
            print(line, flush=True)
    old = sample_text(20_000, 1)
    new = old[:10_000] + "（新增的一句话。）" + old[10_000:]
    now, rows = timed(lambda: diff_paragraphs([old], [new]))
    print(
        f"  20,000 chars with one sentence added   now {now:6.2f} s  (fell back: {'yes' if rows[0].coarse else 'no'})"
    )


def long_material(demo: Material, author: User, chars: int) -> Material:
    """A personal material of about `chars` characters, every part within the editor's limits."""
    problems = [{"text": sample_text(4000, n)} for n in range(chars // 4000)]
    data = {
        "title": "个人对照检查材料",
        "categories": [{"name": demo.cycle.categories.first().name, "intro": "", "items": problems}],
        "causes": [],
        "directions": [],
    }
    material, _ = Material.objects.get_or_create(
        cycle=demo.cycle, kind=Material.Kind.PERSONAL, author=author, defaults={"title": "个人对照检查材料"}
    )
    return material_fill(material=material, data=data)


def small_behind_big(small: pdf.PrintJob, big: pdf.PrintJob) -> tuple[float, float, str]:
    """Seconds the big render took, seconds the small one took when asked 0.5 s after it, and its outcome."""
    result: dict[str, float] = {}

    def render_big() -> None:
        result["big"] = seconds(lambda: pdf.render(big))

    thread = threading.Thread(target=render_big)
    thread.start()
    time.sleep(0.5)
    outcome = "rendered"
    start = time.perf_counter()
    try:
        pdf.render(small)
    except pdf.PrintRefused as refused:
        outcome = f"refused: {refused.message}"
    waited = time.perf_counter() - start
    thread.join()
    return result["big"], waited, outcome


def bench_pdf() -> None:
    call_command("migrate", verbosity=0)
    load_demo()
    demo = Material.objects.get(kind=Material.Kind.COMMITTEE, cycle__year=2022)
    big_material = long_material(demo, User.objects.get(username="member"), 300_000)
    small, big = material_job(demo), material_job(big_material)
    pdf.render(small)  # warm the engine
    print(
        f"PDF: the secretary's demo material ({small.chars} chars), asked for 0.5 s after"
        f" a member's ({big.chars} chars):"
    )
    print(f"  demo alone                               {seconds(lambda: pdf.render(small)):6.2f} s")
    limits = pdf.IN_PROCESS_CHARS, pdf.WAIT_SECONDS
    pdf.IN_PROCESS_CHARS, pdf.WAIT_SECONDS = 10**12, -1  # one lock for every render, waiting forever
    big_time, waited, outcome = small_behind_big(small, big)
    print(f"  before (one lock):  long one {big_time:6.2f} s, demo took {waited:6.2f} s ({outcome})")
    pdf.IN_PROCESS_CHARS, pdf.WAIT_SECONDS = limits
    big_time, waited, outcome = small_behind_big(small, big)
    print(f"  now (child process): long one {big_time:6.2f} s, demo took {waited:6.2f} s ({outcome})")


if __name__ == "__main__":
    bench_diff(before="--before" in sys.argv)
    if "--diff-only" not in sys.argv:
        bench_pdf()

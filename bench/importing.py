"""Bench the material parser (issue 13): how long parse_material takes on the long sample.

Run: .venv/bin/python bench/importing.py [--rounds N]

Prints, for the 2022 committee sample (14 KB), a long material (the sample's
problems part repeated until the text passes 300,000 characters) and each of
them wrapped every 28 characters the way text copied out of a PDF comes, the
median time of `parse_material` over N rounds (default 5) and what the parser
found (categories, problems, causes, measures), so that the figures before and
after a change of the parser can be compared on the same input.
"""

from __future__ import annotations

import statistics
import sys
import time

from benchsetup import ROOT, on_scratch_sqlite

on_scratch_sqlite()

from orglife.materials.importing import parse_material  # noqa: E402
from orglife.materials.importing.unwrapping import width  # noqa: E402

SAMPLE = (ROOT / "fixtures" / "samples" / "branch-2022-material.txt").read_text(encoding="utf-8")
WIDTH = 28  # characters on a line of the GB/T 9704 page


def long_material(sample: str, size: int) -> str:
    """The sample with its problems part repeated (as further categories) until it passes `size` characters."""
    start, end = sample.index("一、存在的问题"), sample.index("二、产生问题的原因")
    head, problems, tail = sample[:start], sample[start:end], sample[end:]
    body = problems.split("\n", 1)[1]
    text = head + problems
    while len(text) + len(tail) < size:
        text += body
    return text + tail


def wrapped(text: str, full: int = WIDTH) -> str:
    """Every paragraph cut into lines `full` characters wide (half-width ones count half), as a PDF prints it."""
    lines = []
    for paragraph in text.splitlines():
        line = ""
        for char in paragraph.strip():
            if width(line + char) > full:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return "\n".join(lines)


def timed(text: str, rounds: int) -> tuple[float, str]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        parsed = parse_material(text)
        times.append(time.perf_counter() - started)
    data = parsed.data
    found = (
        f"{len(data['categories'])} 方面 {sum(len(c['items']) for c in data['categories'])} 问题 "
        f"{len(data['causes'])} 原因 {sum(len(d['measures']) for d in data['directions'])} 措施"
    )
    return statistics.median(times), found


def main() -> None:
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    long = long_material(SAMPLE, 300_000)
    cases = [
        ("sample", SAMPLE),
        ("sample, wrapped", wrapped(SAMPLE)),
        ("long", long),
        ("long, wrapped", wrapped(long)),
    ]
    print(f"parse_material, median of {rounds} rounds")
    for name, text in cases:
        seconds, found = timed(text, rounds)
        print(
            f"  {name:<16} {len(text):>8,} chars {text.count(chr(10)) + 1:>6,} lines {seconds * 1000:>9.1f} ms  {found}"
        )


if __name__ == "__main__":
    main()

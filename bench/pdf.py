"""Bench the PDF print: warm render time, cached download time, growth with length.

Run: .venv/bin/python bench/pdf.py

Uses a temporary SQLite database and print cache (never the configured ones),
loads the demo, and prints its figures. Targets: a warm render of the 9-page demo
material ≤ 0.2 s, a cached download ≤ 20 ms, and time growing linearly with pages.
"""

from __future__ import annotations

import copy
import io
import json
import os
import statistics
import time

from benchsetup import on_scratch_sqlite

on_scratch_sqlite()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from orglife.demo import DEMO_PATH, load_demo  # noqa: E402
from orglife.materials.services import material_fill  # noqa: E402
from orglife.models import Material, User  # noqa: E402
from orglife.printing import pdf  # noqa: E402
from orglife.printing.material import material_job  # noqa: E402

RENDERS = 20
REQUESTS = 20


def timed(function, repeat: int) -> tuple[float, object]:
    """Median wall-clock seconds of `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cpu_timed(function, repeat: int) -> float:
    """Median CPU seconds of `repeat` calls: steadier than wall time on a busy machine."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def long_material(demo: Material, author: User, repeat: int) -> Material:
    """A personal material with the demo's problems, causes and measures repeated `repeat` times."""
    data = copy.deepcopy(json.loads(DEMO_PATH.read_text(encoding="utf-8"))["cycles"][0]["committee_material"])
    for category in data["categories"]:
        category["items"] = category["items"] * repeat
    data["causes"] = data["causes"] * repeat
    for direction in data["directions"]:
        direction["measures"] = direction["measures"] * repeat
    material, _ = Material.objects.get_or_create(
        cycle=demo.cycle, kind=Material.Kind.PERSONAL, author=author, defaults={"title": data["title"]}
    )
    return material_fill(material=material, data=data)


def main() -> None:
    call_command("migrate", verbosity=0)
    load_demo()
    demo = Material.objects.get(kind=Material.Kind.COMMITTEE, cycle__year=2022)
    job = material_job(demo)

    start = time.perf_counter()
    first = pdf.render(job)
    cold = time.perf_counter() - start
    warm, _ = timed(lambda: pdf.render(job), RENDERS)
    warm_cpu = cpu_timed(lambda: pdf.render(job), RENDERS)
    print(f"demo material: {pages(first)} pages, {len(first) // 1024} KB")
    print(f"  first render in this process   {cold * 1000:7.0f} ms")
    print(f"  warm render, median of {RENDERS}      {warm * 1000:7.0f} ms   (target ≤ 200 ms)")
    print(f"  warm render, CPU time           {warm_cpu * 1000:7.0f} ms")
    print(f"  load average now: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="secretary"))
    url = reverse("material_pdf", args=[demo.pk])
    b"".join(client.get(url).streaming_content)  # fill the cache
    cached, _ = timed(lambda: b"".join(client.get(url).streaming_content), REQUESTS)
    etag = client.get(url)["ETag"]
    not_modified, _ = timed(lambda: client.get(url, headers={"If-None-Match": etag}), REQUESTS)
    print(f"  cached download, median of {REQUESTS}  {cached * 1000:7.1f} ms   (target ≤ 20 ms)")
    print(f"  304 with If-None-Match          {not_modified * 1000:7.1f} ms")

    print("long materials (median of 3 renders):")
    author = User.objects.get(username="member")
    results = []
    for repeat in (7, 14):  # about 50 and 100 pages
        material = long_material(demo, author, repeat)
        long_job = material_job(material)
        pdf.render(long_job)
        seconds, data = timed(lambda job=long_job: pdf.render(job), 3)
        results.append((pages(data), seconds))
        print(f"  {pages(data):4d} pages  {seconds:6.2f} s  {seconds / pages(data) * 1000:5.0f} ms/page")
    (small_pages, small), (big_pages, big) = results
    print(f"  growth: {big_pages / small_pages:.2f}× pages took {big / small:.2f}× time")


if __name__ == "__main__":
    main()

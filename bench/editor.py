"""Time the material editor page for a 100-problem material.

Usage: .venv/bin/python bench/editor.py [--runs 30]
Uses DATABASE_URL when set (a throwaway database is created and dropped by
Django's test runner machinery), else an in-memory SQLite database.
Target (issue 4): median under 100 ms on the 2-core machine.
"""

import argparse
import statistics
import time

from benchsetup import drop_test_database, on_test_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    old_name = on_test_database()
    from django.db import connection
    from django.test import Client

    try:
        from orglife.demo import load_demo
        from orglife.models import Category, Material, Problem, User

        load_demo()
        material = Material.objects.get(cycle__year=2022)
        categories = list(Category.objects.filter(cycle=material.cycle).order_by("position"))
        existing = Problem.objects.filter(material=material).count()
        for n in range(100 - existing):
            category = categories[n % len(categories)]
            last = Problem.objects.filter(material=material, category=category).count()
            Problem.objects.create(
                material=material,
                category=category,
                position=last + 1,
                text=f"第{n + 1}个补充问题。具体表现在学习不系统，比如2022年缺席集中学习{n % 5 + 1}次。" * 3,
            )
        client = Client()
        client.force_login(User.objects.get(username="secretary"))
        url = f"/materials/{material.pk}/edit/"
        problems = Problem.objects.filter(material=material).count()
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        print(f"editor page, {problems} problems, {len(response.content) // 1024} KiB, {connection.vendor}:")
        print(
            f"  median {statistics.median(timings):.1f} ms   min {min(timings):.1f} ms   max {max(timings):.1f} ms"
            f"   ({args.runs} runs, target < 100 ms)"
        )
    finally:
        drop_test_database(old_name)


if __name__ == "__main__":
    main()

"""Time a reviewer's pages in a district of many branches (issue 12: a tree that scales).

Usage: .venv/bin/python bench/tree.py [--branches 5000] [--runs 20]
The demo, plus `--branches` branches under its 工委 with one cycle each. Uses
DATABASE_URL when set (a throwaway database is created and dropped by Django's
test runner machinery), else a SQLite test database. Prints, per page, the median
time, the number of queries (the same at any size) and the size of the response.
"""

import argparse
import statistics
import time

from benchsetup import drop_test_database, on_test_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--branches", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    old_name = on_test_database()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    try:
        from orglife.demo import load_demo
        from orglife.models import Cycle, Organisation, User
        from orglife.orgs.services import child_path

        load_demo()
        organs = Organisation.objects.get(code="linjiang-organs")
        start = organs.children.count()
        Organisation.objects.bulk_create(
            (
                Organisation(
                    name=f"基准第{n}党支部",
                    kind="branch",
                    code=f"bench-{n}",
                    parent=organs,
                    path=child_path(organs.path, n),
                )
                for n in range(start + 1, start + args.branches + 1)
            ),
            batch_size=1000,
        )
        Cycle.objects.bulk_create(
            (
                Cycle(branch=branch, year=2023, kind="annual", title="2023年度组织生活会")
                for branch in Organisation.objects.filter(code__startswith="bench-")
            ),
            batch_size=1000,
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        district = Organisation.objects.get(code="linjiang-district")
        branch = Organisation.objects.get(code="linjiang-drc-branch")
        cycle = branch.cycles.get()
        pages = {
            "home": "/",
            "区委": f"/orgs/{district.pk}/",
            "工委": f"/orgs/{organs.pk}/",
            "工委, page 40 of both lists": f"/orgs/{organs.pk}/?orgs=40&page=40",
            "工委, name filter": f"/orgs/{organs.pk}/?q=第4242",
            "区委, name filter": f"/orgs/{district.pk}/?q=发展和改革",
            "branch": f"/orgs/{branch.pk}/",
            "cycle": f"/cycles/{cycle.pk}/",
        }
        client = Client()
        client.force_login(User.objects.get(username="reviewer"))
        total = Organisation.objects.count()
        print(f"reviewer of 中共临江区委, {total} organisations, {Cycle.objects.count()} cycles, {connection.vendor}:")
        for name, url in pages.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            count = len(queries)  # now: the next requests empty the log
            assert response.status_code == 200, (url, response.status_code)
            timings = []
            for _ in range(args.runs):
                began = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - began) * 1000)
            print(
                f"  {name:<28} median {statistics.median(timings):6.1f} ms  max {max(timings):6.1f} ms"
                f"  {count:2d} queries  {len(response.content) // 1024:3d} KiB"
            )
    finally:
        drop_test_database(old_name)


if __name__ == "__main__":
    main()

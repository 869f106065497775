"""Time the reviewer's dashboard over a seeded district (issue 18).

Usage: DATABASE_URL=postgres://… .venv/bin/python bench/dashboard.py [--sizes 500,5000] [--runs 20]
For each size, a district of that many branches made by seed_district (in a
throwaway test database of the configured one), then the reviewer's dashboard: the
first page and a filtered page (one state, sorted by name, page 3), with the median
and p95 time of `--runs` requests and the number of queries each runs (the same at
every size), plus the time seed_district took. The load average is printed with
each size: on a shared machine, figures taken under load are not comparable.
"""

import argparse
import os
import statistics
import time

from benchsetup import drop_test_database, on_test_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="500,5000")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    old_name = on_test_database()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    try:
        from orglife.dashboard.seed import seed_district

        print(f"dashboard on {connection.vendor}, {args.runs} runs per page:")
        for size in (int(s) for s in args.sizes.split(",")):
            began = time.perf_counter()
            seeded = seed_district(branches=size, seed=size, prefix=f"bench{size}")
            seeding = time.perf_counter() - began
            load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
            print(
                f"  {size} branches (seed_district {seeding:.1f} s: {seeded.materials} materials, "
                f"{seeded.talks} talks, {seeded.ledger_items} ledger items; load average {load}):"
            )
            client = Client()
            client.force_login(seeded.reviewer)
            pages = {
                "first page": "/dashboard/",
                "filtered (state, name sort, page 3)": "/dashboard/?state=opinions&sort=name&page=3",
                "overdue only": "/dashboard/?overdue=on",
            }
            for name, url in pages.items():
                client.get(url)
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                count = len(queries)  # now: the next requests empty the log
                assert response.status_code == 200, (url, response.status_code)
                timings = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                timings.sort()
                p95 = timings[max(0, round(len(timings) * 0.95) - 1)]
                print(
                    f"    {name:<38} median {statistics.median(timings):6.1f} ms  p95 {p95:6.1f} ms"
                    f"  {count:2d} queries  {len(response.content) // 1024:3d} KiB"
                )
    finally:
        drop_test_database(old_name)


if __name__ == "__main__":
    main()

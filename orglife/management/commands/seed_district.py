"""python manage.py seed_district --branches 5000 [--seed 1] [--year 2023] [--prefix seed]"""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from orglife.dashboard.seed import seed_district


class Command(BaseCommand):
    help = "Create a synthetic district (区委 → 党工委 → 党总支 → 党支部) for demos and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--branches", type=int, default=500)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--year", type=int, default=2023)
        parser.add_argument("--prefix", default="seed", help="codes and usernames start with it")

    def handle(self, *, branches, seed, year, prefix, **options):
        if not 1 <= branches <= 100_000:
            raise CommandError("--branches 须在1到100000之间。")
        began = time.perf_counter()
        try:
            seeded = seed_district(branches=branches, seed=seed, year=year, prefix=prefix)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"{seeded.district.name}: {seeded.branches} branches, {seeded.cycles} cycles, "
            f"{seeded.materials} materials, {seeded.opinions} opinions, {seeded.talks} talks, "
            f"{seeded.ledger_items} ledger items, {len(seeded.planted)} planted copies "
            f"in {time.perf_counter() - began:.1f} s. Reviewer: {seeded.reviewer.username} / orglife2022"
        )
        if options["verbosity"] >= 2:
            for phase, seconds in sorted(seeded.timings.items(), key=lambda item: -item[1]):
                self.stdout.write(f"  {phase:<28} {seconds:6.1f} s")

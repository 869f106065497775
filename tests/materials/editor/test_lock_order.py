"""Editor saves never deadlock with restores, imports and category changes (issue 11, item 6).

Every writer takes its row locks in the order of orglife.common.locks (cycle →
material → category → parts) and locks only the rows it means. PostgreSQL only:
SQLite locks the whole database and has no row locks to take in the wrong order.
"""

import threading
import time
from collections import Counter

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from orglife.cycles.services import category_add, category_update, locked_cycle
from orglife.materials.editor import services as edit
from orglife.materials.importing.services import material_import
from orglife.materials.revisions.services import revision_create
from orglife.models import Category, Problem
from orglife.opinions.services import opinion_adopt
from tests.factories import adopted_opinion

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "\n".join(
    [
        "党支部班子对照检查材料",
        "一、存在的问题",
        "（一）思想方面。",
        "一是理想信念不够坚定。",
        "（二）学习方面。",
        "一是学习不深入。",
    ]
)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and their order exist on PostgreSQL only (SQLite locks the whole database).")


@pytest.fixture
def held():
    """Hold locks in another connection, as a restore, an import or a category change does
    first, until the test is done."""
    done = threading.Event()
    threads = []

    def hold(take) -> None:
        taken = threading.Event()

        def run() -> None:
            try:
                with transaction.atomic():
                    take()
                    taken.set()
                    done.wait(30)
            finally:
                connection.close()

        thread = threading.Thread(target=run)
        thread.start()
        threads.append(thread)
        assert taken.wait(10)

    yield hold
    done.set()
    for thread in threads:
        thread.join()


def _without_waiting(write) -> None:
    """Run `write` failing at once (LockNotAvailable) instead of waiting for a lock."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        write()


def _token(obj, kind):
    return edit.version_token(obj, edit.PART_KINDS[kind].fields)


WRITES = {
    "problem save": lambda w, d: edit.part_save(
        kind="problem",
        material=w.material,
        pk=d["p1"].pk,
        base=_token(d["p1"], "problem"),
        changes={"category_id": d["p1"].category_id, "text": "改过的问题。"},
        by=w.secretary,
    ),
    "measure save": lambda w, d: edit.part_save(
        kind="measure",
        material=w.material,
        pk=d["measure"].pk,
        base=_token(d["measure"], "measure"),
        changes={"text": "改过的措施。", "owner_id": None, "deadline": None, "status": "planned", "problem_ids": []},
        by=w.secretary,
    ),
    "cause delete": lambda w, d: edit.part_delete(kind="cause", material=w.material, pk=d["cause"].pk, by=w.secretary),
    "problem move": lambda w, d: edit.part_move(
        kind="problem", material=w.material, pk=d["p2"].pk, delta=-1, by=w.secretary
    ),
    "measure delete": lambda w, d: edit.part_delete(
        kind="measure", material=w.material, pk=d["measure"].pk, by=w.secretary
    ),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_editor_write_does_not_wait_for_the_cycle_a_restore_holds(world, drafted, held, write):
    held(lambda: locked_cycle(world.cycle.pk))

    _without_waiting(lambda: WRITES[write](world, drafted))


# A move rewrites a problem's row twice, so PostgreSQL checks its category key at commit:
# it may wait for a rename (never the other way round), which is not tested here.
@pytest.mark.parametrize("write", ["problem save", "cause delete", "measure save"])
def test_editor_write_does_not_wait_for_a_category_being_renamed(world, drafted, held, write):
    thought = world.categories[0]
    held(lambda: (locked_cycle(world.cycle.pk), Category.objects.filter(pk=thought.pk).update(name="政治")))

    _without_waiting(lambda: WRITES[write](world, drafted))


def test_adopting_an_opinion_does_not_wait_for_the_cycle_a_restore_holds(world, held):
    opinion = adopted_opinion(cycle=world.cycle, category=world.categories[0])
    opinion.status, opinion.problem = "pending", None
    opinion.save()
    held(lambda: locked_cycle(world.cycle.pk))

    _without_waiting(lambda: opinion_adopt(opinion=opinion))

    assert Problem.objects.filter(material=world.material, text="理论学习走过场。").count() == 2


ROUNDS = 20


def test_editor_saves_racing_restores_imports_and_category_changes_never_fail(world, drafted):
    """Each round starts all racers at once (logged in and with what they post looked up
    beforehand); the editor saves start a few milliseconds apart, round after round a
    little later, so that they land inside the others' transactions."""
    revision = revision_create(material=world.material, by=world.secretary, reason="手动保存")
    outcomes: Counter = Counter()
    failures: list[str] = []

    def client() -> Client:
        c = Client(raise_request_exception=False)
        c.force_login(world.secretary)
        return c

    def editor_save(n: int, i: int):
        c, problem = client(), Problem.objects.filter(material=world.material).order_by("pk").first()
        url = reverse("editor_part", args=[world.material.pk, "problem", problem.pk])
        data = {"base": _token(problem, "problem"), "category": problem.category_id, "text": f"第{n}轮的文字。"}

        def post() -> int:
            time.sleep(0.003 * i + 0.002 * (n % 10))
            return c.post(url, data, HTTP_HX_REQUEST="true").status_code

        return post

    def editor_add(n: int, i: int):
        c, url = client(), reverse("editor_part_add", args=[world.material.pk, "problem"])
        data = {"add-problem-category": world.categories[1].pk, "add-problem-text": f"第{n}轮新增的问题。"}
        return lambda: c.post(url, data, HTTP_HX_REQUEST="true").status_code

    def restore(n: int, i: int):
        c, url = client(), reverse("material_revision_restore", args=[world.material.pk, revision.pk])
        return lambda: c.post(url).status_code

    def do_import(n: int, i: int):
        text = TEXT.replace("坚定", f"坚定{n}")
        return lambda: (material_import(cycle=world.cycle, text=text, by=world.secretary), 200)[1]

    def categories(n: int, i: int):
        work = Category.objects.get(pk=world.categories[2].pk)
        return lambda: (
            category_add(cycle=world.cycle, name=f"方面{n}"),
            category_update(category=work, name=f"工作{n}"),
            200,
        )[2]

    racers = [editor_save, restore, editor_add, do_import, editor_save, categories, restore, editor_save]
    for n in range(ROUNDS):
        start = threading.Barrier(len(racers))

        def run(i: int, racer, n=n, start=start) -> None:
            try:
                go = racer(n, i)
                start.wait()
                outcomes[(racer.__name__, go())] += 1
            except Exception as exc:  # a deadlock or any other failure is the finding
                failures.append(f"{racer.__name__}: {type(exc).__name__}: {exc}")
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(i, racer)) for i, racer in enumerate(racers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert failures == []
    assert sorted(outcomes.elements()) == sorted(
        [(name, 200) for name in ("editor_save",) * 3 + ("editor_add", "do_import", "categories")] * ROUNDS
        + [("restore", 302)] * 2 * ROUNDS
    )

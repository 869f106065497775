import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from orglife.cycles.models import Cycle
from orglife.cycles.steps import STEPS, StepKind, current_step, with_step_facts
from orglife.dashboard.seed import seed_district
from orglife.dashboard.selectors import DONE, Filters, Row, counts, reviewed_paths, rows_of
from orglife.dashboard.services import summaries_refresh, summaries_refresh_stale
from orglife.dashboard.xlsx import dashboard_workbook
from orglife.models import CycleSummary, Organisation
from tests.factories import make_branch, make_cycle

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _expected_counts(district: Organisation, year: int) -> dict[str, int]:
    """Counted the slow way: each cycle's current step as the cycle page says it."""
    expected: dict[str, int] = {}
    cycles = with_step_facts(Cycle.objects.filter(branch__path__startswith=district.path, year=year))
    for cycle in cycles:
        step = current_step(cycle)
        key = step.key if step else DONE
        expected[key] = expected.get(key, 0) + 1
    return expected


def test_counts_of_a_seeded_district_are_exact():
    seeded = seed_district(branches=60, seed=7, prefix="a")
    totals = counts(reviewed_paths(seeded.reviewer), None, 2023)

    assert {k: n for k, n in totals.by_state.items() if n} == _expected_counts(seeded.district, 2023)
    assert totals.total == 60
    assert totals.without_cycle == 0
    # The seeded cycles hold no talks, so the ones past their opinions stop at 谈心谈话.
    assert totals.by_state == {
        "notice": 8,
        "study": 0,
        "opinions": 28,
        "talks": 24,
        "materials": 0,
        "review": 0,
        "meeting": 0,
        "evaluation": 0,
        "rectification": 0,
        "report": 0,
        DONE: 0,
        "uncounted": 0,
    }


def test_counts_follow_a_change_once_refreshed():
    seeded = seed_district(branches=20, seed=7, prefix="a")
    paths = reviewed_paths(seeded.reviewer)
    blank = Cycle.objects.filter(branch__path__startswith=seeded.district.path, year=2023, notice="").first()
    before = counts(paths, None, 2023).by_state
    Cycle.objects.filter(pk=blank.pk).update(
        notice="通知", study_content="党章", planned_date=timezone.localdate() + datetime.timedelta(days=30)
    )
    summaries_refresh([blank.pk])

    after = counts(paths, None, 2023).by_state
    assert after["notice"] == before["notice"] - 1
    assert after["opinions"] == before["opinions"] + 1


def test_a_new_cycle_is_counted_as_uncounted_until_the_worker_refreshes():
    seeded = seed_district(branches=5, seed=1, prefix="a")
    general = Organisation.objects.filter(path__startswith=seeded.district.path, kind="general_branch").first()
    branch = make_branch(name="新建党支部", code="new-b", parent=general)
    make_cycle(branch=branch, year=2023)
    paths = reviewed_paths(seeded.reviewer)

    assert counts(paths, None, 2023).by_state["uncounted"] == 1
    summaries_refresh_stale()
    assert counts(paths, None, 2023).by_state["uncounted"] == 0
    assert counts(paths, None, 2023).by_state["notice"] >= 1


def test_dashboard_lists_only_the_reviewers_district():
    mine = seed_district(branches=8, seed=1, prefix="a")
    theirs = seed_district(branches=6, seed=2, prefix="b")

    response = _client(mine.reviewer).get(reverse("dashboard"))

    assert response.status_code == 200
    names = {row.branch_name for row, _late in response.context["rows"]}
    assert len(names) == 8
    assert all(n.startswith(mine.district.name.removeprefix("中共").removesuffix("区委")) for n in names)
    own = set(
        Organisation.objects.filter(path__startswith=mine.district.path, kind="branch").values_list("name", flat=True)
    )
    assert names == own
    other = Organisation.objects.filter(path__startswith=theirs.district.path, kind="branch").first()
    assert other.name not in response.content.decode()


def test_dashboard_of_another_districts_organisation_is_ignored():
    mine = seed_district(branches=4, seed=1, prefix="a")
    theirs = seed_district(branches=4, seed=2, prefix="b")

    response = _client(mine.reviewer).get(reverse("dashboard"), {"org": theirs.district.pk})

    assert response.status_code == 200
    assert response.context["filters"].organisation is None
    assert response.context["totals"].total == 4


def test_dashboard_is_404_for_someone_who_reviews_nothing(world):
    assert _client(world.secretary).get(reverse("dashboard")).status_code == 404


def test_home_of_a_reviewer_is_the_dashboard():
    seeded = seed_district(branches=3, seed=1, prefix="a")

    response = _client(seeded.reviewer).get("/")

    assert response.status_code == 200
    assert "dashboard/dashboard.html" in [t.name for t in response.templates]


def test_filters_by_organisation_state_and_overdue():
    seeded = seed_district(branches=60, seed=7, prefix="a")
    client = _client(seeded.reviewer)
    working = Organisation.objects.filter(path__startswith=seeded.district.path, kind="general_branch").first()

    by_org = client.get(reverse("dashboard"), {"org": working.pk})
    by_state = client.get(reverse("dashboard"), {"state": "notice"})
    late = client.get(reverse("dashboard"), {"overdue": "on"})

    assert by_org.context["totals"].total == 25
    assert all(row.branch_path.startswith(working.path) for row, _ in by_org.context["rows"])
    assert by_state.context["page"].paginator.count == 8
    assert {row.state for row, _ in by_state.context["rows"]} == {"notice"}
    expected_late = CycleSummary.objects.filter(overdue=True, cycle__year=2023).count()
    assert late.context["page"].paginator.count == expected_late == late.context["totals"].overdue
    assert all(cells for _row, cells in late.context["rows"])


def test_rows_show_a_column_per_step_each_from_its_own_card():
    seeded = seed_district(branches=2, seed=1, prefix="a")
    response = _client(seeded.reviewer).get(reverse("dashboard"))

    row, _late = response.context["rows"][0]
    kinds = {cell.key: cell.kind for cell in row.cells}
    assert list(kinds) == [step.key for step in STEPS]
    assert [key for key, kind in kinds.items() if kind == StepKind.NOT_BUILT] == []
    assert "未开放" not in response.content.decode()


@pytest.mark.parametrize("sort", ["tree", "name", "step", "planned"])
def test_every_sort_answers(sort):
    seeded = seed_district(branches=12, seed=1, prefix="a")
    response = _client(seeded.reviewer).get(reverse("dashboard"), {"sort": sort})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 12


def test_the_dashboard_runs_the_same_queries_at_two_sizes(django_assert_num_queries):
    small = seed_district(branches=10, seed=1, prefix="a")
    large = seed_district(branches=120, seed=2, prefix="b")
    small_client, large_client = _client(small.reviewer), _client(large.reviewer)
    small_client.get(reverse("dashboard"))  # the session is read once per request either way
    large_client.get(reverse("dashboard"))

    with django_assert_num_queries(11):
        small_client.get(reverse("dashboard"), {"state": "opinions", "page": "1"})
    with django_assert_num_queries(11):
        large_client.get(reverse("dashboard"), {"state": "opinions", "page": "2"})


def test_workbook_keeps_text_as_text_on_a4_landscape():
    seeded = seed_district(branches=3, seed=1, prefix="a")
    Organisation.objects.filter(path__startswith=seeded.district.path, kind="branch").update(name='=HYPERLINK("x")')
    rows = rows_of(Cycle.objects.filter(year=2023).order_by("pk"), today=timezone.localdate())

    content = dashboard_workbook(title="总览", rows=rows, today=timezone.localdate())

    from io import BytesIO

    sheet = load_workbook(BytesIO(content)).active
    assert sheet["B4"].value == '=HYPERLINK("x")'
    assert sheet["B4"].data_type == "s"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert [c.value for c in sheet[3]][:5] == ["序号", "党支部", "组织生活会", "计划召开日期", "当前环节"]
    assert sheet.max_row == 3 + 3


def test_row_is_overdue_once_its_planned_date_passed():
    seeded = seed_district(branches=30, seed=4, prefix="a")
    today = timezone.localdate()
    rows: list[Row] = rows_of(
        Cycle.objects.filter(branch__path__startswith=seeded.district.path, year=2023), today=today
    )
    late = [r for r in rows if r.overdue_cells(today)]

    assert late
    assert all(r.planned_date and r.planned_date < today for r in late if r.current and r.current.deadline is None)
    assert Filters().sort == "tree"

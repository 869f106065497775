import datetime
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from orglife.cycles.models import Cycle
from orglife.cycles.steps import STEPS, StepKind, with_current_steps, with_step_facts
from orglife.dashboard.seed import seed_district
from orglife.dashboard.selectors import DONE, Filters, Row, counts, reviewed_paths, rows_of
from orglife.dashboard.services import summaries_refresh, summaries_refresh_stale
from orglife.dashboard.xlsx import dashboard_workbook
from orglife.materials.models import Measure
from orglife.models import CycleSummary, Organisation
from orglife.orgs.models import Membership
from orglife.rectification.models import LedgerItem, ProgressEntry
from orglife.rectification.services import MEASURE_STATUS
from orglife.talks.models import MemberLiaison, Talk, TalkParticipant
from orglife.talks.selectors import coverages
from tests.factories import make_branch, make_cycle

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _expected_counts(district: Organisation, year: int) -> dict[str, int]:
    """Counted the slow way: each cycle's current step as the lists of cycles say it
    (the talks' coverage included)."""
    expected: dict[str, int] = {}
    cycles = with_step_facts(Cycle.objects.filter(branch__path__startswith=district.path, year=year))
    for _cycle, step in with_current_steps(cycles):
        key = step.key if step else DONE
        expected[key] = expected.get(key, 0) + 1
    return expected


def test_counts_of_a_seeded_district_are_exact():
    seeded = seed_district(branches=60, seed=7, prefix="a")
    totals = counts(reviewed_paths(seeded.reviewer), None, 2023)

    assert {k: n for k, n in totals.by_state.items() if n} == _expected_counts(seeded.district, 2023)
    assert totals.total == 60
    assert totals.without_cycle == 0
    # Past their opinions, most cycles have talked with every required pair and draft
    # their material; one in five misses a pair or two and stays at 谈心谈话.
    assert totals.by_state == {
        "notice": 8,
        "study": 0,
        "opinions": 28,
        "talks": 8,
        "materials": 16,
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


@pytest.mark.parametrize(
    "query",
    [{}, {"state": "opinions", "sort": "name"}, {"overdue": "on", "sort": "step"}, {"q": "教育", "sort": "planned"}],
)
def test_the_dashboard_runs_the_same_queries_at_two_sizes(django_assert_num_queries, query):
    small = seed_district(branches=10, seed=1, prefix="a")
    large = seed_district(branches=120, seed=2, prefix="b")
    small_client, large_client = _client(small.reviewer), _client(large.reviewer)
    small_client.get(reverse("dashboard"))  # the session is read once per request either way
    large_client.get(reverse("dashboard"))
    # The name filter alone counts its cycles: the counts per state do not say how many.
    expected = 14 if "q" in query else 13

    with django_assert_num_queries(expected):
        small_client.get(reverse("dashboard"), query | {"page": "1"})
    with django_assert_num_queries(expected):
        large_client.get(reverse("dashboard"), query | {"page": "2"})


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


def _in(district: Organisation, year: int | None = None) -> dict:
    """Filter arguments for the cycles of `district` (of `year`)."""
    return {"cycle__branch__path__startswith": district.path} | ({"cycle__year": year} if year else {})


def test_counts_of_a_small_seeded_district_are_exact_on_the_page():
    seeded = seed_district(branches=30, seed=5, prefix="a")

    response = _client(seeded.reviewer).get(reverse("dashboard"))

    totals = response.context["totals"]
    assert {k: n for k, n in totals.by_state.items() if n} == _expected_counts(seeded.district, 2023)
    assert {k: n for k, n in totals.by_state.items() if n} == {"notice": 4, "opinions": 16, "talks": 4, "materials": 6}
    assert (totals.total, totals.without_cycle, totals.overdue) == (30, 0, 8)
    assert response.context["page"].paginator.count == 30
    assert Counter(row.state for row, _late in response.context["rows"]) == Counter(
        {"notice": 4, "opinions": 16, "talks": 4, "materials": 6}
    )
    late = {row.cycle_id for row, cells in response.context["rows"] if cells}
    assert late == set(
        CycleSummary.objects.filter(overdue=True, **_in(seeded.district, 2023)).values_list("pk", flat=True)
    )


def test_seeded_talks_follow_the_coverage_rule():
    seeded = seed_district(branches=30, seed=5, prefix="a")
    talks = Talk.objects.filter(**_in(seeded.district))

    assert seeded.talks == talks.count() == 111
    assert Counter(talks.values_list("cycle__year", "form")) == {
        (2023, "face"): 75,
        (2023, "group"): 1,
        (2023, "phone"): 1,
        (2022, "face"): 28,
        (2022, "phone"): 2,
        (2022, "group"): 4,
    }
    participants = TalkParticipant.objects.filter(talk__in=talks)
    assert Counter(participants.values_list("role", flat=True)) == {"lead": 111, "partner": 121}  # a 集体谈 has three
    assert all(talk.recorded_by_id == talk.participants.get(role="lead").user_id for talk in talks)
    # The 组织委员 is responsible for the three 党员 of each branch.
    liaisons = MemberLiaison.objects.filter(branch__path__startswith=seeded.district.path)
    assert liaisons.count() == 90
    assert set(
        Membership.objects.filter(user__in=liaisons.values("committee_member")).values_list("role", flat=True)
    ) == {"organisation"}
    cycles = list(Cycle.objects.filter(branch__path__startswith=seeded.district.path).order_by("pk"))
    found = coverages(cycles)
    states = dict(CycleSummary.objects.filter(**_in(seeded.district)).values_list("pk", "state"))
    # Last year's cycles covered every pair; this year's drafting ones all but those at 谈心谈话.
    assert {c.pk for c in cycles if c.year == 2022 and not found[c.pk].complete} == set()
    assert {c.pk for c in cycles if c.year == 2023 and found[c.pk].complete} == {
        pk for pk, state in states.items() if state == "materials"
    }
    assert [found[c.pk].required for c in cycles] == [7] * len(cycles)


def test_seeded_ledgers_are_last_years_measures_worked_through():
    seeded = seed_district(branches=30, seed=5, prefix="a")
    items = LedgerItem.objects.filter(**_in(seeded.district)).select_related("measure", "cycle")

    assert seeded.ledger_items == items.count() == 47
    assert {item.cycle.year for item in items} == {2022}
    assert Counter(items.values_list("status", flat=True)) == {
        "closed": 24,
        "long_term": 5,
        "done": 5,
        "in_progress": 8,
        "not_started": 5,
    }
    last_year = Measure.objects.filter(direction__material__cycle__branch__path__startswith=seeded.district.path)
    last_year = last_year.filter(direction__material__cycle__year=2022)
    assert set(items.exclude(measure=None).values_list("measure", flat=True)) == set(
        last_year.values_list("pk", flat=True)
    )
    for item in items:
        secretary = item.cycle.branch.memberships.get(role="secretary").user_id
        assert (item.closed_by_id == secretary) == (item.status in ("closed", "long_term"))
        assert item.entries.count() == (0 if item.status == "not_started" else 1)
        if item.measure is None:  # the committee's own item, for the higher level's feedback
            assert item.problem_text.startswith("上级党组织反馈：")
            continue
        assert (item.text, item.owner_id, item.deadline) == (
            item.measure.text,
            item.measure.owner_id,
            item.measure.deadline,
        )
        assert item.measure.status == MEASURE_STATUS[item.status]
        assert list(item.problems.all()) == list(item.measure.problems.all())
        assert item.problems.count() == 1
    assert items.filter(measure=None).count() == 4
    assert ProgressEntry.objects.filter(item__in=items).count() == 42


def test_a_seed_gives_the_same_district_again():
    first = seed_district(branches=12, seed=3, prefix="a")
    second = seed_district(branches=12, seed=3, prefix="b")

    def shape(seeded) -> tuple:
        talks = Talk.objects.filter(**_in(seeded.district))
        items = LedgerItem.objects.filter(**_in(seeded.district))
        return (
            counts(reviewed_paths(seeded.reviewer), None, 2023).by_state,
            sorted(talks.values_list("cycle__branch__code", "held_on", "form", "topics")),
            sorted(items.values_list("cycle__branch__code", "position", "status", "deadline", "text")),
        )

    assert (first.cycles, first.materials, first.opinions, first.talks, first.ledger_items) == (
        second.cycles,
        second.materials,
        second.opinions,
        second.talks,
        second.ledger_items,
    )
    a, b = shape(first), shape(second)
    assert a[0] == b[0]
    assert [row[1:] for row in a[1]] == [row[1:] for row in b[1]]
    assert [row[1:] for row in a[2]] == [row[1:] for row in b[2]]

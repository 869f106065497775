import datetime
import threading
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from orglife.models import Campaign, Opinion, OpinionSignature, Problem, SealedItem, SubmissionMarker
from orglife.opinions.services import (
    campaign_create,
    opinion_adopt,
    opinion_answer,
    opinion_decline,
    opinion_merge,
    opinion_separate,
    opinion_submit,
    release_held_back,
    submission_digest,
)
from tests.factories import add_problems, make_material


def test_submit_member_once_per_campaign_without_a_link(world, campaign, submit):
    first = submit("意见一，请多开展谈心谈话。", source="member", user=world.member)

    with pytest.raises(ValidationError) as refused:
        submit("意见二，第二次提交。", source="member", user=world.member)

    assert refused.value.messages == ["您已经提交过意见，每人限提交一次。"]
    assert list(Opinion.objects.values_list("text", flat=True)) == ["意见一，请多开展谈心谈话。"]
    marker = SubmissionMarker.objects.get()
    assert (marker.campaign_id, len(marker.digest)) == (campaign.pk, 64)
    assert marker.digest == submission_digest(campaign=campaign, user=world.member)
    assert marker.digest != submission_digest(campaign=campaign, user=world.committee)
    assert not OpinionSignature.objects.filter(opinion=first).exists()


def test_submit_limit_can_be_switched_off(world, campaign, submit):
    campaign.one_per_member = False
    campaign.save()

    submit("意见一，请多开展谈心谈话。", user=world.member)
    submit("意见二，再提一条建议。", user=world.member)

    assert (Opinion.objects.count(), SubmissionMarker.objects.count()) == (2, 0)


def test_submit_signed_stores_the_author_beside_the_opinion(world, submit):
    opinion = submit("希望书记多到一线。", source="member", user=world.member, signed=True)

    assert Opinion.objects.get(pk=opinion.pk).signature.author == world.member


def test_submit_signed_needs_a_user(submit):
    with pytest.raises(ValidationError) as refused:
        submit("匿名却要署名。", signed=True)

    assert refused.value.messages == ["署名提交需要先登录。"]


@pytest.mark.parametrize(("opens", "closes"), [(-10, -1), (1, 5)], ids=["closed", "not-yet-open"])
def test_submit_refused_outside_the_campaign_dates(campaign, submit, today, opens, closes):
    campaign.opens_on = today + datetime.timedelta(days=opens)
    campaign.closes_on = today + datetime.timedelta(days=closes)
    campaign.save()

    with pytest.raises(ValidationError) as refused:
        submit("来晚了的意见。")

    assert refused.value.messages == ["本次征求意见不在开放时间内。"]
    assert Opinion.objects.count() == 0


def test_submit_refuses_a_source_or_category_not_offered(world, campaign, submit):
    campaign.sources = ["masses"]
    campaign.save()
    campaign.categories.set(world.categories[:1])

    with pytest.raises(ValidationError) as wrong_source:
        submit("意见内容。", source="higher")
    with pytest.raises(ValidationError) as wrong_category:
        opinion_submit(campaign=campaign, source="masses", category=world.categories[1], text="意见内容。")

    assert (wrong_source.value.messages, wrong_category.value.messages) == (
        ["请选择您的身份。"],
        ["请选择列出的意见方面。"],
    )


def test_campaign_create_refuses_a_subject_outside_the_branch(world, today):
    with pytest.raises(ValidationError) as refused:
        campaign_create(
            cycle=world.cycle,
            title="x",
            opens_on=today,
            closes_on=today,
            sources=["member"],
            categories=[],
            subject=world.outsider,
        )

    assert refused.value.messages == ["只能征求对本支部党员的意见。"]


def test_adopt_into_a_new_problem_appends_it_to_its_category(world, submit):
    add_problems(material=world.material, category=world.categories[1], count=2)
    opinion = submit("学习笔记抄多想少。", category="学习")

    problem = opinion_adopt(opinion=opinion, text="学习停留在抄笔记，思考不深。")

    assert (problem.material, problem.category, problem.position, problem.text) == (
        world.material,
        world.categories[1],
        3,
        "学习停留在抄笔记，思考不深。",
    )
    opinion.refresh_from_db()
    assert (opinion.status, opinion.problem) == ("adopted", problem)
    assert list(problem.opinions.all()) == [opinion]


def test_adopt_into_a_new_problem_of_another_category_uses_the_opinion_text(world, submit):
    opinion = submit("工作中推诿扯皮。", category=None)

    problem = opinion_adopt(opinion=opinion, category=world.categories[2])

    assert (problem.category.name, problem.position, problem.text) == ("工作", 1, "工作中推诿扯皮。")


def test_adopt_without_a_category_is_refused(submit):
    opinion = submit("没有方面的意见。", category=None)

    with pytest.raises(ValidationError) as refused:
        opinion_adopt(opinion=opinion)

    assert refused.value.messages == ["请选择新问题所属的查摆方面。"]
    assert Problem.objects.count() == 0


def test_adopt_into_an_existing_problem_links_both_ways(world, submit):
    existing = add_problems(material=world.material, category=world.categories[0], count=2)[1]
    opinion = submit("理想信念不够坚定。")

    assert opinion_adopt(opinion=opinion, problem=existing) == existing
    assert list(existing.opinions.all()) == [opinion]
    assert Problem.objects.count() == 2


def test_adopt_into_a_problem_of_another_material_is_refused(world, submit):

    personal = make_material(cycle=world.cycle, kind="personal", author=world.member, title="个人")
    foreign = add_problems(material=personal, category=world.categories[0], count=1)[0]
    opinion = submit("理想信念不够坚定。")

    with pytest.raises(ValidationError) as refused:
        opinion_adopt(opinion=opinion, problem=foreign)

    assert refused.value.messages == ["只能采纳到本次班子对照检查材料的问题中。"]


def test_answer_then_decline_replaces_the_response_and_unlinks_the_problem(world, submit):
    opinion = submit("建议公开党费使用情况。")
    opinion_adopt(opinion=opinion)

    opinion_answer(opinion=opinion, response="党费使用情况已在公示栏公开。")
    answered = (opinion.status, opinion.response, opinion.problem)
    opinion_decline(opinion=opinion, reason="  不属于本支部职责范围。 ")

    opinion.refresh_from_db()
    assert answered == ("answered", "党费使用情况已在公示栏公开。", None)
    assert (opinion.status, opinion.response, opinion.problem) == ("declined", "不属于本支部职责范围。", None)
    assert Problem.objects.count() == 1  # the problem stays in the material


def test_answer_needs_text(submit):
    opinion = submit("建议公开党费使用情况。")

    with pytest.raises(ValidationError) as refused:
        opinion_answer(opinion=opinion, response="   ")

    assert refused.value.messages == ["请填写答复或说明。"]


def test_merge_keeps_merges_one_level_deep(submit):
    primary, a, b = submit("会议太多太长。"), submit("会议多且长。"), submit("开会时间长。")
    opinion_merge(primary=a, duplicates=[b])

    opinion_merge(primary=primary, duplicates=[a])

    assert sorted(o.text for o in primary.duplicates.all()) == ["会议多且长。", "开会时间长。"]
    assert Opinion.objects.filter(duplicate_of__isnull=True).get() == primary


def test_merge_across_categories_needs_to_be_asked_for(submit):
    primary, other = submit("会议太多太长。", category="工作"), submit("学习会也开得太长。", category="学习")
    merged_into_other = submit("学习会时间长。", category="生活")
    opinion_merge(primary=other, duplicates=[merged_into_other], across_categories=True)

    with pytest.raises(ValidationError) as refused:
        opinion_merge(primary=primary, duplicates=[other])
    untouched = Opinion.objects.filter(duplicate_of=primary).count()
    opinion_merge(primary=primary, duplicates=[other], across_categories=True)

    assert (refused.value.code, refused.value.messages) == (
        "categories_differ",
        [
            "所选意见分属不同方面（工作、学习、生活）。合并后，它们在汇总表中都列在保留的一条（工作方面）下面。确定要合并吗？"
        ],
    )
    assert untouched == 0
    assert sorted(Opinion.objects.filter(duplicate_of=primary).values_list("text", flat=True)) == [
        "学习会也开得太长。",
        "学习会时间长。",
    ]


def test_merge_refuses_handled_duplicates_and_itself(submit):
    primary, handled = submit("会议太多太长。"), submit("会议多且长。")
    opinion_answer(opinion=handled, response="已精简会议。")

    with pytest.raises(ValidationError) as handled_refused:
        opinion_merge(primary=primary, duplicates=[handled])
    with pytest.raises(ValidationError) as self_refused:
        opinion_merge(primary=primary, duplicates=[primary])

    assert handled_refused.value.messages == ["已处理的意见不能作为重复意见合并，请把它选为保留的一条。"]
    assert self_refused.value.messages == ["不能把一条意见合并到它自己。"]


def test_merged_opinion_is_triaged_through_its_primary_and_can_be_separated(submit):
    primary, duplicate = submit("会议太多太长。"), submit("会议多且长。")
    opinion_merge(primary=primary, duplicates=[duplicate])
    duplicate.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        opinion_answer(opinion=duplicate, response="x")
    opinion_separate(opinion=duplicate)

    assert refused.value.messages == ["这条意见已合并到另一条意见，请处理那一条。"]
    assert Opinion.objects.get(pk=duplicate.pk).duplicate_of is None


def _transactions_of(writes: list[str], action) -> list[int]:
    """Run `action`, and say for each statement starting with one of `writes` in which
    transaction it ran: a counter moved on by every commit and by every statement
    run outside a transaction (autocommit: a transaction of its own)."""
    seen, current = [], [0]

    def execute(run, sql, params, many, context):
        if not connection.in_atomic_block:
            current[0] += 1
        for write in writes:
            if sql.startswith(write):
                seen.append((write, current[0]))
        return run(sql, params, many, context)

    commit = connection.commit

    def counting_commit():
        commit()
        current[0] += 1

    connection.ensure_connection()
    with connection.execute_wrapper(execute), mock.patch.object(connection, "commit", counting_commit):
        action()
    return seen


MARKER_INSERT = 'INSERT INTO "orglife_submissionmarker"'
OPINION_INSERT = 'INSERT INTO "orglife_opinion"'
SEALED_INSERT = 'INSERT INTO "orglife_sealeditem"'


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("signed", "stored"), [(False, SEALED_INSERT), (True, OPINION_INSERT)], ids=["anonymous", "signed"]
)
def test_submit_writes_the_marker_and_the_submission_in_one_transaction(world, campaign, submit, signed, stored):
    """One event, "a member took part", which the marker says anyway; an anonymous
    submission writes no opinion, only its sealed row."""
    seen = _transactions_of(
        [MARKER_INSERT, OPINION_INSERT, SEALED_INSERT],
        lambda: submit("请多开展谈心谈话。", source="member", user=world.member, signed=signed, held=True),
    )

    (marker, marker_tx), (written, written_tx) = seen
    assert (marker, written, marker_tx) == (MARKER_INSERT, stored, written_tx)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT xmin::text FROM orglife_submissionmarker UNION ALL SELECT xmin::text FROM orglife_sealeditem"
                " UNION ALL SELECT xmin::text FROM orglife_opinion"
            )
            assert len({xmin for (xmin,) in cursor.fetchall()}) == 1


@pytest.mark.django_db(transaction=True)
def test_submit_writes_no_marker_when_the_submission_cannot_be_stored(world, campaign, submit, monkeypatch):
    save = SealedItem.save

    def failing_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SealedItem, "save", failing_save)
    with pytest.raises(DatabaseError):
        submit("第一次没存上的意见。", source="member", user=world.member, held=True)
    after_failure = (SealedItem.objects.count(), SubmissionMarker.objects.count())
    monkeypatch.setattr(SealedItem, "save", save)

    submit("再提交一次的意见。", source="member", user=world.member, held=True)

    assert after_failure == (0, 0)
    assert (SealedItem.objects.count(), SubmissionMarker.objects.count()) == (1, 1)


def _release(campaign) -> int:
    with transaction.atomic():
        return release_held_back(campaign=campaign)


def test_release_held_back_waits_for_a_full_batch(world, campaign, submit):
    for n in range(3):
        submit(f"第{n}条匿名意见。", held=True)
    first = _release(campaign)
    for n in range(3, 5):
        submit(f"第{n}条匿名意见。", held=True)
    submit("署名意见。", source="member", user=world.member, signed=True)

    assert (first, _release(campaign)) == (3, 0)
    assert Opinion.objects.count() == 4 and SealedItem.objects.count() == 2
    assert Opinion.objects.get(signature__isnull=False).text == "署名意见。"


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_and_looks_release_only_full_batches(campaign):
    """30 people submit while the committee keeps reloading the board: every release is a batch of 3 or more."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite takes one writer at a time; CI runs this on PostgreSQL.")
    campaign = Campaign.objects.prefetch_related("categories").get(pk=campaign.pk)
    start = threading.Barrier(35)
    batches: list[int] = []

    def post(n: int) -> None:
        start.wait()
        try:
            opinion_submit(campaign=campaign, source="masses", category=None, text=f"第{n}条并发意见。")
        finally:
            connection.close()

    def look() -> None:
        start.wait()
        try:
            for _ in range(10):
                batches.append(_release(campaign))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(30)]
    threads += [threading.Thread(target=look) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    released = [n for n in batches if n]
    assert all(n >= 3 for n in released)
    assert sum(released) == Opinion.objects.count()
    _release(campaign)
    assert (Opinion.objects.count() + SealedItem.objects.count(), SealedItem.objects.count() < 3) == (30, True)


def test_a_release_writes_the_batch_in_one_transaction_in_an_order_that_is_not_arrival(world, campaign, submit, today):
    arrival = [f"第{n:02d}条匿名意见。" for n in range(1, 21)]
    for n, text in enumerate(arrival):
        day = today - datetime.timedelta(days=n % 3)
        submit(text, category=["思想", "学习", None][n % 3], held=True, today=day)
    physical = "ctid" if connection.vendor == "postgresql" else "rowid"

    released = _release(campaign)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT text FROM orglife_opinion ORDER BY {physical}")
        stored = [row[0] for row in cursor.fetchall()]
    assert (released, SealedItem.objects.count()) == (20, 0)
    assert sorted(stored) == arrival and stored != arrival  # 1 chance in 20! of a false failure
    # One date for the whole release: the day the last of it arrived.
    assert set(Opinion.objects.values_list("received_on", flat=True)) == {today}
    assert Opinion.objects.filter(text="第02条匿名意见。").get().category.name == "学习"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(DISTINCT xmin::text) FROM orglife_opinion")
            assert cursor.fetchone()[0] == 1


def test_opinions_keep_their_ids_and_links_through_later_releases(world, campaign, submit, today):
    for n in range(3):
        submit(f"第一批第{n}条。", held=True)
    _release(campaign)
    first = {o.pk: o.text for o in Opinion.objects.all()}
    adopted = Opinion.objects.get(text="第一批第0条。")
    problem = opinion_adopt(opinion=adopted)
    for n in range(3):
        submit(f"第二批第{n}条。", held=True)
    campaign.closes_on = today - datetime.timedelta(days=1)
    campaign.save()
    submitted_late = SealedItem.objects.count()

    _release(campaign)

    assert submitted_late == 3
    assert {o.pk: o.text for o in Opinion.objects.filter(text__startswith="第一批")} == first
    assert list(problem.opinions.values_list("pk", flat=True)) == [adopted.pk]
    assert Opinion.objects.filter(text__startswith="第二批").count() == 3


def test_a_category_deleted_while_opinions_wait_leaves_them_under_other(world, campaign, submit):
    from orglife.cycles.services import category_delete

    for n in range(3):
        submit(f"生活方面第{n}条。", category="生活", held=True)
    campaign.categories.remove(world.categories[3])

    category_delete(category=world.categories[3])
    _release(campaign)

    assert list(Opinion.objects.values_list("category", flat=True)) == [None, None, None]

"""Demo data: the demo cycle's democratic evaluation, voting under way."""

from __future__ import annotations

from orglife.cycles.models import Cycle
from orglife.evaluation import services
from orglife.evaluation.models import Evaluation, Grade, Rating
from orglife.orgs.models import User

# Made-up ballots cast when the demo is first loaded, so that "N of M have voted" shows
# something and two more votes (member and zhaolei, say) allow the close.
DEMO_VOTERS = ("secretary", "liuhong", "wangqiang")


def load_evaluation(cycle: Cycle) -> Evaluation:
    """The demo cycle's evaluation, open with the committee's rating and three ballots
    cast; a second load changes nothing."""
    existing = Evaluation.objects.filter(cycle=cycle).first()
    if existing is not None:
        return existing
    evaluation = services.evaluation_create(cycle=cycle, include_probationary=True, rate_committee=True)
    evaluation = services.evaluation_open(evaluation=evaluation)
    subjects = list(evaluation.subjects.values_list("member_id", flat=True))
    cycle_of_grades = (Grade.EXCELLENT, Grade.QUALIFIED, Grade.QUALIFIED, Grade.QUALIFIED)
    for n, voter in enumerate(User.objects.filter(username__in=DEMO_VOTERS).order_by("username")):
        grades = {pk: cycle_of_grades[(pk + n) % 4] for pk in subjects if pk != voter.pk}
        services.ballot_cast(evaluation=evaluation, voter=voter, grades=grades, rating=Rating.GOOD)
    return evaluation

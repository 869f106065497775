from io import StringIO

import pytest
from django.core.management import call_command

from orglife.models import Evidence, LedgerItem, ProgressEntry
from orglife.rectification import evidence


def _ledger() -> tuple:
    # The branch list first, then each member's personal list (NULLs sort differently per database).
    items = sorted(
        LedgerItem.objects.select_related("member", "owner"),
        key=lambda i: (i.member.username if i.member else "", i.position),
    )
    return (
        [
            (
                i.member.username if i.member else "",
                i.position,
                i.status,
                i.owner.username,
                i.problems.count(),
                i.measure_id is not None,
            )
            for i in items
        ],
        ProgressEntry.objects.count(),
        Evidence.objects.count(),
        len(evidence.storage().listdir("evidence")[1]),
    )


@pytest.mark.django_db
def test_the_demo_ledger_is_built_once_with_progress(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    first = _ledger()

    call_command("load_demo", stdout=StringIO())

    assert _ledger() == first
    assert first == (
        [
            ("", 1, "closed", "secretary", 1, True),
            ("", 2, "closed", "liuhong", 1, True),
            ("", 3, "long_term", "secretary", 1, True),
            ("", 4, "done", "wangqiang", 1, True),
            ("", 5, "in_progress", "secretary", 1, True),
            ("", 6, "not_started", "wangqiang", 2, True),
            ("", 7, "in_progress", "liuhong", 1, True),
            ("", 8, "not_started", "member", 1, True),
            ("", 9, "not_started", "liuhong", 1, True),
            ("", 10, "not_started", "member", 2, True),
            ("sunli", 1, "not_started", "sunli", 0, True),
            ("wangqiang", 1, "not_started", "wangqiang", 0, True),
            ("zhaolei", 1, "not_started", "zhaolei", 0, True),
            ("zhaolei", 2, "not_started", "zhaolei", 0, True),
        ],
        7,
        6,
        6,
    )

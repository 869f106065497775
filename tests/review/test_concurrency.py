import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from orglife.models import Review, Transition
from tests.factories import make_submitted


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_approvals_record_one_transition(world, committee):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database cannot take concurrent writers; CI runs this on PostgreSQL.")
    make_submitted(material=committee, by=world.secretary)
    url = reverse("review_approve", args=[committee.pk])
    statuses: list[int] = []
    start = threading.Barrier(20)

    def approve() -> None:
        client = Client()
        client.force_login(world.reviewer)
        start.wait()
        try:
            statuses.append(client.post(url, {"comment": "同意。"}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * 20  # the nineteen late ones are told it is already approved
    assert Transition.objects.filter(to_state="approved").count() == 1
    assert Review.objects.get(material=committee).state == "approved"

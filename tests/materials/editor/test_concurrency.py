import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from orglife.materials.editor import services as edit
from orglife.models import Problem


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_saves_to_one_problem_lose_no_text(world, drafted):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database cannot take concurrent writers; CI runs this on PostgreSQL.")
    p1 = drafted["p1"]
    base = edit.version_token(p1, edit.PART_KINDS["problem"].fields)
    url = reverse("editor_part", args=[world.material.pk, "problem", p1.pk])
    results: dict[int, tuple[int, str, str]] = {}
    start = threading.Barrier(50)

    def save(n: int) -> None:
        client = Client()
        client.force_login(world.secretary)
        start.wait()
        try:
            response = client.post(
                url, {"base": base, "category": p1.category_id, "text": f"第{n}位同志的文字。"}, HTTP_HX_REQUEST="true"
            )
            results[n] = (response.status_code, response.get("X-Orglife-Conflict", ""), response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    saved = [n for n, (_, conflict, _) in results.items() if not conflict]
    conflicts = [n for n, (_, conflict, _) in results.items() if conflict == "1"]
    assert {status for status, _, _ in results.values()} == {200}
    assert (len(saved), len(conflicts)) == (1, 49)
    assert Problem.objects.get(pk=p1.pk).text == f"第{saved[0]}位同志的文字。"
    # Every loser gets its own text back in the conflict form, beside the saved one.
    for n in conflicts:
        body = results[n][2]
        assert f"第{n}位同志的文字。</textarea>" in body
        assert f"第{saved[0]}位同志的文字。" in body

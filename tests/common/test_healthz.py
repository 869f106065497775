from django.urls import reverse


def test_healthz_answers_ok_without_a_login(client, db):
    response = client.get(reverse("healthz"))

    assert (response.status_code, response.content, response["Content-Type"]) == (200, b"ok", "text/plain")

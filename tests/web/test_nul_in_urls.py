"""A NUL character in a URL is a 404, not a 500 (PostgreSQL refuses NUL in text)."""

import pytest


@pytest.mark.parametrize("path", ["/o/%00/", "/o/%00/thanks/", "/o/abc%00def/"])
def test_a_nul_in_the_public_link_is_not_found(db, client, path):
    response = client.get(path)

    assert response.status_code == 404


@pytest.mark.parametrize("tail", ["fields/%00/", "%00/add/", "%00/1/", "problem/1/move/%00/", "problem/1/delete/%00/"])
def test_a_nul_in_editor_urls_is_not_found(world, client, tail):
    client.force_login(world.secretary)

    response = client.post(f"/materials/{world.material.pk}/edit/{tail}")

    assert response.status_code == 404

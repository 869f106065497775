from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import add_problems, make_problem


def test_material_detail_secretary_sees_assembled_document(world, client_for):
    make_problem(material=world.material, category=world.categories[1], position=1, text="学习不深入。比如……")

    response = client_for(world.secretary).get(reverse("material", args=[world.material.pk]))

    assert response.status_code == 200
    assert [p.text for p in response.context["paragraphs"]] == [
        "党支部班子对照检查材料",
        "一、存在的问题",
        "（一）学习方面。",
        "一是学习不深入。比如……",
    ]
    assert (
        f'<h3 class="doc-h2" id="category-{world.categories[1].pk}">（一）学习方面。</h3>' in response.content.decode()
    )


def test_material_detail_member_and_reviewer_may_read(world, client_for):
    url = reverse("material", args=[world.material.pk])

    codes = [client_for(user).get(url).status_code for user in (world.committee, world.member, world.reviewer)]

    assert codes == [200, 200, 200]


def test_material_detail_outsider_gets_404(world, client_for):
    response = client_for(world.outsider).get(reverse("material", args=[world.material.pk]))

    assert response.status_code == 404


def test_material_detail_anonymous_is_sent_to_login(world, client):
    url = reverse("material", args=[world.material.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_material_detail_escapes_user_text(world, client_for):
    make_problem(material=world.material, category=world.categories[0], position=1, text="<script>alert(1)</script>")

    html = client_for(world.secretary).get(reverse("material", args=[world.material.pk])).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "一是&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_material_detail_query_count_does_not_grow_with_problems(world, client_for, django_assert_num_queries):
    client = client_for(world.secretary)
    url = reverse("material", args=[world.material.pk])
    add_problems(material=world.material, category=world.categories[0], count=1)
    client.get(url)  # warm the session and the content-type caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    add_problems(material=world.material, category=world.categories[0], count=2)
    add_problems(material=world.material, category=world.categories[2], count=47)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)

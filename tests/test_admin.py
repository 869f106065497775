import pytest
from django.contrib import admin
from django.urls import reverse

from orglife.demo import load_demo


@pytest.fixture
def admin_client_with_demo(client, db):
    load_demo()
    client.login(username="admin", password="orglife2022")
    return client


def test_every_model_has_a_working_changelist_and_add_page(admin_client_with_demo):
    failures = []
    for model in admin.site._registry:
        if model._meta.app_label != "orglife":
            continue
        info = (model._meta.app_label, model._meta.model_name)
        for view in ("changelist", "add"):
            response = admin_client_with_demo.get(reverse(f"admin:{info[0]}_{info[1]}_{view}"))
            if response.status_code != 200:
                failures.append((model.__name__, view, response.status_code))

    assert failures == []


def test_material_change_page_shows_problems_inline(admin_client_with_demo):
    from orglife.models import Material

    material = Material.objects.get(kind=Material.Kind.COMMITTEE)
    html = admin_client_with_demo.get(reverse("admin:orglife_material_change", args=[material.pk])).content.decode()

    assert html.count('name="problems-') >= 12 * 3
    assert "对意识形态责任制落实不够有力" in html


def test_admin_search_finds_problems_by_text(admin_client_with_demo):
    response = admin_client_with_demo.get(reverse("admin:orglife_problem_changelist"), {"q": "民主集中制"})

    assert response.context["cl"].result_count == 1


def test_admin_refuses_to_delete_a_category_in_use(admin_client_with_demo):
    from orglife.models import Category

    category = Category.objects.get(name="思想")
    html = admin_client_with_demo.get(reverse("admin:orglife_category_delete", args=[category.pk])).content.decode()

    assert "<title>无法删除 查摆方面 | orglife</title>" in html
    assert "将要求删除以下受保护的相关对象" in html


def test_admin_cycle_save_applies_a_category_preset(admin_client_with_demo):
    from orglife.models import Cycle, Organisation

    branch = Organisation.objects.get(code="linjiang-finance-branch")
    data = {
        "branch": branch.pk,
        "year": 2024,
        "kind": "annual",
        "title": "2024年度组织生活会",
        "category_preset": "2024_six",
        "categories-TOTAL_FORMS": 0,
        "categories-INITIAL_FORMS": 0,
    }

    response = admin_client_with_demo.post(reverse("admin:orglife_cycle_add"), data)

    assert response.status_code == 302
    cycle = Cycle.objects.get(title="2024年度组织生活会")
    assert list(cycle.categories.values_list("name", flat=True)) == [
        "政治信仰",
        "党员意识",
        "理论学习",
        "能力本领",
        "作用发挥",
        "纪律作风",
    ]


def test_admin_keeps_its_own_login_behind_the_login_middleware(client, db):
    index = client.get("/admin/")
    login_page = client.get(reverse("admin:login"))

    # The admin's views are exempt from LoginRequiredMiddleware and check staff themselves.
    assert (index.status_code, index["Location"]) == (302, "/admin/login/?next=/admin/")
    assert login_page.status_code == 200


def test_admin_index_opens_after_logging_in_through_the_login_page(client, db):
    load_demo()

    response = client.post("/accounts/login/?next=/admin/", {"username": "admin", "password": "orglife2022"})

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200

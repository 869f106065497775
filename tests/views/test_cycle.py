from django.urls import reverse

from orglife.models import Material


def test_cycle_page_shows_categories_and_materials(world, client_for):
    response = client_for(world.secretary).get(reverse("cycle", args=[world.cycle.pk]))

    assert [c.heading_text for c in response.context["categories"]] == ["思想方面", "学习方面", "工作方面", "生活方面"]
    assert [m.title for m in response.context["materials"]] == ["党支部班子对照检查材料"]
    assert response.context["can_edit"] is True


def test_cycle_page_member_reads_without_edit_rights(world, client_for):
    response = client_for(world.member).get(reverse("cycle", args=[world.cycle.pk]))

    assert (response.status_code, response.context["can_edit"]) == (200, False)


def test_cycle_page_outsider_gets_404(world, client_for):
    assert client_for(world.outsider).get(reverse("cycle", args=[world.cycle.pk])).status_code == 404


def test_personal_materials_are_shown_to_author_and_committee_only(world, client_for):
    Material.objects.create(cycle=world.cycle, kind="personal", author=world.committee, title="李委员个人材料")
    url = reverse("cycle", args=[world.cycle.pk])

    seen = {
        user.username: [m.title for m in client_for(user).get(url).context["materials"]]
        for user in (world.secretary, world.committee, world.member, world.reviewer)
    }

    assert seen == {
        "secretary": ["党支部班子对照检查材料", "李委员个人材料"],
        "committee": ["党支部班子对照检查材料", "李委员个人材料"],
        "member": ["党支部班子对照检查材料"],
        "reviewer": ["党支部班子对照检查材料", "李委员个人材料"],
    }


def test_personal_material_page_is_404_for_another_member(world, client_for):
    material = Material.objects.create(cycle=world.cycle, kind="personal", author=world.committee, title="个人材料")

    response = client_for(world.member).get(reverse("material", args=[material.pk]))

    assert response.status_code == 404

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


def test_category_preset_secretary_applies_a_preset(world, client_for):
    client = client_for(world.secretary)

    response = client.post(reverse("cycle_category_preset", args=[world.cycle.pk]), {"preset": "six_disciplines"})

    assert (response.status_code, response["Location"]) == (302, reverse("cycle", args=[world.cycle.pk]))
    assert list(world.cycle.categories.values_list("name", flat=True)) == [
        "政治纪律",
        "组织纪律",
        "廉洁纪律",
        "群众纪律",
        "工作纪律",
        "生活纪律",
    ]
    page = client.get(response["Location"]).content.decode()
    assert "查摆方面已设为：政治纪律、组织纪律、廉洁纪律、群众纪律、工作纪律、生活纪律。" in page


def test_category_preset_permissions(world, client_for):
    url = reverse("cycle_category_preset", args=[world.cycle.pk])

    codes = {
        user.username: client_for(user).post(url, {"preset": "2019"}).status_code
        for user in (world.member, world.reviewer, world.outsider)
    }

    assert codes == {"member": 403, "reviewer": 403, "outsider": 404}
    assert list(world.cycle.categories.values_list("name", flat=True)) == ["思想", "学习", "工作", "生活"]


def test_category_preset_refusal_is_shown_to_the_user(world, client_for):
    from orglife.models import Problem

    Problem.objects.create(material=world.material, category=world.categories[0], position=1, text="x")
    client = client_for(world.committee)

    response = client.post(reverse("cycle_category_preset", args=[world.cycle.pk]), {"preset": "2019"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "“思想”下已有查摆出的问题，不能整套替换。请先移动或删除这些问题，或在原有方面上逐个修改。"
    ]


def test_cycle_page_offers_presets_only_to_editors(world, client_for):
    url = reverse("cycle", args=[world.cycle.pk])

    shown = ['name="preset"' in client_for(user).get(url).content.decode() for user in (world.secretary, world.member)]

    assert shown == [True, False]


def test_personal_import_link_is_for_branch_members_only(world, client_for):
    url = reverse("cycle", args=[world.cycle.pk])
    link = f'href="{reverse("personal_import", args=[world.cycle.pk])}"'

    shown = [link in client_for(user).get(url).content.decode() for user in (world.member, world.reviewer)]

    assert shown == [True, False]

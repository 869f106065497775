from django.urls import reverse

from tests.factories import make_category, make_cycle, make_material, make_problem


def test_cycle_page_shows_categories_and_materials(world, client_for):
    response = client_for(world.secretary).get(reverse("cycle", args=[world.cycle.pk]))

    headings = [category.heading_text for category, _ in response.context["categories"]]
    assert headings == ["思想方面", "学习方面", "工作方面", "生活方面"]
    assert [m.title for m in response.context["materials"]] == ["党支部班子对照检查材料"]
    assert response.context["can_edit"] is True


def test_cycle_page_member_reads_without_edit_rights(world, client_for):
    response = client_for(world.member).get(reverse("cycle", args=[world.cycle.pk]))

    assert (response.status_code, response.context["can_edit"]) == (200, False)


def test_cycle_page_outsider_gets_404(world, client_for):
    assert client_for(world.outsider).get(reverse("cycle", args=[world.cycle.pk])).status_code == 404


def test_personal_materials_are_shown_to_author_and_committee_only(world, client_for):
    make_material(cycle=world.cycle, kind="personal", author=world.committee, title="李委员个人材料")
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
    material = make_material(cycle=world.cycle, kind="personal", author=world.committee, title="个人材料")

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

    make_problem(material=world.material, category=world.categories[0], position=1, text="x")
    client = client_for(world.committee)

    response = client.post(reverse("cycle_category_preset", args=[world.cycle.pk]), {"preset": "2019"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "“思想”下已有查摆出的问题，不能整套替换。请先移动或删除这些问题，或在原有方面上逐个修改。"
    ]


def test_cycle_page_offers_presets_only_to_editors(world, client_for):
    url = reverse("cycle", args=[world.cycle.pk])

    shown = ['name="preset"' in client_for(user).get(url).content.decode() for user in (world.secretary, world.member)]

    assert shown == [True, False]


def test_personal_material_link_is_for_branch_members_only(world, client_for):
    url = reverse("cycle", args=[world.cycle.pk])
    link = f'href="{reverse("personal_home", args=[world.cycle.pk])}">我的个人材料</a>'

    shown = [link in client_for(user).get(url).content.decode() for user in (world.member, world.reviewer)]

    assert shown == [True, False]


def _category_names(cycle) -> list[str]:
    return list(cycle.categories.order_by("position").values_list("name", flat=True))


def test_committee_manages_categories_from_the_cycle_page(world, client_for):
    client = client_for(world.committee)
    cycle, study = world.cycle.pk, world.categories[1]

    added = client.post(reverse("cycle_category_add", args=[cycle]), {"add-name": "纪律"}, follow=True)
    client.post(reverse("cycle_category_move", args=[cycle, study.pk, "down"]))
    renamed = client.post(
        reverse("cycle_category_edit", args=[cycle, study.pk]),
        {f"c{study.pk}-name": "理论学习", f"c{study.pk}-heading": "理论学习方面"},
        follow=True,
    )
    deleted = client.post(reverse("cycle_category_delete", args=[cycle, world.categories[3].pk]), follow=True)

    assert [str(m) for m in added.context["messages"]] == ["已添加查摆方面：纪律方面。"]
    assert [str(m) for m in renamed.context["messages"]] == ["已将“学习方面”改为“理论学习方面”。"]
    assert [str(m) for m in deleted.context["messages"]] == ["已删除查摆方面：生活方面。"]
    assert _category_names(world.cycle) == ["思想", "工作", "理论学习", "纪律"]
    page = deleted.content.decode()
    assert f'action="{reverse("cycle_category_edit", args=[cycle, study.pk])}"' in page
    assert f'<input type="text" name="c{study.pk}-name" value="理论学习" maxlength="100" required' in page


def test_category_changes_that_would_lose_or_clash_are_refused_with_a_message(world, client_for):

    make_problem(material=world.material, category=world.categories[0], position=1, text="x")
    client = client_for(world.secretary)
    cycle, thought = world.cycle.pk, world.categories[0]

    deleted = client.post(reverse("cycle_category_delete", args=[cycle, thought.pk]), follow=True)
    clash = client.post(reverse("cycle_category_add", args=[cycle]), {"add-name": "工作"}, follow=True)
    empty = client.post(reverse("cycle_category_add", args=[cycle]), {"add-name": "  "}, follow=True)

    assert [str(m) for m in deleted.context["messages"]] == [
        "“思想”下已有1个问题，不能删除。可以改名，或先把这些内容移到其他方面。"
    ]
    assert [str(m) for m in clash.context["messages"]] == ["已有名为“工作”的查摆方面。"]
    assert [str(m) for m in empty.context["messages"]] == ["请填写查摆方面的名称。"]
    assert _category_names(world.cycle) == ["思想", "学习", "工作", "生活"]


def test_category_endpoints_permissions(world, client_for):
    cycle, thought = world.cycle.pk, world.categories[0].pk
    posts = [
        (reverse("cycle_category_add", args=[cycle]), {"add-name": "纪律"}),
        (reverse("cycle_category_edit", args=[cycle, thought]), {f"c{thought}-name": "政治"}),
        (reverse("cycle_category_move", args=[cycle, thought, "down"]), {}),
        (reverse("cycle_category_delete", args=[cycle, thought]), {}),
    ]

    codes = {
        user.username: [client_for(user).post(url, data).status_code for url, data in posts]
        for user in (world.member, world.reviewer, world.outsider)
    }

    later = make_cycle(branch=world.branch, year=2023, kind="special", title="2023年专题组织生活会")
    theirs = make_category(cycle=later, position=1, name="思想")
    # The secretary may edit both cycles, but a category is reached only through its own.
    through_wrong_cycle = reverse("cycle_category_delete", args=[cycle, theirs.pk])
    other_cycle = client_for(world.secretary).post(through_wrong_cycle).status_code

    assert codes == {"member": [403] * 4, "reviewer": [403] * 4, "outsider": [404] * 4}
    assert other_cycle == 404
    assert _category_names(world.cycle) == ["思想", "学习", "工作", "生活"] and _category_names(later) == ["思想"]
    member_page = client_for(world.member).get(reverse("cycle", args=[cycle])).content.decode()
    assert "cycle_category" not in member_page and "/categories/" not in member_page

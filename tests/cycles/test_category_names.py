from django.urls import reverse

from orglife.materials.document.assembly import assemble
from tests.factories import make_problem


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_category_typed_with_fangmian_prints_it_once(world, client_for):
    response = client_for(world.secretary).post(
        reverse("cycle_category_add", args=[world.cycle.pk]), {"add-name": "测试方面"}, follow=True
    )
    category = world.cycle.categories.get(name="测试")
    make_problem(material=world.material, category=category, position=1, text="问题。")

    assert _messages(response) == [
        "已添加查摆方面：测试方面。",
        "已去掉输入的“方面”：打印时会自动加上序号，名称后自动加“方面”。",
    ]
    assert [p.text for p in assemble(world.material) if p.kind == "heading2"] == ["（一）测试方面。"]


def test_category_typed_with_an_ordinal_loses_it_and_says_so(world, client_for):
    client = client_for(world.secretary)
    url = reverse("cycle_category_add", args=[world.cycle.pk])

    full = client.post(url, {"add-name": "（五）纪律方面"}, follow=True)
    part = client.post(url, {"add-name": "六、作风"}, follow=True)
    half = client.post(url, {"add-name": "(七) 担当", "add-heading": "（七）担当作为方面"}, follow=True)

    assert list(world.cycle.categories.order_by("position").values_list("name", "heading"))[4:] == [
        ("纪律", ""),
        ("作风", ""),
        ("担当", "担当作为方面"),
    ]
    assert _messages(full)[1] == "已去掉输入的“（五）”和“方面”：打印时会自动加上序号，名称后自动加“方面”。"
    assert _messages(part)[1] == "已去掉输入的“六、”：打印时会自动加上序号，名称后自动加“方面”。"
    assert _messages(half)[1] == "已去掉输入的“(七)”和“（七）”：打印时会自动加上序号，名称后自动加“方面”。"


def test_category_rename_strips_too_and_plain_names_get_no_notice(world, client_for):
    client = client_for(world.secretary)
    study = world.categories[1]
    url = reverse("cycle_category_edit", args=[world.cycle.pk, study.pk])

    renamed = client.post(url, {f"c{study.pk}-name": "理论学习方面", f"c{study.pk}-heading": ""}, follow=True)
    plain = client.post(url, {f"c{study.pk}-name": "学风", f"c{study.pk}-heading": ""}, follow=True)
    alone = client.post(url, {f"c{study.pk}-name": "方面", f"c{study.pk}-heading": ""}, follow=True)

    assert _messages(renamed) == [
        "已将“学习方面”改为“理论学习方面”。",
        "已去掉输入的“方面”：打印时会自动加上序号，名称后自动加“方面”。",
    ]
    assert _messages(plain) == ["已将“理论学习方面”改为“学风方面”。"]
    assert _messages(alone) == ["请填写查摆方面的名称（不含“方面”二字），如：思想。"]
    study.refresh_from_db()
    assert study.name == "学风"

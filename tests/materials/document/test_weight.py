"""The one "problems and causes too thin" rule: the same figures from data and from rows,
in the import preview and in the checks panel."""

import pytest
from django.urls import reverse

from orglife.materials.document.assembly import load_material
from orglife.materials.document.checks import check_material
from orglife.materials.document.weight import Weight, data_parts, material_parts, weigh
from orglife.materials.services import material_fill
from orglife.models import Material

# Characters without white space: 19 of the core (引言。问题一。原因引言。学习不够正文。) and
# 39 beside it (标题, 开头文字, 基本情况正文。, 存在的问题, 原因剖析, 整改措施, 加强学习引。,
# 措施。, 请批评指正). The signature counts nowhere.
DATA = {
    "title": "标题",
    "preamble": "开头 文字",
    "extra_sections": [{"heading": "基本情况", "text": "正文。"}],
    "problems_heading": "存在的问题",
    "categories": [{"name": "思想", "intro": "引言。", "items": [{"text": "问题一。"}]}],
    "causes_heading": "原因剖析",
    "causes_intro": "原因引言。",
    "causes": [{"heading": "学习不够", "text": "正文。"}],
    "directions_heading": "整改措施",
    "directions": [{"heading": "加强学习", "intro": "引。", "measures": [{"text": "措施。"}]}],
    "closing": "请批评指正",
    "signature": {"name": "张三张三张三张三张三", "date": None},
}
MESSAGE = "问题和原因只占全文的32%（19/59字），应当占一半以上。"


def test_weight_of_data_counts_the_core_and_the_whole():
    weight = weigh(data_parts(DATA))

    assert weight == Weight(core=19, total=59)
    assert weight.thin
    assert weight.message == MESSAGE


@pytest.mark.django_db
def test_weight_of_the_saved_rows_equals_the_weight_of_the_data(world):
    material_fill(material=world.material, data=DATA)

    material = load_material(Material.objects.get(pk=world.material.pk))

    assert weigh(material_parts(material)) == Weight(core=19, total=59)
    assert [(f.code, f.message) for f in check_material(material) if f.code == "thin_core"] == [("thin_core", MESSAGE)]


@pytest.mark.parametrize(
    ("core", "total", "thin"),
    [(5, 10, False), (4, 10, True), (0, 10, False), (0, 0, False), (10, 10, False)],
)
def test_thin_means_some_core_and_less_than_half(core, total, thin):
    assert Weight(core, total).thin is thin


THIN_TEXT = """党支部班子对照检查材料
根据通知要求，现将对照检查情况报告如下，请予批评指正，我们将认真整改落实到位。
一、存在的问题
（一）思想方面。
一是学习不够。
二、原因剖析
（一）放松学习。
三、整改措施
（一）加强学习。
一是制定学习计划，每月集中学习两次，每季度开展一次专题研讨，年底进行总结考评。
"""


@pytest.mark.django_db
def test_import_preview_warns_by_the_same_rule_as_the_checks_panel(world, client_for):
    client = client_for(world.secretary)

    response = client.post(reverse("material_import", args=[world.cycle.pk]), {"text": THIN_TEXT})

    assert response.status_code == 200
    thin = [w for w in response.context["warnings"] if w.code == "thin_core"]
    expected = weigh(data_parts(response.context["data"]))
    assert expected.thin
    assert [w.message for w in thin] == [expected.message]
    assert expected.message in response.content.decode()

from orglife.materials.revisions.services import material_replace, revision_create, revision_restore
from orglife.materials.services import material_fill
from orglife.models import Problem
from tests.factories import adopted_opinion


def test_replacing_the_material_returns_adopted_opinions_to_pending(world):
    opinion = adopted_opinion(cycle=world.cycle, category=world.categories[0])
    assert (opinion.status, opinion.problem.text) == ("adopted", "理论学习走过场。")

    material_replace(
        material=world.material,
        data={"title": "新材料", "categories": [{"name": "学习", "items": [{"text": "新问题。"}]}]},
        by=world.secretary,
        reason="导入前自动保存",
    )

    opinion.refresh_from_db()
    assert (opinion.status, opinion.problem) == ("pending", None)


def test_restoring_a_revision_relinks_the_adopted_opinions(world):
    opinion = adopted_opinion(cycle=world.cycle, category=world.categories[0])
    before = revision_create(material=world.material, by=world.secretary, reason="导入前")
    material_fill(material=world.material, data={"title": "改过", "categories": []})

    revision_restore(revision=before, by=world.secretary)

    opinion.refresh_from_db()
    restored = Problem.objects.get(material=world.material)
    assert (opinion.status, opinion.problem) == ("adopted", restored)
    assert before.data["categories"][0]["items"] == [{"text": "理论学习走过场。", "opinions": [str(opinion.pk)]}]

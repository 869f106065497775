import pytest

from orglife.models import Material
from tests.factories import make_drafted, make_material


@pytest.fixture
def committee(world) -> Material:
    """The world's committee material with two problems, a cause, a direction and a measure."""
    return make_drafted(material=world.material, categories=world.categories)


@pytest.fixture
def personal(world) -> Material:
    """The member's personal material, drafted the same way (reviewed by the branch committee)."""
    material = make_material(
        cycle=world.cycle, kind=Material.Kind.PERSONAL, author=world.member, title="王党员个人材料"
    )
    return make_drafted(material=material, categories=world.categories)


@pytest.fixture
def secretary_personal(world) -> Material:
    """The secretary's own personal material (reviewed by the higher organisation)."""
    material = make_material(
        cycle=world.cycle, kind=Material.Kind.PERSONAL, author=world.secretary, title="张书记个人材料"
    )
    return make_drafted(material=material, categories=world.categories)

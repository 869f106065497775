import pytest

from orglife.models import Cause, Direction, Measure, Problem


@pytest.fixture
def drafted(world):
    """The world's material with two problems under 思想, one cause, one direction with one measure."""
    m = world.material
    thought = world.categories[0]
    p1 = Problem.objects.create(material=m, category=thought, position=1, text="理想信念不够坚定。比如某次学习缺席。")
    p2 = Problem.objects.create(material=m, category=thought, position=2, text="宗旨意识有所淡化。")
    cause = Cause.objects.create(material=m, position=1, heading="党性修养不够", body="放松了学习。")
    direction = Direction.objects.create(material=m, position=1, heading="加强学习")
    measure = Measure.objects.create(direction=direction, position=1, text="每周集中学习。")
    return {"p1": p1, "p2": p2, "cause": cause, "direction": direction, "measure": measure}

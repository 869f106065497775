import pytest

from tests.factories import make_cause, make_direction, make_measure, make_problem


@pytest.fixture
def drafted(world):
    """The world's material with two problems under 思想, one cause, one direction with one measure."""
    m = world.material
    thought = world.categories[0]
    p1 = make_problem(material=m, category=thought, position=1, text="理想信念不够坚定。比如某次学习缺席。")
    p2 = make_problem(material=m, category=thought, position=2, text="宗旨意识有所淡化。")
    cause = make_cause(material=m, position=1, heading="党性修养不够", body="放松了学习。")
    direction = make_direction(material=m, position=1, heading="加强学习")
    measure = make_measure(direction=direction, position=1, text="每周集中学习。")
    return {"p1": p1, "p2": p2, "cause": cause, "direction": direction, "measure": measure}

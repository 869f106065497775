"""Starting a member's personal material, and their 发言提纲 (writes)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from orglife.common.locks import locked_cycle, locked_material
from orglife.cycles.models import Cycle
from orglife.materials.document.checks import previous_material
from orglife.materials.importing.ordinals import leading_ordinal
from orglife.materials.models import Material
from orglife.materials.personal.models import SpeechOutline
from orglife.materials.personal.outline import PARTS, POINT_LIMIT, outline_from_material
from orglife.materials.revisions.services import material_to_data
from orglife.materials.services import material_fill
from orglife.orgs.models import User

ALREADY_STARTED = "您已经有本次组织生活会的个人对照检查材料了，请继续编辑它。"
NO_PREVIOUS = "没有找到您上一次组织生活会的个人对照检查材料，请从空白开始或导入。"


def personal_title(cycle: Cycle) -> str:
    """The title a personal material starts with (the import uses the same)."""
    return f"{cycle.title}个人对照检查材料"


def previous_personal(*, cycle: Cycle, author: User) -> Material | None:
    """`author`'s personal material of the branch's cycle before `cycle`, if they wrote one."""
    return previous_material(Material(cycle=cycle, kind=Material.Kind.PERSONAL, author=author))


def personal_preamble(cycle: Cycle, talked_with: int) -> str:
    """The preamble a blank personal material starts with; it names the talks held so far."""
    basis = f"根据{cycle.notice}要求" if cycle.notice.strip() else "根据上级党组织的通知要求"
    talks = f"与{talked_with}名同志开展了谈心谈话，" if talked_with else "开展了谈心谈话，"
    return (
        f"{basis}，本人认真学习了规定的学习内容，广泛听取了党员和群众的意见建议，{talks}"
        "紧密结合自身思想和工作实际，认真查摆了存在的问题，剖析了问题产生的原因，明确了整改措施。现对照检查如下。"
    )


def _data_from_previous(previous: Material) -> dict:
    """Last year's material to start from: its preamble, causes, directions and measures
    (their text only: no deadline, status or link), no problems, which must be found anew."""
    data = material_to_data(previous)
    return {
        "preamble": data.get("preamble", ""),
        "causes": data.get("causes", []),
        "causes_intro": data.get("causes_intro", ""),
        "directions": [
            {
                "heading": d["heading"],
                "intro": d.get("intro", ""),
                "measures": [{"text": m["text"]} for m in d.get("measures", [])],
            }
            for d in data.get("directions", [])
        ],
        "directions_intro": data.get("directions_intro", ""),
        "closing": data.get("closing", ""),
        "categories": [],
    }


@transaction.atomic
def personal_start(*, cycle: Cycle, author: User, from_previous: bool = False, talked_with: int = 0) -> Material:
    """Create `author`'s personal material for `cycle`: blank (the cycle's categories,
    an opening naming `talked_with` talk partners, the author's name as signature), or
    from their previous cycle's personal material (preamble, causes, directions and
    measures; no problems).

    Side effects, in one transaction: locks the cycle (as an import does, so the two
    cannot both create it); creates the Material, and from a previous one its causes,
    directions and measures (material_fill). Raises ValidationError, changing nothing,
    when the author already has one or (from_previous) has no previous one.
    """
    cycle = locked_cycle(cycle.pk)
    if cycle.materials.filter(kind=Material.Kind.PERSONAL, author=author).exists():
        raise ValidationError(ALREADY_STARTED)
    previous = previous_personal(cycle=cycle, author=author) if from_previous else None
    if from_previous and previous is None:
        raise ValidationError(NO_PREVIOUS)
    try:
        with transaction.atomic():
            material = Material.objects.create(
                cycle=cycle,
                kind=Material.Kind.PERSONAL,
                author=author,
                title=personal_title(cycle),
                preamble=personal_preamble(cycle, talked_with),
                signature=author.get_full_name(),
            )
    except IntegrityError as exc:  # created meanwhile by an import that did not lock the cycle
        raise ValidationError(ALREADY_STARTED) from exc
    if previous is not None:
        data = _data_from_previous(previous)
        data["title"], data["signature"] = material.title, {"name": material.signature, "date": None}
        material_fill(material=material, data=data)
    return material


@transaction.atomic
def outline_generate(*, material: Material) -> SpeechOutline:
    """(Re)generate the material's 发言提纲 from its current content.

    Side effects: locks the material; creates its SpeechOutline or replaces its
    sections (what the author edited is replaced: the page asks first).
    """
    locked_material(material.pk)
    sections = outline_from_material(material)
    outline, _ = SpeechOutline.objects.update_or_create(
        material=material, defaults={"sections": sections, "generated_at": timezone.now()}
    )
    return outline


def clean_points(text: str) -> list[str]:
    """One point per non-blank line, typed ordinals (一是, 1.) removed."""
    points = []
    for line in text.splitlines():
        line = line.strip()
        line = line[len(leading_ordinal(line)) :].strip()
        if line:
            points.append(line)
    return points


@transaction.atomic
def outline_update(*, outline: SpeechOutline, sections: list[dict]) -> SpeechOutline:
    """Save the author's edit of the outline: `sections` in the stored shape, one per
    section of the outline as it was shown (same parts, same order).

    Side effects: locks the material, saves the outline. Raises ValidationError,
    changing nothing, when the sections do not match the stored ones (regenerated
    meanwhile) or a point is longer than POINT_LIMIT characters.
    """
    locked_material(outline.material_id)
    current = SpeechOutline.objects.get(pk=outline.pk)
    if [s.get("part") for s in current.sections] != [s.get("part") for s in sections]:
        raise ValidationError("提纲刚刚重新生成过，请刷新页面后再修改。")
    for section in sections:
        if section["part"] not in PARTS:
            raise ValidationError("提纲的结构不正确。")
        for point in section["points"]:
            if len(point) > POINT_LIMIT:
                raise ValidationError(
                    f"提纲每条不超过{POINT_LIMIT}字，“{point[:12]}…”有{len(point)}字。发言提纲只写要点，请精简。"
                )
    current.sections = sections
    current.save(update_fields=["sections", "updated_at"])
    return current

"""Demo data of the talks and the members' own materials, for the demo branch's 2022 cycle.

A dozen talks that cover every required pair but one (王强 has not talked with 吴悦,
whom he is responsible for), one opinion filed from a talk into the demo campaign,
and personal materials in each state built here: 赵磊 drafting with a 发言提纲, 刘红
just started, the others not started. Loading again adds nothing.
"""

from __future__ import annotations

import datetime

from orglife.cycles.models import Cycle
from orglife.materials.models import Material
from orglife.materials.personal.services import outline_generate, personal_start
from orglife.materials.services import material_fill
from orglife.opinions.models import Campaign
from orglife.orgs.models import Organisation, User
from orglife.talks.models import MemberLiaison, Talk
from orglife.talks.services import talk_create, talk_opinion_file

BRANCH = "linjiang-drc-branch"
LIAISONS = {"member": "liuhong", "zhaolei": "liuhong", "sunli": "wangqiang", "wuyue": "wangqiang"}
# (day in November 2022, form, place, lead, partners, what was talked about, opinions raised)
TALKS = [
    (
        8,
        "face",
        "书记办公室",
        "secretary",
        ["liuhong"],
        "交流分管组织工作的思路，对照检查班子在发挥战斗堡垒作用方面的差距。",
        "建议支部加强对青年党员的培养。",
    ),
    (8, "face", "书记办公室", "secretary", ["wangqiang"], "交流宣传思想工作，谈理论学习中心组学习的改进。", ""),
    (
        9,
        "face",
        "支部活动室",
        "secretary",
        ["member"],
        "谈个人思想和工作情况，听取对支部班子的意见。",
        "支部集中学习形式单一，多是读文件，希望多组织研讨交流和现场教学。",
    ),
    (
        9,
        "face",
        "支部活动室",
        "secretary",
        ["zhaolei"],
        "谈项目审批工作中的作风问题，听取对支部工作的建议。",
        "建议简化支部会议的材料，减少形式主义。",
    ),
    (10, "phone", "", "secretary", ["sunli"], "外出调研期间电话谈心，了解工作和家庭情况。", ""),
    (
        10,
        "face",
        "书记办公室",
        "secretary",
        ["wuyue"],
        "与预备党员谈转正前的思想准备和努力方向。",
        "希望支部安排党员结对帮带。",
    ),
    (11, "face", "支部活动室", "liuhong", ["wangqiang"], "支委之间交流分工配合，互相指出工作中的不足。", ""),
    (14, "face", "支部活动室", "liuhong", ["member"], "谈个人对照检查材料的查摆方向。", ""),
    (14, "phone", "", "liuhong", ["zhaolei"], "谈学习笔记和“学习强国”学习情况。", ""),
    (15, "face", "会议室", "wangqiang", ["sunli"], "谈宣传信息报送工作和个人学习情况。", ""),
    (
        16,
        "group",
        "会议室",
        "wangqiang",
        ["member", "zhaolei"],
        "与青年党员集体谈心，交流理论学习心得。",
        "建议开展青年理论学习小组活动。",
    ),
    (17, "face", "办公室", "member", ["sunli"], "党员之间交流工作体会，互相提醒。", ""),
]
ZHAOLEI = {
    "categories": [
        {
            "name": "思想",
            "items": [
                {
                    "text": "理论学习的自觉性不够强。我今年参加支部集中学习11次，"
                    "自学多停留在读原文，3月以后的学习笔记只有4篇。"
                }
            ],
        },
        {
            "name": "工作",
            "items": [{"text": "服务企业的主动性不够。比如我经办的2个项目备案，都是企业多次来电询问后才上门指导。"}],
        },
    ],
    "causes": [
        {"heading": "理论武装不够深入", "text": "我把学习当成任务，满足于完成规定动作。"},
        {"heading": "宗旨意识有所淡化", "text": "我对企业的难处体会不深，习惯于坐等上门。"},
    ],
    "directions": [
        {
            "heading": "加强理论学习",
            "measures": [{"text": "每月至少写2篇学习笔记，年底前完成。", "deadline": "2022-12-31"}],
        },
        {
            "heading": "主动服务企业",
            "measures": [{"text": "每季度走访经办项目的企业一次。"}],
        },
    ],
}


def load_talks_demo() -> Cycle | None:
    """The demo branch's 2022 cycle's talks, liaisons and personal materials (idempotent)."""
    cycle = Cycle.objects.filter(branch__code=BRANCH, year=2022).first()
    if cycle is None:
        return None
    branch = Organisation.objects.get(code=BRANCH)
    users = {u.username: u for u in User.objects.filter(memberships__organisation=branch)}
    for member, committee in LIAISONS.items():
        MemberLiaison.objects.update_or_create(
            branch=branch, member=users[member], defaults={"committee_member": users[committee]}
        )
    for day, form, place, lead, partners, topics, opinions in TALKS:
        held_on = datetime.date(2022, 11, day)
        if Talk.objects.filter(cycle=cycle, held_on=held_on, topics=topics).exists():
            continue
        talk = talk_create(
            cycle=cycle,
            held_on=held_on,
            place=place,
            form=form,
            lead=users[lead],
            partners=[users[p] for p in partners],
            topics=topics,
            opinions=opinions,
            by=users["secretary"],
        )
        campaign = Campaign.objects.filter(cycle=cycle).order_by("pk").first()
        if lead == "secretary" and partners == ["member"] and campaign is not None:
            study = cycle.categories.filter(name="学习").first()
            talk_opinion_file(talk=talk, campaign=campaign, raised_by=users["member"], text=opinions, category=study)
    _personal(cycle, users["zhaolei"], ZHAOLEI)
    _personal(cycle, users["liuhong"], None)
    return cycle


def personal_demo(*, branch_code: str, username: str, content: dict) -> Material | None:
    """The demo branch's 2022 personal material of `username` with `content` (made once)."""
    cycle = Cycle.objects.filter(branch__code=branch_code, year=2022).first()
    author = User.objects.filter(username=username).first()
    if cycle is None or author is None:
        return None
    _personal(cycle, author, content)
    return cycle.materials.get(kind=Material.Kind.PERSONAL, author=author)


def _personal(cycle: Cycle, author: User, content: dict | None) -> None:
    if cycle.materials.filter(kind=Material.Kind.PERSONAL, author=author).exists():
        return
    material = personal_start(cycle=cycle, author=author)
    if content is not None:
        data = {"title": material.title, "preamble": material.preamble, **content}
        data["signature"] = {"name": author.get_full_name(), "date": None}
        material_fill(material=material, data=data)
        outline_generate(material=material)

"""A synthetic district for demos and benchmarks (`python manage.py seed_district`).

Deterministic from the seed: the same --seed and --branches give the same names,
cycles, materials and opinions. Everything is written with bulk_create, in one
transaction, so 5,000 branches take well under a minute on PostgreSQL. The tree is
district (区委) → working committees (党工委) → general branches (党总支) → branches,
with paths made by orglife.orgs.services.child_path as organisation_create would.

The branches' cycles of `year` are spread over the states a district sees in the
season (nothing set yet, details set, opinions being collected, collected but not
published, published and drafting), some with a planned date already past; about a
fifth have last year's cycle and material too; a few materials are planted copies
of another branch's or of their own last year's, for copy detection.
"""

from __future__ import annotations

import datetime
import random
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.db.models.functions import Length
from django.utils import timezone

from orglife.cycles.models import Category, Cycle
from orglife.dashboard.copies import refresh_signatures
from orglife.dashboard.services import summaries_refresh
from orglife.materials.models import Cause, Direction, Material, Measure, Problem
from orglife.opinions.models import Campaign, Opinion, Source
from orglife.opinions.selectors import opinion_counts_sentence
from orglife.orgs.models import Membership, Organisation, User
from orglife.orgs.services import SEGMENT_WIDTH, child_path

SAMPLE = Path(settings.BASE_DIR) / "fixtures" / "samples" / "branch-2022-material.txt"
CATEGORIES = ("思想", "学习", "工作", "生活")
BRANCHES_PER_GENERAL = 25
GENERALS_PER_WORKING = 16
MEMBERS_PER_BRANCH = 5  # 书记, 组织委员 and three 党员
PASSWORD = "orglife2022"  # the reviewer's, as the demo's

UNITS = (
    "发展和改革局",
    "财政局",
    "教育局",
    "卫生健康局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "市场监督管理局",
    "生态环境局",
    "自然资源局",
    "水利局",
    "民政局",
    "人力资源和社会保障局",
    "司法局",
    "审计局",
    "统计局",
    "应急管理局",
    "退役军人事务局",
)
AREAS = ("城东", "城西", "江南", "江北", "临湖", "新港", "青山", "白沙", "北园", "南苑", "东坪", "西岭")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏海燕林波宁晨晓文斌浩亮颖琳雪梅丹凯鑫婷慧"
OPINIONS = (
    "建议支部进一步丰富学习形式，多组织现场教学。",
    "希望班子成员多到基层一线调研，倾听群众呼声。",
    "会议文件较多，建议精简会议、改进文风。",
    "建议加强对年轻党员的培养，压担子、给机会。",
    "希望支部在为民办实事上再多下功夫，解决急难愁盼问题。",
    "建议落实谈心谈话制度，及时掌握党员思想动态。",
    "意识形态工作还需加强，阵地管理要更规范。",
    "主题党日活动形式单一，建议结合业务创新开展。",
    "希望班子带头改进作风，少一些形式主义。",
    "建议完善党员积分管理，激发党员干事创业热情。",
)


WHAT = (
    "集中学习",
    "专题研讨",
    "主题党日",
    "谈心谈话",
    "走访群众",
    "调研基层",
    "讲党课",
    "警示教育",
    "志愿服务",
    "业务培训",
    "理论测试",
    "读书分享",
    "现场教学",
    "民主评议",
    "结对帮扶",
)
WHO = ("支委班子", "年轻党员", "老党员", "窗口岗位党员", "业务骨干", "入党积极分子", "退休党员", "流动党员")
LACK = (
    "发言停留在表面",
    "未按时完成学习任务",
    "联系群众不够紧密",
    "学习笔记内容简单",
    "参加活动不够积极",
    "对政策理解不深",
    "整改落实不到位",
    "工作创新意识不强",
    "调研报告质量不高",
    "带头作用发挥不够",
)
DETAILS = (
    "{year}年全年{what}仅开展{n}次",
    "{month}月份组织的{what}有{n}名党员缺席",
    "{who}中有{n}人{lack}",
    "在{month}月的{what}中{who}{lack}",
    "上半年{what}计划{m}次、实际完成{n}次",
    "{who}的{what}记录有{n}处不完整",
)


def clause_pool(text: str | None = None) -> list[str]:
    """The sample material's clauses (the parts between commas and full stops; headings left out)."""
    text = text if text is not None else SAMPLE.read_text(encoding="utf-8")
    pool = set()
    for line in text.splitlines():
        if line.startswith("#") or len(line) < 30:
            continue
        for clause in re.split("[，。；:：,;！？]", line):
            clause = clause.strip().lstrip("一二三四五六七八九十是")
            if len(clause) >= 6:
                pool.add(clause)
    return sorted(pool)


@dataclass
class Writer:
    """Makes a material's texts: each sentence joins two or three of the sample's clauses
    at random and adds a detail of the branch's own (what, who, how many, when), so that
    two branches' materials share stock phrases, as real ones do, but are not copies."""

    rng: random.Random
    pool: list[str]
    year: int = 2023

    def sentence(self) -> str:
        rng = self.rng
        detail = rng.choice(DETAILS).format(
            year=self.year,
            month=rng.randint(1, 12),
            n=rng.randint(2, 30),
            m=rng.randint(31, 60),
            what=rng.choice(WHAT),
            who=rng.choice(WHO),
            lack=rng.choice(LACK),
        )
        return "，".join([*rng.sample(self.pool, rng.randint(2, 3)), detail]) + "。"

    def text(self, sentences: int) -> str:
        return "".join(self.sentence() for _ in range(sentences))

    def material(self, branch_name: str) -> dict:
        rng = self.rng
        return {
            "preamble": f"按照上级党组织的通知要求，{branch_name}支部委员会认真学习、广泛征求意见、深入谈心谈话，"
            "查摆问题、剖析原因、明确整改措施。现对照检查如下。",
            "problems": {name: [self.text(rng.randint(2, 4)) for _ in range(rng.randint(2, 3))] for name in CATEGORIES},
            "causes": [(f"原因剖析{n}", self.text(rng.randint(2, 4))) for n in range(1, 4)],
            "directions": [
                (f"努力方向{n}", [self.text(rng.randint(1, 2)) for _ in range(rng.randint(2, 3))]) for n in range(1, 4)
            ],
        }


@dataclass
class Seeded:
    district: Organisation
    reviewer: User
    branches: int
    cycles: int
    materials: int
    opinions: int
    planted: list[tuple[int, int]] = field(default_factory=list)  # (copy, original) material ids


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _next_root_path() -> str:
    roots = Organisation.objects.annotate(n=Length("path")).filter(n=SEGMENT_WIDTH + 1)
    last = roots.aggregate(last=Max("path"))["last"]
    return child_path("", int(last[:-1], 36) + 1 if last else 1)


STATES = (  # (share, name): how far a branch's cycle has come
    (0.10, "blank"),
    (0.15, "planned"),
    (0.20, "collecting"),
    (0.15, "collected"),
    (0.40, "drafting"),
)


def _state(rng: random.Random) -> str:
    x, total = rng.random(), 0.0
    for share, name in STATES:
        total += share
        if x < total:
            return name
    return STATES[-1][1]


@transaction.atomic
def seed_district(*, branches: int, seed: int = 1, year: int = 2023, prefix: str = "seed") -> Seeded:
    """Create a district of `branches` branches (see the module docstring).

    Side effects: inserts organisations, users (the reviewer `<prefix>-reviewer` with
    the demo password; members with unusable passwords), memberships, cycles with
    their categories, committee materials with problems, causes, directions and
    measures, campaigns and opinions, and the materials' copy signatures.
    Refuses (ValidationError) when a district with `prefix` exists already.
    """
    if Organisation.objects.filter(code=f"{prefix}-district").exists():
        raise ValidationError(f"代码为“{prefix}-district”的区委已存在：请换一个 --prefix。")
    rng = random.Random(seed)
    writer = Writer(rng, clause_pool(), year)
    today = timezone.localdate()
    area = rng.choice(AREAS)
    district = Organisation.objects.create(
        name=f"中共{area}区委", kind=Organisation.Kind.COMMITTEE, code=f"{prefix}-district", path=_next_root_path()
    )
    # The tree, level by level (bulk_create returns the ids on PostgreSQL and SQLite).
    generals_needed = -(-branches // BRANCHES_PER_GENERAL)
    workings = Organisation.objects.bulk_create(
        Organisation(
            name=f"中共{area}区{UNITS[w % len(UNITS)]}系统党工委"
            + (f"（{w // len(UNITS) + 1}）" if w >= len(UNITS) else ""),
            kind=Organisation.Kind.WORKING_COMMITTEE,
            code=f"{prefix}-w{w + 1}",
            parent=district,
            path=child_path(district.path, w + 1),
        )
        for w in range(-(-generals_needed // GENERALS_PER_WORKING))
    )

    def general_name(g: int) -> str:
        system = workings[g // GENERALS_PER_WORKING].name.removeprefix("中共").removesuffix("党工委")
        return f"{system}第{g % GENERALS_PER_WORKING + 1}党总支"

    generals = Organisation.objects.bulk_create(
        Organisation(
            name=general_name(g),
            kind=Organisation.Kind.GENERAL_BRANCH,
            code=f"{prefix}-g{g + 1}",
            parent=workings[g // GENERALS_PER_WORKING],
            path=child_path(workings[g // GENERALS_PER_WORKING].path, g % GENERALS_PER_WORKING + 1),
        )
        for g in range(generals_needed)
    )
    branch_rows = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"{area}区{UNITS[b % len(UNITS)]}第{b + 1}党支部",
                kind=Organisation.Kind.BRANCH,
                code=f"{prefix}-b{b + 1}",
                parent=generals[b // BRANCHES_PER_GENERAL],
                path=child_path(generals[b // BRANCHES_PER_GENERAL].path, b % BRANCHES_PER_GENERAL + 1),
            )
            for b in range(branches)
        ),
        batch_size=2000,
    )

    reviewer = User.objects.create(
        username=f"{prefix}-reviewer", full_name=_name(rng), password=make_password(PASSWORD)
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        (
            User(username=f"{prefix}-b{b + 1}-{k + 1}", full_name=_name(rng), password=unusable)
            for b in range(branches)
            for k in range(MEMBERS_PER_BRANCH)
        ),
        batch_size=5000,
    )
    roles = ("secretary", "organisation", "member", "member", "member")
    memberships = [Membership(user=reviewer, organisation=district, role=Membership.Role.REVIEWER)]
    memberships += [
        Membership(user=users[b * MEMBERS_PER_BRANCH + k], organisation=branch, role=roles[k], position=k)
        for b, branch in enumerate(branch_rows)
        for k in range(MEMBERS_PER_BRANCH)
    ]
    Membership.objects.bulk_create(memberships, batch_size=5000)

    states = [_state(rng) for _ in branch_rows]
    had_last_year = [rng.random() < 0.2 for _ in branch_rows]
    cycles, last_cycles = [], []
    for b, branch in enumerate(branch_rows):
        state = states[b]
        planned = today + datetime.timedelta(days=rng.randint(-20, 40))
        details = state != "blank"
        cycles.append(
            Cycle(
                branch=branch,
                year=year,
                kind=Cycle.Kind.ANNUAL,
                title=f"{year}年度组织生活会",
                notice=f"区委组织部《关于召开{year}年度基层党组织组织生活会的通知》" if details else "",
                study_content="党的二十大报告\n党章\n《中国共产党支部工作条例（试行）》" if details else "",
                planned_date=planned if details else None,
            )
        )
        if had_last_year[b]:
            last_cycles.append(
                Cycle(
                    branch=branch,
                    year=year - 1,
                    kind=Cycle.Kind.ANNUAL,
                    title=f"{year - 1}年度组织生活会",
                    notice=f"区委组织部《关于召开{year - 1}年度基层党组织组织生活会的通知》",
                    study_content="党的二十大报告",
                    planned_date=datetime.date(year - 1, 12, 20),
                )
            )
    cycles = Cycle.objects.bulk_create(cycles, batch_size=2000)
    last_cycles = Cycle.objects.bulk_create(last_cycles, batch_size=2000)
    last_by_branch = {c.branch_id: c for c in last_cycles}
    categories = Category.objects.bulk_create(
        (
            Category(cycle=cycle, position=p + 1, name=name)
            for cycle in [*cycles, *last_cycles]
            for p, name in enumerate(CATEGORIES)
        ),
        batch_size=5000,
    )
    category_of = {(c.cycle_id, c.name): c for c in categories}

    # Committee materials: empty while collecting, drafted after; last year's all drafted.
    drafted: list[tuple[Cycle, dict]] = []
    material_rows = []
    for b, cycle in enumerate(cycles):
        if states[b] in ("collecting", "collected", "drafting"):
            material_rows.append(Material(cycle=cycle, title=f"{branch_rows[b].name}班子对照检查材料"))
    for cycle in last_cycles:
        material_rows.append(Material(cycle=cycle, title=f"{cycle.year}年度班子对照检查材料"))
    material_rows = Material.objects.bulk_create(material_rows, batch_size=2000)
    name_of = {branch.pk: branch.name for branch in branch_rows}
    state_of_branch = {branch.pk: states[b] for b, branch in enumerate(branch_rows)}
    contents: dict[int, dict] = {}
    for material in material_rows:
        state = state_of_branch[material.cycle.branch_id] if material.cycle.year == year else "drafting"
        if state in ("collected", "drafting"):
            contents[material.pk] = writer.material(name_of[material.cycle.branch_id])
            drafted.append((material.cycle, contents[material.pk]))
    # Planted copies: about one branch in a hundred copies another's, or its own last year's.
    planted: list[tuple[int, int]] = []
    this_year = [m for m in material_rows if m.cycle.year == year and m.pk in contents]
    for material in this_year:
        if rng.random() >= 0.01:
            continue
        last = last_by_branch.get(material.cycle.branch_id)
        if last is not None:
            original = next(m for m in material_rows if m.cycle_id == last.pk)
        else:
            original = rng.choice(this_year)
            if original.pk == material.pk:
                continue
        copied = dict(contents[original.pk])
        copied["preamble"] = contents[material.pk]["preamble"]
        contents[material.pk] = copied
        planted.append((material.pk, original.pk))
    _write_parts(material_rows, contents, category_of)

    opinions = _campaigns(rng, cycles, states, category_of, reviewer, today)
    with connection.cursor() as cursor:  # fresh statistics, or the planner guesses from empty tables
        cursor.execute("ANALYZE")
    texts = {pk: "\n".join(_texts(content)) for pk, content in contents.items()}
    refresh_signatures(list(contents), texts=texts)
    summaries_refresh([c.pk for c in [*cycles, *last_cycles]], today=today)
    return Seeded(
        district=district,
        reviewer=reviewer,
        branches=branches,
        cycles=len(cycles) + len(last_cycles),
        materials=len(material_rows),
        opinions=opinions,
        planted=planted,
    )


def _texts(content: dict) -> list[str]:
    """The texts of a generated material, in printed order (as copies.material_texts reads them)."""
    out = [content["preamble"]]
    for texts in content["problems"].values():
        out += texts
    for heading, body in content["causes"]:
        out += [heading, body]
    out += [heading for heading, _ in content["directions"]]
    for _, texts in content["directions"]:
        out += texts
    return out


def _write_parts(materials: list[Material], contents: dict[int, dict], category_of: dict) -> None:
    problems, causes, directions = [], [], []
    for material in materials:
        content = contents.get(material.pk)
        if content is None:
            continue
        for name, texts in content["problems"].items():
            category = category_of[(material.cycle_id, name)]
            problems += [
                Problem(material=material, category=category, position=p + 1, text=t) for p, t in enumerate(texts)
            ]
        causes += [
            Cause(material=material, position=p + 1, heading=h, body=body)
            for p, (h, body) in enumerate(content["causes"])
        ]
        directions += [
            Direction(material=material, position=p + 1, heading=h) for p, (h, _) in enumerate(content["directions"])
        ]
    Problem.objects.bulk_create(problems, batch_size=5000)
    Cause.objects.bulk_create(causes, batch_size=5000)
    directions = Direction.objects.bulk_create(directions, batch_size=5000)
    measures = []
    by_material: dict[int, list[Direction]] = {}
    for direction in directions:
        by_material.setdefault(direction.material_id, []).append(direction)
    for material_id, rows in by_material.items():
        for direction, (_, texts) in zip(rows, contents[material_id]["directions"], strict=True):
            measures += [Measure(direction=direction, position=p + 1, text=t) for p, t in enumerate(texts)]
    Measure.objects.bulk_create(measures, batch_size=5000)
    with_preamble = [m for m in materials if m.pk in contents]
    for material in with_preamble:
        material.preamble = contents[material.pk]["preamble"]
    Material.objects.bulk_update(with_preamble, ["preamble"], batch_size=1000)


def _campaigns(rng, cycles, states, category_of, reviewer, today) -> int:
    """A campaign for each cycle from `collecting` on, with opinions once it has closed."""
    campaigns = []
    for b, cycle in enumerate(cycles):
        state = states[b]
        if state == "collecting":
            opens, closes = today - datetime.timedelta(days=rng.randint(1, 5)), today + datetime.timedelta(days=7)
        elif state in ("collected", "drafting"):
            closes = today - datetime.timedelta(days=rng.randint(3, 20))
            opens = closes - datetime.timedelta(days=10)
        else:
            continue
        campaigns.append(
            Campaign(
                cycle=cycle,
                title="征求意见建议",
                token=uuid.UUID(int=rng.getrandbits(128)).hex,
                opens_on=opens,
                closes_on=closes,
                sources=["member", "masses"],
            )
        )
    campaigns = Campaign.objects.bulk_create(campaigns, batch_size=2000)
    state_of = {cycle.pk: states[b] for b, cycle in enumerate(cycles)}
    opinions, published = [], []
    for campaign in campaigns:
        if state_of[campaign.cycle_id] == "collecting":
            continue
        rows = []
        for text in rng.sample(OPINIONS, rng.randint(3, 6)):
            category = category_of[(campaign.cycle_id, rng.choice(CATEGORIES))]
            rows.append(
                Opinion(
                    id=uuid.UUID(int=rng.getrandbits(128)),
                    campaign=campaign,
                    source=rng.choice(["member", "masses"]),
                    category=category,
                    text=text,
                    received_on=campaign.closes_on,
                    status=Opinion.Status.ANSWERED,
                    response="支部已研究，将在整改中落实。",
                )
            )
        opinions += rows
        if state_of[campaign.cycle_id] == "drafting":
            campaign.published_summary = _summary(rows)
            campaign.summary_published_at = timezone.now()
            campaign.summary_published_by = reviewer
            published.append(campaign)
    Opinion.objects.bulk_create(opinions, batch_size=5000)
    Campaign.objects.bulk_update(
        published, ["published_summary", "summary_published_at", "summary_published_by"], batch_size=1000
    )
    return len(opinions)


def _summary(rows: list[Opinion]) -> dict:
    """The published summary of `rows` as orglife.opinions.summary.Summary.to_json writes it."""
    ordered = sorted(rows, key=lambda o: (o.category.position, o.text))
    by_source = {}
    for value in Source.values:
        n = sum(o.source == value for o in rows)
        if n:
            by_source[str(Source(value).label)] = n
    by_category = {}
    for o in ordered:
        by_category[o.category.name] = by_category.get(o.category.name, 0) + 1
    counts = {"total": len(rows), "distinct": len(rows), "by_source": by_source, "by_category": by_category}
    return {
        "rows": [
            {
                "number": n,
                "category": o.category.name,
                "text": o.text,
                "sources": str(Source(o.source).label),
                "times": 1,
                "status": o.get_status_display(),
                "note": o.response,
                "merged": [],
            }
            for n, o in enumerate(ordered, start=1)
        ],
        "counts": {key: list(value.items()) if isinstance(value, dict) else value for key, value in counts.items()},
        "sentence": opinion_counts_sentence(counts),
    }

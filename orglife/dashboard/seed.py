"""A synthetic district for demos and benchmarks (`python manage.py seed_district`).

Deterministic from the seed: the same --seed and --branches give the same names,
cycles, materials, opinions, talks and ledgers. The rows are written in one
transaction without model instances (COPY on PostgreSQL, bulk_create elsewhere), so
5,000 branches take well under a minute on PostgreSQL. The tree is district (区委) →
working committees (党工委) → general branches (党总支) → branches, with paths made by
orglife.orgs.services.child_path as organisation_create would.

The branches' cycles of `year` are spread over the states a district sees in the
season (nothing set yet, details set, opinions being collected, collected but not
published, published and drafting), some with a planned date already past; about a
fifth have last year's cycle and material too; a few materials are planted copies
of another branch's or of their own last year's, for copy detection. Each branch's
组织委员 is responsible for its three 党员 (支委联系党员); the cycles past their
opinions have their talks (last year's and most drafting ones every required pair,
the others begun), and last year's cycles their ledger, worked through.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import re
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import JSONField, Max
from django.db.models.functions import Length
from django.utils import timezone

from orglife.cycles.models import Category, Cycle
from orglife.dashboard.copies import buckets, signed
from orglife.dashboard.models import CopyBand, CopySignature
from orglife.dashboard.services import summaries_refresh
from orglife.materials.models import Cause, Direction, Material, Measure, MeasureProblem, Problem
from orglife.opinions.models import Campaign, Opinion, Source
from orglife.opinions.selectors import opinion_counts_sentence
from orglife.orgs.models import Membership, Organisation, User
from orglife.orgs.services import SEGMENT_WIDTH, child_path
from orglife.rectification.models import ItemStatus, LedgerItem, ProgressEntry
from orglife.rectification.services import MEASURE_STATUS
from orglife.talks.models import MemberLiaison, Talk, TalkParticipant

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


TALK_PLACES = ("书记办公室", "支部活动室", "会议室", "党员活动室")
TALK_TOPICS = (
    "谈个人思想和工作情况，听取对支部班子的意见。",
    "交流分管工作的思路，对照检查班子在发挥战斗堡垒作用方面的差距。",
    "谈理论学习情况和个人对照检查材料的查摆方向。",
    "谈工作作风和服务群众中的不足，互相提醒、互相帮助。",
    "谈上年度整改措施的落实情况和今后的努力方向。",
    "了解工作和家庭情况，听取对支部工作的意见建议。",
)
GROUP_TOPICS = "与联系的党员集体谈心，交流理论学习心得和对照检查的方向。"
COMMITTEE_TOPICS = "支委之间交流分工配合，互相指出工作中的不足。"
# How far a ledger item of last year has come: (share, status).
LEDGER_STATUSES = (
    (0.50, ItemStatus.CLOSED),
    (0.15, ItemStatus.LONG_TERM),
    (0.10, ItemStatus.DONE),
    (0.15, ItemStatus.IN_PROGRESS),
    (0.10, ItemStatus.NOT_STARTED),
)
PROGRESS = (
    "已制定具体工作方案，明确责任人和时间节点，正在推进。",
    "已完成阶段性任务，相关情况已形成工作台账。",
    "已按期完成，相关制度已印发执行。",
    "已结合主题党日开展专题学习，党员普遍反映效果较好。",
)
HANDED_DOWN = "上级党组织反馈：{opinion}"
HANDED_DOWN_MEASURE = "对照上级反馈意见逐项制定整改措施，按季度报告整改进展。"
# The members a branch's 组织委员 (position 1) is responsible for (支委联系党员).
LIAISED = (2, 3, 4)


@dataclass
class Seeded:
    district: Organisation
    reviewer: User
    branches: int
    cycles: int
    materials: int
    opinions: int
    planted: list[tuple[int, int]] = field(default_factory=list)  # (copy, original) material ids
    talks: int = 0
    ledger_items: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase, for the command's -v 2


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


def _pick(rng: random.Random, shares):
    x, total = rng.random(), 0.0
    for share, name in shares:
        total += share
        if x < total:
            return name
    return shares[-1][1]


def _state(rng: random.Random) -> str:
    return _pick(rng, STATES)


# --- Writing rows ---------------------------------------------------------------------
# The seed writes its rows without model instances: COPY on PostgreSQL (psycopg 3),
# bulk_create elsewhere; the ids it needs ahead (to point other rows at) come from the
# table's sequence in one query.


_timings: dict[str, float] = {}


@contextmanager
def _timed(phase: str):
    began = time.perf_counter()
    try:
        yield
    finally:
        _timings[phase] = _timings.get(phase, 0.0) + time.perf_counter() - began


class _Required:
    """A value no row may leave out: it cannot be written (psycopg refuses to adapt it)."""


_REQUIRED = _Required()


def _ids(model, n: int) -> list[int]:
    """`n` new ids of `model`'s table, ascending."""
    if n == 0:
        return []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [model._meta.db_table, model._meta.pk.column, n],
            )
            return sorted(row[0] for row in cursor.fetchall())
    top = model.objects.aggregate(top=Max("pk"))["top"] or 0
    return list(range(top + 1, top + 1 + n))


def _insert(model, rows: list[dict]) -> int:
    """Insert `rows` (field attnames to values; the fields left out take their defaults,
    the pk its sequence's next value unless given). Returns how many."""
    if not rows:
        return 0
    with _timed(f"write {model._meta.db_table.removeprefix('orglife_')}"):
        return _write(model, rows)


def _write(model, rows: list[dict]) -> int:
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in rows[0]]
    defaults = {}  # what a row leaves out (every row gives the pk, or none does)
    for f in fields:
        if f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        elif f.null:
            defaults[f.attname] = None
        elif f.empty_strings_allowed:
            defaults[f.attname] = ""
        else:
            defaults[f.attname] = _REQUIRED
    if connection.vendor != "postgresql":
        model.objects.bulk_create((model(**(defaults | row)) for row in rows), batch_size=500)
        return len(rows)
    names = [f.attname for f in fields]
    as_json = {n for n, f in zip(names, fields, strict=True) if isinstance(f, JSONField)}
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor, cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            values = defaults | row
            for name in as_json:
                if values[name] is not None:
                    values[name] = json.dumps(values[name], ensure_ascii=False)
            copy.write_row([values[n] for n in names])
    return len(rows)


@transaction.atomic
def seed_district(*, branches: int, seed: int = 1, year: int = 2023, prefix: str = "seed") -> Seeded:
    """Create a district of `branches` branches (see the module docstring).

    Side effects: inserts organisations, users (the reviewer `<prefix>-reviewer` with
    the demo password; members with unusable passwords), memberships, cycles with
    their categories, committee materials with problems, causes, directions and
    measures, campaigns and opinions, each branch's 支委联系党员, talks with their
    participants, last year's ledgers (items linked to their measures and problems,
    progress entries), the materials' copy signatures and every cycle's CycleSummary.
    Refuses (ValidationError) when a district with `prefix` exists already.
    """
    _timings.clear()
    if Organisation.objects.filter(code=f"{prefix}-district").exists():
        raise ValidationError(f"代码为“{prefix}-district”的区委已存在：请换一个 --prefix。")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The summaries' queries of 500 cycles cost enough for PostgreSQL to compile
            # them (JIT), which takes longer than running them; for this transaction only.
            cursor.execute("SET LOCAL jit = off")
    rng = random.Random(seed)
    writer = Writer(rng, clause_pool(), year)
    today = timezone.localdate()
    area = rng.choice(AREAS)
    district = Organisation.objects.create(
        name=f"中共{area}区委", kind=Organisation.Kind.COMMITTEE, code=f"{prefix}-district", path=_next_root_path()
    )
    # The tree, level by level.
    generals_needed = -(-branches // BRANCHES_PER_GENERAL)
    workings_needed = -(-generals_needed // GENERALS_PER_WORKING)
    org_ids = _ids(Organisation, workings_needed + generals_needed + branches)
    working_ids, general_ids = org_ids[:workings_needed], org_ids[workings_needed : workings_needed + generals_needed]
    branch_ids = org_ids[workings_needed + generals_needed :]
    workings = [
        {
            "id": working_ids[w],
            "name": f"中共{area}区{UNITS[w % len(UNITS)]}系统党工委"
            + (f"（{w // len(UNITS) + 1}）" if w >= len(UNITS) else ""),
            "kind": Organisation.Kind.WORKING_COMMITTEE,
            "code": f"{prefix}-w{w + 1}",
            "parent_id": district.pk,
            "path": child_path(district.path, w + 1),
        }
        for w in range(workings_needed)
    ]

    def general_name(g: int) -> str:
        system = workings[g // GENERALS_PER_WORKING]["name"].removeprefix("中共").removesuffix("党工委")
        return f"{system}第{g % GENERALS_PER_WORKING + 1}党总支"

    generals = [
        {
            "id": general_ids[g],
            "name": general_name(g),
            "kind": Organisation.Kind.GENERAL_BRANCH,
            "code": f"{prefix}-g{g + 1}",
            "parent_id": working_ids[g // GENERALS_PER_WORKING],
            "path": child_path(workings[g // GENERALS_PER_WORKING]["path"], g % GENERALS_PER_WORKING + 1),
        }
        for g in range(generals_needed)
    ]
    branch_rows = [
        {
            "id": branch_ids[b],
            "name": f"{area}区{UNITS[b % len(UNITS)]}第{b + 1}党支部",
            "kind": Organisation.Kind.BRANCH,
            "code": f"{prefix}-b{b + 1}",
            "parent_id": general_ids[b // BRANCHES_PER_GENERAL],
            "path": child_path(generals[b // BRANCHES_PER_GENERAL]["path"], b % BRANCHES_PER_GENERAL + 1),
        }
        for b in range(branches)
    ]
    _insert(Organisation, workings + generals + branch_rows)

    reviewer = User.objects.create(
        username=f"{prefix}-reviewer", full_name=_name(rng), password=make_password(PASSWORD)
    )
    unusable = make_password(None)
    user_ids = _ids(User, branches * MEMBERS_PER_BRANCH)
    _insert(
        User,
        [
            {
                "id": user_ids[b * MEMBERS_PER_BRANCH + k],
                "username": f"{prefix}-b{b + 1}-{k + 1}",
                "full_name": _name(rng),
                "password": unusable,
            }
            for b in range(branches)
            for k in range(MEMBERS_PER_BRANCH)
        ],
    )

    def member(b: int, k: int) -> int:
        return user_ids[b * MEMBERS_PER_BRANCH + k]

    roles = ("secretary", "organisation", "member", "member", "member")
    memberships = [{"user_id": reviewer.pk, "organisation_id": district.pk, "role": Membership.Role.REVIEWER}]
    memberships += [
        {"user_id": member(b, k), "organisation_id": branch_ids[b], "role": roles[k], "position": k}
        for b in range(branches)
        for k in range(MEMBERS_PER_BRANCH)
    ]
    _insert(Membership, memberships)
    _insert(
        MemberLiaison,
        [
            {"branch_id": branch_ids[b], "member_id": member(b, k), "committee_member_id": member(b, 1)}
            for b in range(branches)
            for k in LIAISED
        ],
    )

    states = [_state(rng) for _ in branch_rows]
    had_last_year = [rng.random() < 0.2 for _ in branch_rows]
    cycle_ids = _ids(Cycle, branches + sum(had_last_year))
    cycles, last_cycles = [], []
    for b in range(branches):
        planned = today + datetime.timedelta(days=rng.randint(-20, 40))
        details = states[b] != "blank"
        cycles.append(
            {
                "id": cycle_ids[b],
                "branch_id": branch_ids[b],
                "year": year,
                "kind": Cycle.Kind.ANNUAL,
                "title": f"{year}年度组织生活会",
                "notice": f"区委组织部《关于召开{year}年度基层党组织组织生活会的通知》" if details else "",
                "study_content": "党的二十大报告\n党章\n《中国共产党支部工作条例（试行）》" if details else "",
                "planned_date": planned if details else None,
            }
        )
        if had_last_year[b]:
            last_cycles.append(
                {
                    "id": cycle_ids[branches + len(last_cycles)],
                    "branch_id": branch_ids[b],
                    "year": year - 1,
                    "kind": Cycle.Kind.ANNUAL,
                    "title": f"{year - 1}年度组织生活会",
                    "notice": f"区委组织部《关于召开{year - 1}年度基层党组织组织生活会的通知》",
                    "study_content": "党的二十大报告",
                    "planned_date": datetime.date(year - 1, 12, 20),
                }
            )
    _insert(Cycle, cycles + last_cycles)
    index_of_branch = {pk: b for b, pk in enumerate(branch_ids)}
    branch_of = {c["id"]: index_of_branch[c["branch_id"]] for c in [*cycles, *last_cycles]}

    def person(cycle_id: int, k: int) -> int:
        """The user id of the member at position `k` of the cycle's branch."""
        return member(branch_of[cycle_id], k)

    all_cycles = cycles + last_cycles
    category_ids = iter(_ids(Category, len(all_cycles) * len(CATEGORIES)))
    categories, category_of = [], {}
    for cycle in all_cycles:
        for p, name in enumerate(CATEGORIES):
            row = {"id": next(category_ids), "cycle_id": cycle["id"], "position": p + 1, "name": name}
            categories.append(row)
            category_of[(cycle["id"], name)] = row
    _insert(Category, categories)

    # Committee materials: empty while collecting, drafted after; last year's all drafted.
    chosen = [c for b, c in enumerate(cycles) if states[b] in ("collecting", "collected", "drafting")]
    material_ids = _ids(Material, len(chosen) + len(last_cycles))
    materials = [
        {"id": pk, "cycle_id": c["id"], "title": f"{branch_rows[branch_of[c['id']]]['name']}班子对照检查材料"}
        for pk, c in zip(material_ids[: len(chosen)], chosen, strict=True)
    ]
    materials += [
        {"id": pk, "cycle_id": c["id"], "title": f"{c['year']}年度班子对照检查材料"}
        for pk, c in zip(material_ids[len(chosen) :], last_cycles, strict=True)
    ]
    year_of = {c["id"]: c["year"] for c in all_cycles}
    contents: dict[int, dict] = {}
    for material in materials:
        b = branch_of[material["cycle_id"]]
        state = states[b] if year_of[material["cycle_id"]] == year else "drafting"
        if state in ("collected", "drafting"):
            with _timed("write texts"):
                contents[material["id"]] = writer.material(branch_rows[b]["name"])
    # Planted copies: about one branch in a hundred copies another's, or its own last year's.
    planted: list[tuple[int, int]] = []
    last_material = {branch_of[m["cycle_id"]]: m for m in materials if year_of[m["cycle_id"]] != year}
    this_year = [m for m in materials if year_of[m["cycle_id"]] == year and m["id"] in contents]
    for material in this_year:
        if rng.random() >= 0.01:
            continue
        original = last_material.get(branch_of[material["cycle_id"]])
        if original is None:
            original = rng.choice(this_year)
            if original["id"] == material["id"]:
                continue
        copied = dict(contents[original["id"]])
        copied["preamble"] = contents[material["id"]]["preamble"]
        contents[material["id"]] = copied
        planted.append((material["id"], original["id"]))
    for material in materials:
        if material["id"] in contents:
            material["preamble"] = contents[material["id"]]["preamble"]
        else:
            material["preamble"] = ""
    _insert(Material, materials)

    trng = random.Random(f"{seed}:talks and ledger")  # its own stream: the rest stays as it was
    ledgers = {m["id"]: _ledger_plan(trng, year) for m in materials if year_of[m["cycle_id"]] != year}
    written = _write_parts(materials, contents, category_of, ledgers, person)

    salt = int.from_bytes(hashlib.blake2b(prefix.encode(), digest_size=16).digest(), "big")
    opinions, closes = _campaigns(rng, cycles, states, category_of, reviewer, today, salt)
    talks = _talks(trng, all_cycles, states, branch_of, year, closes, person, today)
    items = _ledgers(trng, materials, contents, ledgers, written, person, today)
    with _timed("analyze"), connection.cursor() as cursor:  # fresh statistics, or the planner guesses from empty tables
        cursor.execute("ANALYZE")
    signature_ids = _ids(CopySignature, len(contents))
    signatures, bands = [], []
    for pk, material_id in zip(signature_ids, contents, strict=True):
        with _timed("sign materials"):
            digest, values = signed("\n".join(_texts(contents[material_id])))
        signatures.append({"id": pk, "material_id": material_id, "text_hash": digest, "values": values})
        bands += [{"signature_id": pk, "band": band, "bucket": bucket} for band, bucket in buckets(values)]
    _insert(CopySignature, signatures)
    _insert(CopyBand, bands)
    with _timed("summaries"):
        summaries_refresh([c["id"] for c in all_cycles], today=today)
    return Seeded(
        district=district,
        reviewer=reviewer,
        branches=branches,
        cycles=len(all_cycles),
        materials=len(materials),
        opinions=opinions,
        planted=planted,
        talks=talks,
        ledger_items=items,
        timings=dict(_timings),
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


@dataclass(frozen=True)
class _Planned:
    """One item of last year's ledger, planned before its measure is written."""

    status: str
    deadline: datetime.date
    owner: int  # the member's position in the branch (0 the secretary, 1 the 组织委员)


def _ledger_plan(rng: random.Random, year: int) -> list[_Planned]:
    """Plans for the items of a last-year material: enough for its most measures (9)."""
    deadlines = (
        datetime.date(year, 3, 31),
        datetime.date(year, 6, 30),
        datetime.date(year, 9, 30),
        datetime.date(year, 12, 31),
    )
    return [_Planned(_pick(rng, LEDGER_STATUSES), rng.choice(deadlines), rng.randint(0, 1)) for _ in range(10)]


def _write_parts(materials, contents, category_of, ledgers, person) -> dict[int, tuple[list[int], list[int]]]:
    """The drafted materials' problems, causes, directions and measures (the measures of
    last year's with the owner, deadline and status of their ledger item, each linked to
    a problem). Returns the measure ids and problem ids of each material, in printed order."""
    problems, causes, directions, measures, links = [], [], [], [], []
    drafted = [m for m in materials if m["id"] in contents]
    problem_ids = iter(_ids(Problem, sum(len(t) for m in drafted for t in contents[m["id"]]["problems"].values())))
    direction_ids = iter(_ids(Direction, sum(len(contents[m["id"]]["directions"]) for m in drafted)))
    measure_ids = iter(_ids(Measure, sum(len(t) for m in drafted for _, t in contents[m["id"]]["directions"])))
    written: dict[int, tuple[list[int], list[int]]] = {}
    for material in drafted:
        pk, content = material["id"], contents[material["id"]]
        own_problems, own_measures = [], []
        for name, texts in content["problems"].items():
            category = category_of[(material["cycle_id"], name)]["id"]
            for p, text in enumerate(texts):
                own_problems.append(next(problem_ids))
                problems.append(
                    {
                        "id": own_problems[-1],
                        "material_id": pk,
                        "category_id": category,
                        "position": p + 1,
                        "text": text,
                    }
                )
        causes += [
            {"material_id": pk, "position": p + 1, "heading": h, "body": body}
            for p, (h, body) in enumerate(content["causes"])
        ]
        plan = ledgers.get(pk)
        for d, (heading, texts) in enumerate(content["directions"]):
            direction = next(direction_ids)
            directions.append({"id": direction, "material_id": pk, "position": d + 1, "heading": heading})
            for p, text in enumerate(texts):
                own_measures.append(next(measure_ids))
                row = {"id": own_measures[-1], "direction_id": direction, "position": p + 1, "text": text}
                if plan is not None:
                    planned = plan[len(own_measures) - 1]
                    row |= {
                        "owner_id": person(material["cycle_id"], planned.owner),
                        "deadline": planned.deadline,
                        "status": MEASURE_STATUS[planned.status],
                    }
                    problem = own_problems[(len(own_measures) - 1) % len(own_problems)]
                    links.append({"measure_id": own_measures[-1], "problem_id": problem})
                measures.append(row)
        written[pk] = (own_measures, own_problems)
    _insert(Problem, problems)
    _insert(Cause, causes)
    _insert(Direction, directions)
    _insert(Measure, measures)
    _insert(MeasureProblem, links)
    return written


def _campaigns(rng, cycles, states, category_of, reviewer, today, salt) -> tuple[int, dict[int, datetime.date]]:
    """A campaign for each cycle from `collecting` on, with opinions once it has closed.
    Returns how many opinions, and each campaign's closing date by cycle id. The tokens
    and opinion ids are random numbers xor `salt`, so that two districts of one seed differ."""
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
            {
                "cycle_id": cycle["id"],
                "title": "征求意见建议",
                "token": uuid.UUID(int=rng.getrandbits(128) ^ salt).hex,
                "opens_on": opens,
                "closes_on": closes,
                "sources": ["member", "masses"],
            }
        )
    for campaign, pk in zip(campaigns, _ids(Campaign, len(campaigns)), strict=True):
        campaign["id"] = pk
    state_of = {cycle["id"]: states[b] for b, cycle in enumerate(cycles)}
    opinions = []
    answered = Opinion.Status.ANSWERED
    for campaign in campaigns:
        campaign |= {"published_summary": None, "summary_published_at": None, "summary_published_by_id": None}
        if state_of[campaign["cycle_id"]] == "collecting":
            continue
        rows = []
        for text in rng.sample(OPINIONS, rng.randint(3, 6)):
            category = category_of[(campaign["cycle_id"], rng.choice(CATEGORIES))]
            rows.append(
                {
                    "id": uuid.UUID(int=rng.getrandbits(128) ^ salt),
                    "campaign_id": campaign["id"],
                    "source": rng.choice(["member", "masses"]),
                    "category_id": category["id"],
                    "text": text,
                    "received_on": campaign["closes_on"],
                    "status": answered,
                    "response": "支部已研究，将在整改中落实。",
                }
            )
        opinions += rows
        if state_of[campaign["cycle_id"]] == "drafting":
            campaign["published_summary"] = _summary(rows, category_of, campaign["cycle_id"])
            campaign["summary_published_at"] = timezone.now()
            campaign["summary_published_by_id"] = reviewer.pk
    _insert(Campaign, campaigns)
    _insert(Opinion, opinions)
    return len(opinions), {c["cycle_id"]: c["closes_on"] for c in campaigns}


def _summary(rows: list[dict], category_of: dict, cycle_id: int) -> dict:
    """The published summary of `rows` as orglife.opinions.summary.Summary.to_json writes it."""
    category = {row["id"]: row for name in CATEGORIES for row in [category_of[(cycle_id, name)]]}
    ordered = sorted(rows, key=lambda o: (category[o["category_id"]]["position"], o["text"]))
    by_source = {}
    for value in Source.values:
        n = sum(o["source"] == value for o in rows)
        if n:
            by_source[str(Source(value).label)] = n
    by_category = {}
    for o in ordered:
        name = category[o["category_id"]]["name"]
        by_category[name] = by_category.get(name, 0) + 1
    counts = {"total": len(rows), "distinct": len(rows), "by_source": by_source, "by_category": by_category}
    status = str(Opinion.Status.ANSWERED.label)
    return {
        "rows": [
            {
                "number": n,
                "category": category[o["category_id"]]["name"],
                "text": o["text"],
                "sources": str(Source(o["source"]).label),
                "times": 1,
                "status": status,
                "note": o["response"],
                "merged": [],
            }
            for n, o in enumerate(ordered, start=1)
        ],
        "counts": {key: list(value.items()) if isinstance(value, dict) else value for key, value in counts.items()},
        "sentence": opinion_counts_sentence(counts),
    }


def _talks(rng, cycles, states, branch_of, year, closes, person, today) -> int:
    """The talks of the cycles past their opinions, after the coverage rule (the secretary
    with everyone, the 组织委员 with the members in LIAISED): last year's all held; this
    year's drafting ones mostly all held (one in five misses a pair or two), the collected
    ones begun (the secretary's first talks). Returns how many talks."""
    planned = []  # (cycle id, held on, form, lead position, partner positions)
    for cycle in cycles:
        b = branch_of[cycle["id"]]
        if cycle["year"] != year:
            state, base = "held", datetime.date(year - 1, 12, 15)
        else:
            state, base = states[b], closes.get(cycle["id"])
        if state not in ("held", "collected", "drafting"):
            continue
        talks = [("face", 0, (k,)) for k in range(1, MEMBERS_PER_BRANCH)]  # the secretary with everyone
        if rng.random() < 0.2:  # a member away on business: by phone
            k = rng.randrange(2, MEMBERS_PER_BRANCH)
            talks[k - 1] = ("phone", 0, (k,))
        if rng.random() < 0.4:  # the 组织委员 with the members they are responsible for
            talks.append(("group", 1, LIAISED))
        else:
            talks += [("face", 1, (k,)) for k in LIAISED]
        if state == "collected":
            talks = talks[: rng.randint(1, 3)]
        elif state == "drafting" and rng.random() < 0.2:  # a pair or two not talked yet
            form, lead, partners = talks.pop()
            if form == "group":
                talks.append(("face", lead, partners[:1]))
        for n, (form, lead, partners) in enumerate(talks):
            held = min(base - datetime.timedelta(days=rng.randint(0, 6)) + datetime.timedelta(days=n // 3), today)
            planned.append((cycle["id"], held, form, lead, partners))
    ids = _ids(Talk, len(planned))
    talks, participants = [], []
    for pk, (cycle_id, held, form, lead, partners) in zip(ids, planned, strict=True):
        group = form == "group"
        talks.append(
            {
                "id": pk,
                "cycle_id": cycle_id,
                "held_on": held,
                "place": "" if form == "phone" else rng.choice(TALK_PLACES),
                "form": form,
                "topics": GROUP_TOPICS if group else COMMITTEE_TOPICS if partners == (1,) else rng.choice(TALK_TOPICS),
                "opinions": rng.choice(OPINIONS) if rng.random() < 0.4 else "",
                "recorded_by_id": person(cycle_id, lead),
            }
        )
        participants.append({"talk_id": pk, "user_id": person(cycle_id, lead), "role": TalkParticipant.Role.LEAD})
        participants += [
            {"talk_id": pk, "user_id": person(cycle_id, k), "role": TalkParticipant.Role.PARTNER} for k in partners
        ]
    _insert(Talk, talks)
    _insert(TalkParticipant, participants)
    return len(talks)


def _ledgers(rng, materials, contents, ledgers, written, person, today) -> int:
    """Last year's ledgers, as ledger_build makes them from the committee material (an
    item per measure, in printed order, with its problem), then worked through as
    planned: progress noted, some checked off by the secretary; about one in three
    with an item the committee added for the higher level's feedback. Returns how many items."""
    items, links, entries = [], [], []
    for material in materials:
        plan = ledgers.get(material["id"])
        if plan is None:
            continue
        measures, problems = written[material["id"]]
        cycle_id = material["cycle_id"]
        texts = [text for _, group in contents[material["id"]]["directions"] for text in group]
        rows = [
            {
                "measure_id": measure,
                "text": text,
                "problem_text": "",
                "problem": problems[n % len(problems)],
            }
            | {"planned": plan[n]}
            for n, (measure, text) in enumerate(zip(measures, texts, strict=True))
        ]
        if rng.random() < 0.33:
            rows.append(
                {
                    "measure_id": None,
                    "text": HANDED_DOWN_MEASURE,
                    "problem_text": HANDED_DOWN.format(opinion=rng.choice(OPINIONS)),
                    "problem": None,
                    "planned": plan[len(rows)],
                }
            )
        for position, row in enumerate(rows, start=1):
            planned: _Planned = row.pop("planned")
            problem = row.pop("problem")
            secretary = person(cycle_id, 0)
            owner = person(cycle_id, planned.owner)
            finished = planned.status in (ItemStatus.CLOSED, ItemStatus.LONG_TERM)
            noted = min(planned.deadline - datetime.timedelta(days=rng.randint(5, 40)), today)
            closed_at = datetime.datetime.combine(min(planned.deadline, today), datetime.time(10))
            items.append(
                row
                | {
                    "cycle_id": cycle_id,
                    "position": position,
                    "owner_id": owner,
                    "deadline": planned.deadline,
                    "status": planned.status,
                    "closed_by_id": secretary if finished else None,
                    "closed_at": timezone.make_aware(closed_at) if finished else None,
                }
            )
            if problem is not None:
                links.append((len(items) - 1, problem))
            if planned.status != ItemStatus.NOT_STARTED:
                entries.append((len(items) - 1, owner, noted, rng.choice(PROGRESS)))
    for item, pk in zip(items, _ids(LedgerItem, len(items)), strict=True):
        item["id"] = pk
    _insert(LedgerItem, items)
    through = LedgerItem.problems.through
    _insert(through, [{"ledgeritem_id": items[n]["id"], "problem_id": problem} for n, problem in links])
    _insert(
        ProgressEntry,
        [{"item_id": items[n]["id"], "author_id": author, "on": on, "text": text} for n, author, on, text in entries],
    )
    return len(items)

"""Keep the editor's work through an import (issue 10): what an imported text cannot carry.

A measure's owner, deadline and status, the problems it answers, and the opinions
adopted into a problem are set in the editor; an imported file has only text. An
import replaces the whole content, so this work would be lost. Here the current
content and the imported one (both in the import JSON shape,
orglife.materials.document.shape.MaterialData) are matched part by part: each current
problem with at most one imported problem, each current measure with at most one
imported measure, when their texts are the same or nearly the same once normalised
(`similar`). The work of matched parts is copied onto the imported data; what
belongs to parts without a match is reported, so the preview can say what is lost.
"""

from __future__ import annotations

import copy
import datetime
import unicodedata
from collections import defaultdict, deque
from dataclasses import astuple, dataclass, field
from difflib import SequenceMatcher

from orglife.common.ordinals import chinese_date
from orglife.materials.document.shape import ItemData, MaterialData, MeasureData
from orglife.materials.importing.warnings import excerpt

# difflib's ratio on normalised texts: 0.8 keeps a measure through a few words changed
# (a 40-character measure with 4 characters replaced scores 0.9), not through a rewrite.
THRESHOLD = 0.8
# Fuzzy matching compares every unmatched old part with every unmatched new one. A pair is first
# screened by the overlap of its character pairs (bigrams, a set operation costing microseconds);
# only pairs sharing at least _SCREEN of them get difflib's ratio, which costs up to a few
# milliseconds, on their first _COMPARED characters. Past these bounds (a rewrite of more than 50
# parts, or a crafted material) only equal texts match, or the near matches found so far.
MAX_COMPARISONS = 2_500  # pairs screened
MAX_RATIOS = 500  # pairs whose ratio is computed
_SCREEN = 0.5
_COMPARED = 500


def normalise(text: str) -> str:
    """`text` without what an edit of layout changes: width (NFKC), case, spaces, punctuation, symbols."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(char for char in text if unicodedata.category(char)[0] not in "PZSC")


def similar(a: str, b: str) -> float:
    """How alike two texts are, 0..1, on their normalised forms."""
    return SequenceMatcher(None, normalise(a), normalise(b), autojunk=False).ratio()


def match_texts(old: list[str], new: list[str]) -> dict[int, int]:
    """Indexes of `old` → indexes of `new`, one to one: equal normalised texts first (in order),
    then the most similar remaining pairs at or above THRESHOLD, best first (within the bounds above)."""
    old_keys, new_keys = [normalise(t) for t in old], [normalise(t) for t in new]
    waiting: dict[str, deque[int]] = defaultdict(deque)
    for j, key in enumerate(new_keys):
        waiting[key].append(j)
    pairs: dict[int, int] = {}
    for i, key in enumerate(old_keys):
        if waiting.get(key):
            pairs[i] = waiting[key].popleft()
    used = set(pairs.values())
    rest_old = [i for i in range(len(old)) if i not in pairs]
    rest_new = [j for j in range(len(new)) if j not in used]
    if len(rest_old) * len(rest_new) > MAX_COMPARISONS:
        return pairs
    candidates = []
    ratios = 0
    new_bigrams = {j: _bigrams(new_keys[j]) for j in rest_new}
    for i in rest_old:
        old_bigrams = _bigrams(old_keys[i])
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(old_keys[i][:_COMPARED])  # difflib caches what it learns about the second sequence
        for j in rest_new:
            shared = len(old_bigrams & new_bigrams[j])
            if 2 * shared < _SCREEN * (len(old_bigrams) + len(new_bigrams[j])):
                continue
            ratios += 1
            if ratios > MAX_RATIOS:
                break
            matcher.set_seq1(new_keys[j][:_COMPARED])
            ratio = matcher.ratio()
            if ratio >= THRESHOLD:
                candidates.append((-ratio, i, j))
    for _, i, j in sorted(candidates):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def _bigrams(text: str) -> set[str]:
    return {text[k : k + 2] for k in range(len(text) - 1)} or {text}


@dataclass(frozen=True)
class Tally:
    """Pieces of editor work, by kind."""

    owners: int = 0
    deadlines: int = 0
    statuses: int = 0
    links: int = 0
    opinions: int = 0

    def __bool__(self) -> bool:
        return any(astuple(self))

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    def __sub__(self, other: Tally) -> Tally:
        return Tally(*(a - b for a, b in zip(astuple(self), astuple(other), strict=True)))

    def __str__(self) -> str:
        """In Chinese: 2 个责任人、1 个完成时限、… (the kinds present only)."""
        phrases = [
            (self.owners, "个责任人"),
            (self.deadlines, "个完成时限"),
            (self.statuses, "个完成状态"),
            (self.links, "处措施与问题的对应"),
            (self.opinions, "条已采纳的意见建议"),
        ]
        return "、".join(f"{count} {noun}" for count, noun in phrases if count)


@dataclass(frozen=True)
class LostPart:
    """A current part whose work (or some of it) has no imported part to go to."""

    part: str  # 问题 or 整改措施
    place: str  # 思想方面第2条, “强化理论武装”第1条
    text: str  # an excerpt
    lost: list[str]  # 责任人：王党员, 完成时限：2022年12月31日, …


@dataclass(frozen=True)
class KeepReport:
    """What the current material holds of editor work, and what keeping it would carry over."""

    work: Tally
    kept: Tally
    lost_parts: list[LostPart] = field(default_factory=list)
    matched_problems: int = 0
    matched_measures: int = 0

    @property
    def lost_when_kept(self) -> Tally:
        return self.work - self.kept


@dataclass
class _Problem:
    place: tuple[str, int]  # (category name, n), as a measure's answers name it
    label: str
    text: str
    opinions: list[str]


@dataclass
class _Measure:
    label: str
    data: MeasureData


def _problems(data: MaterialData) -> list[_Problem]:
    return [
        _Problem((entry["name"], n), f"{entry['name']}方面第{n}条", item["text"], list(item.get("opinions") or []))
        for entry in data.get("categories", [])
        for n, item in enumerate(entry.get("items", []), start=1)
    ]


def _measures(data: MaterialData) -> list[_Measure]:
    return [
        _Measure(f"“{excerpt(direction['heading'], length=20)}”第{m}条", measure)
        for direction in data.get("directions", [])
        for m, measure in enumerate(direction.get("measures", []), start=1)
    ]


def keep_work(
    old: MaterialData, new: MaterialData, *, names: dict[str, str], status_labels: dict[str, str]
) -> tuple[MaterialData, KeepReport]:
    """`new` (a copy) with the work of `old`'s parts on the parts that match them, and the report.

    `names` gives an owner's name to show by username, `status_labels` a status's label.
    A measure keeps its link to a problem when both have a match; an adopted opinion
    stays with its problem's match, and goes back to 待处理 (the import's default) otherwise.
    """
    data = copy.deepcopy(new)
    old_problems, new_problems = _problems(old), _problems(data)
    old_measures, new_measures = _measures(old), _measures(data)
    problem_pairs = match_texts([p.text for p in old_problems], [p.text for p in new_problems])
    measure_pairs = match_texts([m.data["text"] for m in old_measures], [m.data["text"] for m in new_measures])
    moved = {old_problems[i].place: new_problems[j].place for i, j in problem_pairs.items()}
    labels = {p.place: p.label for p in old_problems}
    items = {p.place: item for p, item in zip(new_problems, _items(data), strict=True)}

    work = kept = Tally()
    lost_parts: list[LostPart] = []
    for i, problem in enumerate(old_problems):
        if not problem.opinions:
            continue
        work += Tally(opinions=len(problem.opinions))
        if i in problem_pairs:
            items[new_problems[problem_pairs[i]].place]["opinions"] = problem.opinions
            kept += Tally(opinions=len(problem.opinions))
        else:
            lost = [f"{len(problem.opinions)} 条已采纳的意见建议（将回到“待处理”）"]
            lost_parts.append(LostPart("问题", problem.label, excerpt(problem.text), lost))
    for i, measure in enumerate(old_measures):
        owner, deadline, status = (measure.data.get(key) for key in ("owner", "deadline", "status"))
        answers = [(a["category"], a["item"]) for a in measure.data.get("answers", [])]
        here = Tally(owners=bool(owner), deadlines=bool(deadline), statuses=bool(status), links=len(answers))
        if not here:
            continue
        work += here
        described = _described(owner, deadline, status, names, status_labels)
        if i not in measure_pairs:
            described += [f"与问题“{labels.get(place, place[0])}”的对应" for place in answers]
            lost_parts.append(LostPart("整改措施", measure.label, excerpt(measure.data["text"]), described))
            continue
        target = new_measures[measure_pairs[i]].data
        for key, value in (("owner", owner), ("deadline", deadline), ("status", status)):
            if value:
                target[key] = value
        followed = [moved[place] for place in answers if place in moved]
        if followed:
            target["answers"] = [{"category": category, "item": n} for category, n in followed]
        kept += Tally(owners=bool(owner), deadlines=bool(deadline), statuses=bool(status), links=len(followed))
        unfollowed = [f"与问题“{labels.get(place, place[0])}”的对应" for place in answers if place not in moved]
        if unfollowed:
            lost_parts.append(LostPart("整改措施", measure.label, excerpt(measure.data["text"]), unfollowed))
    report = KeepReport(work, kept, lost_parts, len(problem_pairs), len(measure_pairs))
    return data, report


def _items(data: MaterialData) -> list[ItemData]:
    return [item for entry in data.get("categories", []) for item in entry.get("items", [])]


def _described(
    owner: str | None, deadline: str | None, status: str | None, names: dict[str, str], status_labels: dict[str, str]
) -> list[str]:
    described = []
    if owner:
        described.append(f"责任人：{names.get(owner, owner)}")
    if deadline:
        described.append(f"完成时限：{chinese_date(datetime.date.fromisoformat(deadline))}")
    if status:
        described.append(f"状态：{status_labels.get(status, status)}")
    return described

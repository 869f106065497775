"""Copy detection (千篇一律): which committee materials are near copies of each other.

A material's text is cut into shingles (every run of SHINGLE characters once spaces
and punctuation are dropped), and its signature is one-permutation MinHash: each
shingle is hashed once, the hash picks one of BINS bins, and each bin keeps its
smallest hash. The share of equal bins of two signatures estimates the Jaccard
similarity of their shingle sets. The bins are grouped into BANDS bands of
ROWS_PER_BAND; each band's values hash to a bucket, stored in CopyBand, so the
candidates of a material are those sharing a (band, bucket) with it: one indexed
query, never all pairs. With 16 bands of 4, two materials 80% alike share a bucket
almost surely (1 − (1 − 0.8⁴)¹⁶ > 99.9%), two 20% alike one time in 40.

The candidates are then compared on their current text (the exact Jaccard of their
shingles), and the passages they share are marked sentence by sentence. Signatures
are made again when a material's text changed (text_hash), when the reviewer opens
its comparison and by `refresh_signatures` (seed_district, the command).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q, QuerySet

from orglife.dashboard.models import CopyBand, CopySignature
from orglife.materials.models import CategoryIntro, Cause, Direction, ExtraSection, Material, Measure, Problem

SHINGLE = 5
BINS = 64
BANDS = 16
ROWS_PER_BAND = BINS // BANDS
# Pairs at or above this Jaccard similarity are shown as suspected copies.
THRESHOLD = 0.5
MOST_SIMILAR = 5
BATCH = 500

_DROP = re.compile(r"[\W_]+", re.UNICODE)
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


def normalise(text: str) -> str:
    """Letters, digits and CJK characters only: copies differing in spaces or punctuation stay copies."""
    return _DROP.sub("", text)


_MASK = (1 << (21 * SHINGLE)) - 1  # a code point fits in 21 bits


def shingles(text: str) -> set[int]:
    """The shingles of `text`: each run of SHINGLE characters packed into one integer
    (exact, no hashing), once spaces and punctuation are dropped."""
    value, out = 0, set()
    # (an empty or short text has no shingle and is like nothing)
    for n, char in enumerate(normalise(text)):
        value = ((value << 21) | ord(char)) & _MASK
        if n >= SHINGLE - 1:
            out.add(value)
    return out


def signature(hashes: Iterable[int]) -> list[int]:
    """One-permutation MinHash: per bin, the smallest hash that fell into it (-1 for an empty bin)."""
    bins = [-1] * BINS
    for h in hashes:
        h = ((h * 0x9E3779B97F4A7C15) >> 32) & 0xFFFFFFFF  # a multiplicative hash of the packed shingle
        b, value = h % BINS, h // BINS
        if bins[b] < 0 or value < bins[b]:
            bins[b] = value
    return bins


def buckets(values: list[int]) -> list[tuple[int, int]]:
    """(band, bucket) of each band whose bins are all filled."""
    out = []
    for band in range(BANDS):
        part = values[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        if min(part) >= 0:
            digest = hashlib.blake2b(repr(part).encode(), digest_size=8).digest()
            out.append((band, int.from_bytes(digest, "big", signed=True)))
    return out


def estimate(a: list[int], b: list[int]) -> float:
    """The share of bins two signatures agree on (both filled)."""
    both = [(x, y) for x, y in zip(a, b, strict=True) if x >= 0 and y >= 0]
    return sum(x == y for x, y in both) / len(both) if both else 0.0


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def material_texts(material_ids: list[int]) -> dict[int, str]:
    """The whole text of each material (its parts in printed order), from seven queries."""
    parts: dict[int, list[str]] = defaultdict(list)
    for pk, preamble in Material.objects.filter(pk__in=material_ids).values_list("pk", "preamble"):
        parts[pk].append(preamble)
    sources = [
        (ExtraSection.objects, "material_id", ("heading", "body"), ("position",)),
        (CategoryIntro.objects, "material_id", ("text",), ("category__position",)),
        (Problem.objects, "material_id", ("text",), ("category__position", "position")),
        (Cause.objects, "material_id", ("heading", "body"), ("position",)),
        (Direction.objects, "material_id", ("heading", "intro"), ("position",)),
        (Measure.objects, "direction__material_id", ("text",), ("direction__position", "position")),
    ]
    for manager, owner, fields, order in sources:
        rows = manager.filter(**{f"{owner}__in": material_ids}).order_by(owner, *order).values_list(owner, *fields)
        for pk, *texts in rows:
            parts[pk].extend(texts)
    for pk, closing in Material.objects.filter(pk__in=material_ids).values_list("pk", "closing"):
        parts[pk].append(closing)
    return {pk: "\n".join(t for t in texts if t) for pk, texts in parts.items()}


def _text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def signed(text: str) -> tuple[str, list[int]]:
    """The text hash and the signature of `text`, as CopySignature stores them."""
    return _text_hash(text), signature(shingles(text))


@transaction.atomic
def refresh_signatures(material_ids: list[int], *, texts: dict[int, str] | None = None) -> int:
    """Make the signatures of `material_ids` whose text changed (or that have none).

    Side effects: writes CopySignature and its CopyBand rows for those materials,
    replacing the old ones. Returns how many were made. Queries per BATCH materials.
    """
    made = 0
    for start in range(0, len(material_ids), BATCH):
        chunk = material_ids[start : start + BATCH]
        chunk_texts = texts if texts is not None else material_texts(chunk)
        known = dict(CopySignature.objects.filter(material_id__in=chunk).values_list("material_id", "text_hash"))
        fresh = []
        for pk in chunk:
            text = chunk_texts.get(pk, "")
            if known.get(pk) != _text_hash(text):
                fresh.append((pk, *signed(text)))
        if not fresh:
            continue
        CopySignature.objects.filter(material_id__in=[pk for pk, _, _ in fresh]).delete()
        rows = CopySignature.objects.bulk_create(
            CopySignature(material_id=pk, text_hash=digest, values=values) for pk, digest, values in fresh
        )
        CopyBand.objects.bulk_create(
            (CopyBand(signature=row, band=band, bucket=bucket) for row in rows for band, bucket in buckets(row.values)),
            batch_size=5000,
        )
        made += len(fresh)
    return made


@dataclass(frozen=True)
class Passage:
    text: str
    shared: bool


@dataclass(frozen=True)
class Pair:
    """A material compared with one of its candidates: the other material, why it is
    compared (同年度其他支部 / 本支部上年度), the similarity and both texts as passages."""

    other: Material
    reason: str
    similarity: float
    mine: list[Passage]
    theirs: list[Passage]

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)

    @property
    def suspected(self) -> bool:
        return self.similarity >= THRESHOLD


def passages(text: str, other: set[int]) -> list[Passage]:
    """`text` sentence by sentence, each marked shared when most of its shingles are in `other`."""
    out = []
    for paragraph in text.split("\n"):
        for sentence in _SENTENCE.findall(paragraph):
            own = shingles(sentence)
            shared = bool(own) and len(normalise(sentence)) >= SHINGLE and len(own & other) / len(own) >= 0.6
            if out and out[-1].shared == shared and not out[-1].text.endswith("\n"):
                out[-1] = Passage(out[-1].text + sentence, shared)
            else:
                out.append(Passage(sentence, shared))
        if out:
            out[-1] = Passage(out[-1].text + "\n", out[-1].shared)
    return out


def comparable(material: Material, visible: QuerySet[Material]) -> QuerySet[Material]:
    """Committee materials `material` is compared with: other branches' of the same cycle
    year, and its own branch's of the year before; among `visible`."""
    cycle = material.cycle
    return visible.filter(kind=Material.Kind.COMMITTEE).filter(
        (Q(cycle__year=cycle.year) & ~Q(cycle__branch_id=cycle.branch_id))
        | Q(cycle__year=cycle.year - 1, cycle__branch_id=cycle.branch_id)
    )


def similar_materials(material: Material, visible: QuerySet[Material]) -> list[Pair]:
    """The MOST_SIMILAR materials most like `material` among `comparable` ones, most similar
    first, each with its shared passages marked.

    Side effect: makes `material`'s signature again if its text changed. A fixed number
    of queries: its text and signature, the candidates by bucket, their texts.
    """
    text = material_texts([material.pk]).get(material.pk, "")
    refresh_signatures([material.pk], texts={material.pk: text})
    sig = CopySignature.objects.get(material=material)
    condition = Q(pk__in=[])
    for band, bucket in buckets(sig.values):
        condition |= Q(band=band, bucket=bucket)
    candidate_sigs = (
        CopyBand.objects.filter(condition)
        .exclude(signature=sig)
        .values_list("signature__material_id", "signature__values")
        .distinct()
    )
    estimates = {pk: estimate(sig.values, values) for pk, values in candidate_sigs}
    ranked = sorted(estimates, key=lambda pk: -estimates[pk])[: MOST_SIMILAR * 4]
    others = {m.pk: m for m in comparable(material, visible).filter(pk__in=ranked).select_related("cycle__branch")}
    ranked = [pk for pk in ranked if pk in others][:MOST_SIMILAR]
    texts = material_texts(ranked)
    mine = shingles(text)
    pairs = []
    for pk in ranked:
        other_text = texts.get(pk, "")
        theirs = shingles(other_text)
        other = others[pk]
        same_branch = other.cycle.branch_id == material.cycle.branch_id
        reason = f"本支部{other.cycle.year}年度" if same_branch else f"同年度 · {other.cycle.branch.name}"
        pairs.append(Pair(other, reason, jaccard(mine, theirs), passages(text, theirs), passages(other_text, mine)))
    return sorted(pairs, key=lambda pair: -pair.similarity)


def suspected_pairs(material_ids: list[int], *, threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
    """Every pair among `material_ids` at or above `threshold` (exact Jaccard of their
    current texts), most similar first. The pairs compared are only those LSH makes
    candidates (sharing a bucket): one grouped self-join of CopyBand, then the texts."""
    bands = CopyBand.objects.filter(signature__material_id__in=material_ids)
    pairs = set()
    by_bucket: dict[tuple[int, int], list[int]] = defaultdict(list)
    for band, bucket, material_id in bands.values_list("band", "bucket", "signature__material_id"):
        by_bucket[(band, bucket)].append(material_id)
    for members in by_bucket.values():
        members.sort()
        pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    involved = sorted({pk for pair in pairs for pk in pair})
    sets = {pk: shingles(text) for pk, text in material_texts(involved).items()}
    found = [(a, b, jaccard(sets.get(a, set()), sets.get(b, set()))) for a, b in pairs]
    return sorted((pair for pair in found if pair[2] >= threshold), key=lambda pair: -pair[2])


def signatures_refresh_stale() -> int:
    """Make the signatures of the committee materials that have none or changed since
    theirs was made (Material.updated_at, which every edit and import sets); the worker's
    housekeeping runs it, so the district's list of pairs follows the edits. Returns how many."""
    committee = Material.objects.filter(kind=Material.Kind.COMMITTEE)
    stale = committee.filter(copy_signature__isnull=True) | committee.filter(
        updated_at__gt=F("copy_signature__computed_at")
    )
    return refresh_signatures(list(stale.order_by("pk").values_list("pk", flat=True)))


@dataclass(frozen=True)
class DistrictPair:
    """A suspected copy among the branches a reviewer watches: `material` (this year's)
    and `other` (another branch's of the same year, or its own branch's of last year)."""

    material: Material
    other: Material
    similarity: float

    @property
    def percent(self) -> int:
        return round(self.similarity * 100)

    @property
    def reason(self) -> str:
        if self.other.cycle.branch_id == self.material.cycle.branch_id:
            return f"与本支部{self.other.cycle.year}年度材料雷同"
        return "同年度两个党支部的材料雷同"


def district_pairs(visible: QuerySet[Material], year: int) -> list[DistrictPair]:
    """Every suspected copy among the committee materials of `visible` for `year`: pairs
    of two branches' materials of that year, and a branch's material with its own of the
    year before; most similar first. Candidates come from the LSH buckets (never all
    pairs), then their exact similarity: a fixed number of queries at any size."""
    materials = visible.filter(kind=Material.Kind.COMMITTEE, cycle__year__in=[year, year - 1])
    where = dict(materials.values_list("pk", "cycle__branch_id"))
    this_year = set(materials.filter(cycle__year=year).values_list("pk", flat=True))
    kept = []
    for a, b, similarity in suspected_pairs(list(where)):
        if a not in this_year:
            a, b = b, a
        if a not in this_year:
            continue  # two of last year's: last year's own business
        if (b in this_year) != (where[a] == where[b]):  # other branch this year, or own branch last year
            kept.append((a, b, similarity))
    shown = {m.pk: m for m in materials.filter(pk__in={pk for pair in kept for pk in pair[:2]})}
    return [DistrictPair(shown[a], shown[b], similarity) for a, b, similarity in kept]

"""Inventor disambiguation: the same name is the same person only when the records support it.

Mentions are blocked by `person_key` (张伟 = "Wei Zhang" = "ZHANG, Wei"); inside a block two mentions
are linked when they share a co-inventor or an applicant organisation (strong evidence), or both
the city and an IPC/CPC subclass (weak evidence, only together: a common name in one city, or in one
technology, is many people). Links are transitive (union-find).

Scale: a block is the unit of work, so mentions can be spilled to `shard_count` files by a hash of
their key and processed one shard at a time (1M patents x 3 inventors fits in a few hundred MB with
16 shards). Ids: `node_id("Inventor", person_key, first mention id of the cluster)`, deterministic
for a given input.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from extract.ipc import normalize_ipc
from extract.normalize import has_cjk, normalize_text, person_key
from extract.resolve import canonical_org_key
from graph.model import node_id

STRONG_EVIDENCE = ("coinventor", "organization")
WEAK_EVIDENCE = "city+ipc_subclass"


@dataclass(frozen=True, slots=True)
class InventorMentionContext:
    """One inventor named on one patent, with the context that can identify the person."""

    mention_id: str
    name: str
    patent_id: str = ""
    family_name: str | None = None
    given_name: str | None = None
    alt_names: tuple[str, ...] = ()  # the same person's name in another script on the same record
    coinventors: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()  # applicant names or organisation ids
    city: str | None = None
    ipc: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class InventorAssignment:
    """The inventor a mention was assigned to."""

    id: str
    name: str
    key: str
    aliases: tuple[str, ...]
    mention_count: int


@dataclass(slots=True)
class DisambiguationReport:
    """How many mentions were merged, and on which evidence."""

    mentions: int = 0
    blocks: int = 0
    inventors: int = 0
    merged_mentions: int = 0  # mentions that joined another mention's inventor
    merges_by_evidence: Counter[str] = field(default_factory=Counter)
    unkeyed: int = 0  # mentions without a usable name (each its own inventor)


@dataclass(slots=True)
class DisambiguationResult:
    assignments: dict[str, InventorAssignment]
    report: DisambiguationReport


def mention_key(m: InventorMentionContext) -> str:
    """Blocking key of a mention (its person_key)."""
    return _person_key(m.name, m.family_name, m.given_name) if (m.family_name or m.given_name) else _person_key(m.name)


# the same co-inventor and applicant names recur across many mentions: key each spelling once
_person_key = lru_cache(maxsize=500_000)(person_key)
_org_key = lru_cache(maxsize=200_000)(canonical_org_key)


@lru_cache(maxsize=50_000)
def _subclass(code: str) -> str | None:
    compact = normalize_ipc(code)
    return compact[:4] if compact and len(compact) >= 4 else None


def _features(m: InventorMentionContext, own_key: str) -> dict[str, set[str]]:
    coinventors = {k for n in m.coinventors if (k := _person_key(n)) and k != own_key}
    # names meet on their known-alias-aware key; ids are keyed too, consistently, so they still meet
    organizations = {k for o in m.organizations if (k := _org_key(o) or o)}
    city = normalize_text(m.city).casefold().replace(" ", "") if m.city else ""
    subclasses = {s for c in m.ipc if (s := _subclass(c))}
    return {
        "coinventor": coinventors,
        "organization": organizations,
        WEAK_EVIDENCE: {f"{city}|{s}" for s in subclasses} if city else set(),
    }


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        # the smaller index stays the root so the result does not depend on link order
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def _display_name(names: Counter[str]) -> str:
    # the most frequent spelling; Han-script names first among equals (they are the source form)
    return min(names, key=lambda n: (-names[n], not has_cjk(n), n))


def _resolve_block(
    key: str, block: list[InventorMentionContext], report: DisambiguationReport
) -> Iterator[tuple[str, InventorAssignment]]:
    block = sorted(block, key=lambda m: m.mention_id)
    uf = _UnionFind(len(block))
    features = [_features(m, key) for m in block]
    for evidence in (*STRONG_EVIDENCE, WEAK_EVIDENCE):
        first_with: dict[str, int] = {}
        for i in range(len(block)):
            for value in features[i][evidence]:
                j = first_with.setdefault(value, i)
                if j != i and uf.union(i, j):
                    report.merges_by_evidence[evidence] += 1
                    report.merged_mentions += 1
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(block)):
        clusters[uf.find(i)].append(i)
    report.inventors += len(clusters)
    for members in clusters.values():
        names: Counter[str] = Counter()
        for i in members:
            names[block[i].name] += 1
            names.update({a: 0 for a in block[i].alt_names if a not in names})
        anchor = block[members[0]].mention_id
        assignment = InventorAssignment(
            id=node_id("Inventor", key, anchor),
            name=_display_name(names),
            key=key,
            aliases=tuple(sorted(names)),
            mention_count=len(members),
        )
        for i in members:
            yield block[i].mention_id, assignment


def _unkeyed(m: InventorMentionContext, report: DisambiguationReport) -> tuple[str, InventorAssignment]:
    report.unkeyed += 1
    report.inventors += 1
    name = m.name or m.mention_id
    return m.mention_id, InventorAssignment(node_id("Inventor", "?", m.mention_id), name, "", (name,), 1)


def _shard_of(key: str, shard_count: int) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=4).digest(), "big") % shard_count


def _blocks_in_memory(
    mentions: Iterable[InventorMentionContext], report: DisambiguationReport
) -> Iterator[tuple[str, InventorAssignment]]:
    blocks: dict[str, list[InventorMentionContext]] = defaultdict(list)
    for m in mentions:
        report.mentions += 1
        key = mention_key(m)
        if not key:
            yield _unkeyed(m, report)
            continue
        blocks[key].append(m)
    report.blocks += len(blocks)
    for key in sorted(blocks):
        yield from _resolve_block(key, blocks.pop(key), report)


def iter_disambiguate(
    mentions: Iterable[InventorMentionContext],
    report: DisambiguationReport | None = None,
    shard_count: int = 1,
    spill_dir: str | Path | None = None,
) -> Iterator[tuple[str, InventorAssignment]]:
    """Yield (mention id, assignment) pairs; with shard_count > 1 only one shard is in memory at a time."""
    report = report if report is not None else DisambiguationReport()
    if shard_count <= 1:
        yield from _blocks_in_memory(mentions, report)
        return
    with tempfile.TemporaryDirectory(dir=spill_dir, prefix="inventors-") as tmp:
        paths = [Path(tmp) / f"shard-{i:03d}.jsonl" for i in range(shard_count)]
        files = [open(p, "w", encoding="utf-8") for p in paths]
        try:
            for m in mentions:
                key = mention_key(m)
                if not key:
                    report.mentions += 1
                    yield _unkeyed(m, report)
                    continue
                files[_shard_of(key, shard_count)].write(json.dumps(asdict(m), ensure_ascii=False) + "\n")
        finally:
            for fh in files:
                fh.close()
        for path in paths:
            yield from _blocks_in_memory(_read_shard(path), report)


def _read_shard(path: Path) -> Iterator[InventorMentionContext]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            for name in ("alt_names", "coinventors", "organizations", "ipc"):
                row[name] = tuple(row[name])
            yield InventorMentionContext(**row)


def disambiguate(
    mentions: Iterable[InventorMentionContext], shard_count: int = 1, spill_dir: str | Path | None = None
) -> DisambiguationResult:
    """Assign every mention to an inventor; returns the assignments by mention id and a report."""
    report = DisambiguationReport()
    assignments = dict(iter_disambiguate(mentions, report, shard_count, spill_dir))
    return DisambiguationResult(assignments, report)

"""Inventor disambiguation: the same name is the same person only when the records support it.

Mentions are blocked by `person_key` (张伟 = "Wei Zhang" = "ZHANG, Wei"). Inside a block, a name in
Han characters is compared as written (simplified): 张伟 and 章伟 share a romanisation, not a name, and
a romanised "Wei Zhang" matching 张伟 is no evidence of one person either. So a block is split into
*spellings*: one per Han spelling, one for every romanised mention. Inside a spelling two mentions
are linked when they share a co-inventor (compared in their own script: Han names as written,
romanised names by key) or an applicant organisation (strong evidence), or both the city and an
IPC/CPC subclass (weak evidence, only together: a common name in one city, or in one technology, is
many people). Across spellings only an applicant organisation links, because organisations are
resolved across scripts by what they are (known names, aliases), not by how a name sounds; and only
a romanised cluster to one Han spelling: when it shares organisations with two Han spellings
(张伟 and 章伟 at one firm) it is linked to neither. Links are transitive (union-find).

Scale: a block is the unit of work, so mentions can be spilled to `shard_count` files by a hash of
their key and processed one shard at a time (1M patents x 3 inventors fits in a few hundred MB with
16 shards). Ids: `node_id("Inventor", person_key, first mention id of the cluster)`, deterministic
for a given input.

Measured against PatentsView's own reference labels (`python -m bench.inventor_disambiguation`,
bench/RESULTS.md).
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
from extract.records import PatentRecord
from extract.normalize import has_cjk, normalize_text, org_key, person_key, to_simplified
from extract.resolve import canonical_org_key
from core.model import node_id

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


def mention_id(record: PatentRecord, sequence: int) -> str:
    """The id of the `sequence`-th inventor mention of a patent record (`CN112345678A#2`)."""
    return f"{record.number}#{sequence}"


def record_mentions(record: PatentRecord) -> Iterator[InventorMentionContext]:
    """The inventor mentions of one record with the context that can identify each person: the
    co-inventors, the applicants (by resolution key), the inventor's city and the IPC and CPC
    subclasses (US grants carry CPC only)."""
    names = tuple(m.name for m in record.inventors)
    orgs = tuple(sorted({k for p in record.applicants if p.name and (k := _name_key(p.name))}))
    subclasses = tuple(sorted({code[:4] for code in (*record.ipc, *record.cpc) if len(code) >= 4}))
    for m in record.inventors:
        yield InventorMentionContext(
            mention_id=mention_id(record, m.sequence),
            name=m.name,
            patent_id=record.number,
            coinventors=tuple(n for n in names if n != m.name),
            organizations=orgs,
            city=m.city,
            ipc=subclasses,
        )


def mention_key(m: InventorMentionContext) -> str:
    """Blocking key of a mention (its person_key)."""
    return _person_key(m.name, m.family_name, m.given_name) if (m.family_name or m.given_name) else _person_key(m.name)


# the same co-inventor and applicant names recur across many mentions: key each spelling once
_person_key = lru_cache(maxsize=500_000)(person_key)
_org_key = lru_cache(maxsize=200_000)(canonical_org_key)
_name_key = lru_cache(maxsize=200_000)(org_key)


@lru_cache(maxsize=50_000)
def _subclass(code: str) -> str | None:
    compact = normalize_ipc(code)
    return compact[:4] if compact and len(compact) >= 4 else None


@lru_cache(maxsize=500_000)
def _spelling(name: str) -> str:
    """How a name is compared inside a block: Han characters as written (simplified, no spaces),
    any romanised form by its person key (`rom:wei zhang`)."""
    text = normalize_text(name)
    if has_cjk(text):
        return "han:" + to_simplified(text).replace(" ", "").replace("·", "")
    return "rom:" + _person_key(name)


def _features(m: InventorMentionContext, own_key: str) -> dict[str, set[str]]:
    own = _spelling(m.name)
    coinventors = {k for n in m.coinventors if n and (k := _spelling(n)) and k != own and k != "rom:"}
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


def _link_within(indexes: list[int], features: list[dict[str, set[str]]], uf: _UnionFind,
                 report: DisambiguationReport) -> None:
    """Link the mentions of one spelling that share a piece of evidence (strong kinds first)."""
    for evidence in (*STRONG_EVIDENCE, WEAK_EVIDENCE):
        first_with: dict[str, int] = {}
        for i in indexes:
            for value in features[i][evidence]:
                j = first_with.setdefault(value, i)
                if j != i and uf.union(i, j):
                    report.merges_by_evidence[evidence] += 1
                    report.merged_mentions += 1


def _link_across(spellings: dict[str, list[int]], features: list[dict[str, set[str]]], uf: _UnionFind,
                 report: DisambiguationReport) -> None:
    """Link romanised clusters to the clusters of one Han spelling they share an organisation with."""
    romanised = [i for key, members in spellings.items() if key.startswith("rom:") for i in members]
    if not romanised or len(spellings) < 2:
        return

    def clusters(members: list[int]) -> dict[int, set[str]]:
        orgs: dict[int, set[str]] = defaultdict(set)
        for i in members:
            orgs[uf.find(i)] |= features[i]["organization"]
        return orgs

    han = {key: clusters(members) for key, members in spellings.items() if key.startswith("han:")}
    for root, orgs in clusters(romanised).items():
        matches = {key: [c for c, their in by_root.items() if their & orgs] for key, by_root in han.items()}
        matches = {key: found for key, found in matches.items() if found}
        if len(matches) != 1:  # no Han spelling, or two (张伟 and 章伟 at one firm): no link
            continue
        for cluster in next(iter(matches.values())):
            if uf.union(root, cluster):
                report.merges_by_evidence["organization"] += 1
                report.merged_mentions += 1


def _resolve_block(
    key: str, block: list[InventorMentionContext], report: DisambiguationReport
) -> Iterator[tuple[str, InventorAssignment]]:
    block = sorted(block, key=lambda m: m.mention_id)
    uf = _UnionFind(len(block))
    features = [_features(m, key) for m in block]
    spellings: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(block):
        spelling = _spelling(m.name)
        spellings[spelling if spelling.startswith("han:") else "rom:"].append(i)
    for members in spellings.values():
        _link_within(members, features, uf, report)
    _link_across(spellings, features, uf, report)
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

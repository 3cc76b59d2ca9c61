"""Organisation resolution: raw applicant / assignee names to one organisation each.

Steps, per distinct `org_key` (extract.normalize): (1) the same key is the same organisation;
(2) a key listed in known_orgs.yaml joins that organisation (Chinese and English names meet there);
(3) a name without a legal form joins the one organisation with the same core, if there is exactly
one; (4) a guarded fuzzy match catches typos ("Unviersity", "INTERNCONNECT"): Latin names with the
same number of tokens, at most two differing tokens, each within a small edit distance, and never
where two different place names or different digits differ ("FAB1"/"FAB2", "Suzhou"/"Xuzhou").

Ids are `node_id("Organization", canonical_key)`; the canonical key of a cluster is the key of its
known-org name, else its most frequent key in the batch that founded it. Keys already resolved in an
earlier batch keep their organisation, so ids are stable while a resolver lives; across runs they
are stable for every name whose key equals its canonical key (typo merges depend on what was seen).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from extract.normalize import LEGAL_MARK, has_cjk, load_data, org_key, split_org_key
from extract.orgs import classify_kind
from core.model import node_id

# tokens too common to find fuzzy candidates by (they would make every block huge)
_MAX_POSTINGS = 500


@dataclass(frozen=True, slots=True)
class OrgMention:
    """A raw organisation name with optional context."""

    name: str
    address: str | None = None
    country: str | None = None


@dataclass(frozen=True, slots=True)
class ResolvedOrg:
    """One organisation as resolved: stable id, display name, key, kind and every raw alias seen."""

    id: str
    name: str
    name_norm: str
    kind: str
    kind_confidence: float
    aliases: tuple[str, ...]
    legal_form: str | None = None
    known: bool = False


@dataclass(slots=True)
class _Cluster:
    key: str
    core: str
    family: str | None
    display: str | None = None
    kind: tuple[str, float] | None = None
    known: bool = False
    variants: Counter[str] = field(default_factory=Counter)
    keys: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _KnownOrg:
    key: str
    name: str
    kind: str
    address: str | None = None


@cache
def _known_orgs() -> dict[str, _KnownOrg]:
    """org_key of every known name and alias -> its known organisation."""
    table: dict[str, _KnownOrg] = {}
    for entry in load_data("known_orgs.yaml"):
        known = _KnownOrg(org_key(entry["name"]), entry["name"], entry["kind"], entry.get("address"))
        for alias in [entry["name"], *(entry.get("aliases") or [])]:
            table.setdefault(org_key(alias), known)
    return table


def known_address(name: str) -> str | None:
    """Where a known organisation sits (from known_orgs.yaml), for records that give no address."""
    known = _known_orgs().get(org_key(name))
    return known.address if known else None


def canonical_org_key(name: str) -> str:
    """org_key of a name, mapped to its known organisation's key when it is a known alias."""
    key = org_key(name)
    known = _known_orgs().get(key)
    return known.key if known else key


def damerau_levenshtein(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (adjacent transpositions cost 1), capped at `limit + 1`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _edit_budget(length: int) -> int:
    # short tokens are brand names and initials: one letter changes the firm ("NR" / "XJ")
    if length >= 10:
        return 2
    if length >= 5:
        return 1
    return 0


@cache
def _place_tokens() -> frozenset[str]:
    data = load_data("regions_cn.yaml")
    places = data["provinces"] + data["cities"] + data["other_cities"]
    places += [d for c in data["cities"] for d in c.get("districts") or []]
    names = {"".join(p["pinyin"].split()) for p in places if p.get("pinyin")}
    names |= {p["english"].replace(" ", "") for p in places if p.get("english")}
    return frozenset(names | {"china", "hk", "hongkong", "usa", "shenzhen", "shanghai", "beijing"})


def cores_similar(a: str, b: str) -> bool:
    """True when two Latin key cores differ only by spacing or small typos (the fuzzy guard)."""
    if a == b:
        return True
    if a.replace(" ", "") == b.replace(" ", ""):
        return True
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or len(ta) < 2:
        return False
    diffs = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    if len(diffs) > 2 or (len(diffs) == 2 and len(ta) < 3):
        return False
    places = _place_tokens()
    for x, y in diffs:
        if any(c.isdigit() for c in x + y):
            return False
        if x in places and y in places:
            return False
        budget = _edit_budget(min(len(x), len(y)))
        if budget == 0 or damerau_levenshtein(x, y, budget) > budget:
            return False
    return True


def _families_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


class OrganizationResolver:
    """Assigns raw organisation names to organisations, batch after batch, keeping what it learnt."""

    def __init__(self, fuzzy: bool = True, use_known: bool = True) -> None:
        self.fuzzy = fuzzy
        self.use_known = use_known
        self._clusters: dict[str, _Cluster] = {}
        self._by_key: dict[str, str] = {}
        self._by_core: dict[str, set[str]] = defaultdict(set)
        self._by_token: dict[str, set[str]] = defaultdict(set)
        self.match_counts: Counter[str] = Counter()
        if use_known:
            self._seed_known()

    def resolve(self, names: Iterable[str | OrgMention]) -> dict[str, ResolvedOrg]:
        """Map every raw name in `names` to its ResolvedOrg (empty names are left out)."""
        mentions = [OrgMention(n) if isinstance(n, str) else n for n in names]
        key_of: dict[str, str] = {}
        key_counts: Counter[str] = Counter()
        raw_counts: Counter[str] = Counter()
        countries: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            if not m.name or not m.name.strip():
                continue
            key = key_of.get(m.name) or org_key(m.name)
            if not key:
                continue
            key_of[m.name] = key
            key_counts[key] += 1
            raw_counts[m.name] += 1
            if m.country:
                countries[key].add(m.country.upper())
        # well-formed, frequent keys found clusters first so typos join them rather than lead them
        order = sorted(key_counts, key=lambda k: (split_org_key(k)[1] is None, -key_counts[k], k))
        founded_before = set(self._clusters)
        for key in order:
            cluster = self._assign(key, countries.get(key, set()))
            cluster.countries |= countries.get(key, set())
        self._rekey_new_clusters(founded_before, key_counts)
        for raw, count in raw_counts.items():
            self._clusters[self._by_key[key_of[raw]]].variants[raw] += count
        snapshot: dict[str, ResolvedOrg] = {}
        return {raw: self._resolved(self._by_key[key_of[raw]], snapshot) for raw in raw_counts}

    def resolve_one(self, name: str) -> ResolvedOrg | None:
        """Resolve a single name (a batch of one)."""
        return self.resolve([name]).get(name)

    # --- assignment ----------------------------------------------------------------------------

    def _assign(self, key: str, countries: set[str]) -> _Cluster:
        if key in self._by_key:
            self.match_counts["exact"] += 1
            return self._clusters[self._by_key[key]]
        core, family = split_org_key(key)
        cluster = (
            (self._known_cluster(key, core) if self.use_known else None)
            or self._legal_form_cluster(core, family)
            or (self._fuzzy_cluster(core, family, countries) if self.fuzzy else None)
        )
        if cluster is None:
            cluster = self._new_cluster(key, core, family)
            self.match_counts["new"] += 1
        self._link(key, cluster)
        return cluster

    def _known_cluster(self, key: str, core: str) -> _Cluster | None:
        table = _known_orgs()
        known = table.get(key)
        if known is None and split_org_key(key)[1] is None:
            # a raw name without a legal form may still be a known firm's name ("Huawei Technologies")
            known = table.get(core) or next(
                (k for fam in ("co_ltd", "corp") if (k := table.get(f"{core} {LEGAL_MARK}{fam}"))), None
            )
        if known is None:
            return None
        self.match_counts["known_alias"] += 1
        return self._clusters[known.key]

    def _seed_known(self) -> None:
        # known organisations are in the index from the start so that typos of them are caught
        for known in _known_orgs().values():
            if known.key in self._clusters:
                continue
            core, family = split_org_key(known.key)
            cluster = self._new_cluster(known.key, core, family)
            cluster.display, cluster.kind, cluster.known = known.name, (known.kind, 0.99), True
            self._link(known.key, cluster)
        for alias_key, known in _known_orgs().items():
            self._link(alias_key, self._clusters[known.key])

    def _legal_form_cluster(self, core: str, family: str | None) -> _Cluster | None:
        candidates = [self._clusters[c] for c in self._by_core.get(core, ())]
        compatible = [c for c in candidates if _families_compatible(c.family, family)]
        # a name without a legal form is only attached when it cannot mean two organisations
        if len(compatible) == 1 and len(candidates) == 1:
            self.match_counts["legal_form"] += 1
            return compatible[0]
        return None

    def _fuzzy_cluster(self, core: str, family: str | None, countries: set[str]) -> _Cluster | None:
        if has_cjk(core):
            return None
        candidates: set[str] = set()
        for token in set(core.split()):
            postings = self._by_token.get(token)
            if postings and len(postings) <= _MAX_POSTINGS:
                candidates |= postings
        matches = []
        for cid in sorted(candidates):
            cluster = self._clusters[cid]
            if not _families_compatible(cluster.family, family):
                continue
            if countries and cluster.countries and not countries & cluster.countries:
                continue
            if any(cores_similar(core, split_org_key(k)[0]) for k in cluster.keys):
                matches.append(cluster)
        if len({m.key for m in matches}) != 1:
            # zero, or ambiguous between two organisations: keep it apart
            return None
        self.match_counts["fuzzy"] += 1
        return matches[0]

    def _rekey_new_clusters(self, founded_before: set[str], key_counts: Counter[str]) -> None:
        """Give each cluster founded in this batch its most frequent, most typical key."""
        token_df = Counter(t for k in key_counts for t in set(split_org_key(k)[0].split()))

        def rank(key: str) -> tuple[int, int, int, str]:
            core, family = split_org_key(key)
            typicality = sum(token_df[t] for t in core.split())
            return (-key_counts[key], family is None, -typicality, key)

        for cluster_key in [k for k in self._clusters if k not in founded_before]:
            cluster = self._clusters[cluster_key]
            if cluster.known or len(cluster.keys) < 2:
                continue
            best = min(cluster.keys, key=rank)
            if best == cluster.key:
                continue
            del self._clusters[cluster.key]
            for k in cluster.keys:
                self._by_key[k] = best
                members = self._by_core[split_org_key(k)[0]]
                members.discard(cluster.key)
                members.add(best)
                for token in split_org_key(k)[0].split():
                    postings = self._by_token.get(token)
                    if postings is not None and cluster.key in postings:
                        postings.discard(cluster.key)
                        postings.add(best)
            cluster.key = best
            self._clusters[best] = cluster

    def _new_cluster(self, key: str, core: str, family: str | None) -> _Cluster:
        cluster = _Cluster(key=key, core=core, family=family)
        self._clusters[key] = cluster
        return cluster

    def _link(self, key: str, cluster: _Cluster) -> None:
        self._by_key[key] = cluster.key
        cluster.keys.add(key)
        core, family = split_org_key(key)
        self._by_core[core].add(cluster.key)
        if cluster.family is None and family is not None and len(self._by_core[core]) == 1:
            cluster.family = family
        if not has_cjk(core):
            for token in set(core.split()):
                self._by_token[token].add(cluster.key)

    # --- output --------------------------------------------------------------------------------

    def _resolved(self, cluster_key: str, snapshot: dict[str, ResolvedOrg]) -> ResolvedOrg:
        if cluster_key in snapshot:
            return snapshot[cluster_key]
        c = self._clusters[cluster_key]
        display = c.display or min(c.variants, key=lambda v: (-c.variants[v], v))
        kind, confidence = c.kind or classify_kind(display)
        resolved = ResolvedOrg(
            id=node_id("Organization", c.key),
            name=display,
            name_norm=c.key,
            kind=kind,
            kind_confidence=confidence,
            aliases=tuple(sorted(c.variants)),
            legal_form=c.family,
            known=c.known,
        )
        snapshot[cluster_key] = resolved
        return resolved

    def organizations(self) -> list[ResolvedOrg]:
        """Every organisation resolved so far."""
        snapshot: dict[str, ResolvedOrg] = {}
        return [self._resolved(k, snapshot) for k in sorted(self._clusters) if self._clusters[k].variants]

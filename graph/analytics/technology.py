"""Technology profiles: TF-IDF-like vectors over IPC subclasses, IPC main groups and concepts.

Features of a patent: `sub:<IPC subclass>` (G06N), `grp:<IPC main group>` (G06N3), `cls:<IPC
subgroup>` (G06N3/08, the code as classified) and `con:<concept id>`.

    idf(f)          = ln((1 + N) / (1 + df(f))) + 1        N patents, df(f) patents with f
    profile_o(f)    = KIND_WEIGHT[f] * tf_o(f) * idf(f)     tf_o(f) = share of o's patents with f
    patent_p(f)     = KIND_WEIGHT[f] * idf(f)               for each feature f of p
    fit(o, p)       = cosine(profile_o, patent_p)           in [0, 1]

KIND_WEIGHT: subclass 1.0, main group 1.5, subgroup 2.0 (more specific, more weight), concept 1.0.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

KIND_WEIGHT: dict[str, float] = {"sub": 1.0, "grp": 1.5, "cls": 2.0, "con": 1.0}
_IPC_KINDS = ("sub", "grp", "cls")


def patent_features(ipc: Iterable[str] | None, concepts: Iterable[str] | None) -> frozenset[str]:
    """The technology features of one patent (see the module docstring)."""
    features: set[str] = set()
    for code in ipc or ():
        if len(code) >= 4:
            features.add(f"sub:{code[:4]}")
            features.add(f"grp:{code.split('/')[0]}")
            if "/" in code:
                features.add(f"cls:{code}")
    for concept in concepts or ():
        features.add(f"con:{concept}")
    return frozenset(features)


@dataclass(frozen=True)
class FeatureStats:
    """Document frequencies of features over all patents (`patents` = N)."""

    patents: int
    frequencies: Mapping[str, int]

    def idf(self, feature: str) -> float:
        return math.log((1 + self.patents) / (1 + self.frequencies.get(feature, 0))) + 1.0

    @classmethod
    def from_patents(cls, feature_sets: Iterable[frozenset[str]]) -> FeatureStats:
        counts: Counter[str] = Counter()
        total = 0
        for features in feature_sets:
            total += 1
            counts.update(features)
        return cls(total, dict(counts))


def _kind(feature: str) -> str:
    return feature.split(":", 1)[0]


def profile_vector(patents: Iterable[frozenset[str]], stats: FeatureStats) -> dict[str, float]:
    """An organisation's profile from its patents' feature sets (tf x idf x kind weight)."""
    counts: Counter[str] = Counter()
    n = 0
    for features in patents:
        n += 1
        counts.update(features)
    if n == 0:
        return {}
    return {f: KIND_WEIGHT[_kind(f)] * (c / n) * stats.idf(f) for f, c in counts.items()}


def patent_vector(features: frozenset[str], stats: FeatureStats) -> dict[str, float]:
    return {f: KIND_WEIGHT[_kind(f)] * stats.idf(f) for f in features}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(w * b[f] for f, w in a.items() if f in b)
    if dot == 0.0:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm


def shared_features(profile: Mapping[str, float], patent: Mapping[str, float]) -> tuple[list[str], list[str]]:
    """(shared IPC codes, shared concepts), strongest contribution first, without their prefixes.

    IPC codes are given at their most specific shared level only: a shared G06T7/73 is reported as
    G06T7/73, not also as G06T7 and G06T; a family's strength is the sum of its levels'."""
    contribution = {f: profile[f] * patent[f] for f in patent if f in profile}
    codes = {f.split(":", 1)[1]: c for f, c in contribution.items() if _kind(f) in _IPC_KINDS}
    specific = [code for code in codes if not any(o != code and _extends(o, code) for o in codes)]
    strength = {code: sum(c for o, c in codes.items() if _extends(code, o)) for code in specific}
    ipc = sorted(specific, key=lambda code: (-strength[code], code))
    concepts = sorted((f.split(":", 1)[1] for f in contribution if _kind(f) == "con"),
                      key=lambda c: (-contribution[f"con:{c}"], c))
    return ipc, concepts


def _extends(code: str, prefix: str) -> bool:
    """Whether `code` is `prefix` or lies under it in the IPC (G06T7/73 under G06T7 and G06T)."""
    if code == prefix:
        return True
    if not code.startswith(prefix):
        return False
    rest = code[len(prefix):]
    return len(prefix) == 4 or rest.startswith("/")

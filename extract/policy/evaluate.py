"""Score extractions against gold YAML: measure and target precision / recall."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from extract.policy.model import PolicyExtraction
from extract.policy.script import normalise

_VALUE_TOLERANCE = 1e-6


@dataclass(slots=True)
class Score:
    """Matched / predicted / gold counts and the derived precision and recall."""

    true_positives: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    def __add__(self, other: "Score") -> "Score":
        return Score(self.true_positives + other.true_positives, self.predicted + other.predicted, self.gold + other.gold)


def load_gold(path: Path) -> dict[str, Any]:
    """A gold file: {document, measures: [{key, optional?}], targets: [{metric_key, comparator, value, unit, ...}]}."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _squash(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", normalise(text)).lower()


def score_measures(extraction: PolicyExtraction, gold: dict[str, Any]) -> Score:
    """One-to-one matching: a predicted measure matches a gold measure whose key phrase it contains.

    Optional gold measures (borderline items) neither count as misses nor make a match a false positive.
    """
    entries = gold.get("measures", [])
    predicted = [_squash(m.text) for m in extraction.measures]
    used: set[int] = set()
    true_positives = optional_hits = 0
    for entry in sorted(entries, key=lambda e: bool(e.get("optional"))):
        key = _squash(entry["key"])
        match = next((i for i, text in enumerate(predicted) if i not in used and key in text), None)
        if match is None:
            continue
        used.add(match)
        if entry.get("optional"):
            optional_hits += 1
        else:
            true_positives += 1
    required = sum(1 for e in entries if not e.get("optional"))
    return Score(true_positives, len(predicted) - optional_hits, required)


def score_targets(extraction: PolicyExtraction, gold: dict[str, Any]) -> Score:
    """A predicted target matches a gold one with the same comparator, value, unit, deadline and metric key.

    Optional gold targets (ranges, restatements) neither count as misses nor make a match a false positive.
    """
    entries = gold.get("targets", []) or []
    used: set[int] = set()
    true_positives = optional_hits = 0
    for entry in sorted(entries, key=lambda e: bool(e.get("optional"))):
        for i, target in enumerate(extraction.targets):
            if i in used or not _target_matches(target, entry):
                continue
            used.add(i)
            if entry.get("optional"):
                optional_hits += 1
            else:
                true_positives += 1
            break
    required = sum(1 for e in entries if not e.get("optional"))
    return Score(true_positives, len(extraction.targets) - optional_hits, required)


def _target_matches(target: Any, entry: dict[str, Any]) -> bool:
    if target.comparator != entry["comparator"] or abs(target.value - float(entry["value"])) > _VALUE_TOLERANCE:
        return False
    if target.unit != entry["unit"] or _squash(entry["metric_key"]) not in _squash(target.metric):
        return False
    if "deadline" in entry and target.deadline != entry["deadline"]:
        return False
    if "value_cny" in entry and (target.value_cny is None or abs(target.value_cny - float(entry["value_cny"])) > 1.0):
        return False
    return True


def noise_lines(text: str, gold: dict[str, Any]) -> list[tuple[int, int]]:
    """Spans of the lines of `text` that the gold marks as page furniture (a line starting with a noise key)."""
    keys = [k for k in gold.get("noise", []) or [] if k]
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped and any(stripped.startswith(k) for k in keys):
            spans.append((offset, offset + len(line.rstrip("\r\n"))))
        offset += len(line)
    return spans


def noise_hits(extraction: PolicyExtraction, gold: dict[str, Any]) -> list[tuple[str, str]]:
    """Measures, targets and organisation mentions whose span touches a gold noise line: (kind, text)."""
    lines = noise_lines(extraction.text, gold)

    def touches(span: tuple[int, int]) -> bool:
        return any(span[0] < end and start < span[1] for start, end in lines)

    hits = [("measure", m.text) for m in extraction.measures if touches(m.span)]
    hits += [("target", extraction.text[t.provenance.span[0] : t.provenance.span[1]])
             for t in extraction.targets if touches(t.provenance.span)]
    hits += [("organisation", extraction.text[s:e]) for o in extraction.organisations for s, e in o.spans if touches((s, e))]
    return hits

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
    """A predicted target matches a gold one with the same comparator, value, unit, deadline and metric key."""
    entries = gold.get("targets", []) or []
    used: set[int] = set()
    true_positives = 0
    for entry in entries:
        for i, target in enumerate(extraction.targets):
            if i in used or not _target_matches(target, entry):
                continue
            used.add(i)
            true_positives += 1
            break
    return Score(true_positives, len(extraction.targets), len(entries))


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

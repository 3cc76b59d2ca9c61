"""Parse quantified targets ("不低于20%", "reaching 80 billion yuan", "17% of GDP by 2025")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from extract.policy import cues
from extract.policy.resources import load

_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_YEAR_DEADLINE = re.compile(r"(?:\bby\s+(?:the\s+end\s+of\s+)?|到|至)(20\d\d)(?:年)?|(?<!\d)(20\d\d)年(?:前|底前)", re.I)
_CLAUSE_BREAK = re.compile(r"[,，;；:：]|\b(?:with|and|while|where|that)\b", re.I)
_METRIC_TRIM = re.compile(r"^(?:\s|the\b|a\b|an\b|its\b|their\b|of\b|that\b|by\s+20\d\d\b|到20\d\d年|力争|争取|确保)+", re.I)
_MONEY_UNIT = "billion yuan"
_WINDOW = 24  # characters before a number searched for its comparator


@dataclass(slots=True)
class TargetCandidate:
    """A target before ids and provenance are attached."""

    start: int
    end: int
    metric: str
    comparator: str
    value: float
    unit: str
    normalised_value: float | None
    normalised_unit: str | None
    value_cny: float | None
    baseline: float | None
    deadline: int | None
    confidence: float


@lru_cache(maxsize=1)
def _value_regex() -> re.Pattern[str]:
    data = load("targets")
    units = "|".join(f"(?:{u['pattern']})" for u in data["units"])
    scales = "|".join(re.escape(k) for k in data["scales"] if k.isascii())
    # "3 million yuan" is a unit of its own; a scale word is only taken before other units
    scale = rf"(?P<scale>(?:{scales})\b(?!\s*(?:yuan|rmb|cny)))?"
    return re.compile(_NUMBER + rf"\s*{scale}\s*(?P<unit>{units})", re.I)


@lru_cache(maxsize=1)
def _comparators() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for name, langs in load("targets")["comparators"].items():
        words = [*langs["zh"], *[rf"\b{w}\b" for w in langs["en"]]]
        out.append((name, re.compile("|".join(f"(?:{w})" for w in words), re.I)))
    return out


def _unit_info(surface: str) -> dict[str, Any]:
    for unit in load("targets")["units"]:
        if re.fullmatch(unit["pattern"], surface, re.I):
            return unit
    raise LookupError(surface)  # unreachable: the value regex only matches listed units


def find_targets(sentence_start: int, sentence: str, context: str) -> list[TargetCandidate]:
    """Targets in one normalised (Simplified) sentence; `context` (paragraph lead, section) supplies deadlines."""
    future_context = cues.looks_future(context) and not cues.reports_past(context)
    if cues.reports_past(sentence) or not (cues.looks_future(sentence) or future_context):
        return []
    out: list[TargetCandidate] = []
    for match in _value_regex().finditer(sentence):
        if re.match(r"\s*(?:年|月|日|号|届|次会议)", sentence[match.end() :]):
            continue
        found = _comparator(sentence, match)
        if found is None:
            continue
        comparator, comp_start = found
        if _is_range(sentence, match):
            continue
        out.append(_build(sentence_start, sentence, match, comparator, comp_start, context))
    return out


def _comparator(sentence: str, match: re.Match[str]) -> tuple[str, int] | None:
    after = sentence[match.end() : match.end() + 12].lower()
    for name, words in load("targets")["postfix_comparators"].items():
        if any(after.lstrip().startswith(w) for w in words):
            return name, match.start()
    window_start = max(0, match.start() - _WINDOW)
    window = sentence[window_start : match.start()]
    best: tuple[int, int, str, int] | None = None  # (end, length, name, start)
    for name, pattern in _comparators():
        for found in pattern.finditer(window):
            if window[found.end() :].strip(" 的为"):  # the comparator must touch the number
                continue
            key = (found.end(), found.end() - found.start(), name, window_start + found.start())
            if best is None or key[:2] > best[:2]:
                best = key
    if best is not None:
        return best[2], best[3]
    # "17% of GDP by 2025": a share with a deadline and no verb reads as a level to reach
    if match.group("unit") in {"%", "％"} and _YEAR_DEADLINE.search(sentence):
        return "reach", match.start()
    return None


def _is_range(sentence: str, match: re.Match[str]) -> bool:
    before = sentence[max(0, match.start() - 40) : match.start()].lower()
    return bool(re.search(r"\b(?:from|between)\s+[\d,.]+\s*\w*\s*\w*\s*(?:to|and)\s*$", before)) or "至" in before[-2:]


def _build(offset: int, sentence: str, match: re.Match[str], comparator: str, comp_start: int, context: str) -> TargetCandidate:
    value = float(match.group("num").replace(",", ""))
    surface = match.group("unit")
    info = _unit_info(surface)
    scale = load("targets")["scales"].get((match.group("scale") or "").lower(), 1.0)
    value_cny = normalised_value = None
    normalised_unit = None
    if info["kind"] == "money":
        value_cny = value * scale * info["factor_cny"]
        normalised_value, normalised_unit = value_cny / 1e9, _MONEY_UNIT
    elif info["kind"] == "count":
        normalised_value, normalised_unit = value * scale * info["factor"], info["normalised_unit"]
    else:
        normalised_value, normalised_unit = value, info["unit"]
    deadline = _deadline(sentence) or _deadline(context)
    return TargetCandidate(
        start=offset + match.start(),
        end=offset + match.end(),
        metric=_metric(sentence, comp_start),
        comparator=comparator,
        value=value * (scale if info["kind"] != "money" and scale != 1.0 else 1.0),
        unit=info["unit"],
        normalised_value=normalised_value,
        normalised_unit=normalised_unit,
        value_cny=value_cny,
        baseline=_baseline(sentence, match),
        deadline=deadline,
        confidence=0.8 if deadline else 0.6,
    )


def _deadline(text: str) -> int | None:
    found = _YEAR_DEADLINE.search(text)
    return int(found.group(1) or found.group(2)) if found else None


def _metric(sentence: str, comp_start: int) -> str:
    head = sentence[:comp_start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    metric = head[breaks[-1].end() :] if breaks else head
    if len(metric.strip()) < 2 and len(breaks) >= 2:
        metric = head[breaks[-2].end() : breaks[-1].start()]
    metric = re.split(r"(?:由|从|\bfrom\b)\s*[\d.,]+", metric)[0]  # the baseline is not part of the metric
    metric = _METRIC_TRIM.sub("", metric.strip())
    metric = re.sub(r"(?:\s+(?:reach(?:es|ing)?|will|be|is|are|to))+$", "", metric.strip(), flags=re.I)
    return metric.strip(" ,，")


def _baseline(sentence: str, match: re.Match[str]) -> float | None:
    before = sentence[max(0, match.start() - 40) : match.start()]
    found = re.search(r"(?:from|由|从)\s*(\d+(?:\.\d+)?)\s*[^\d]{0,12}?(?:to|提高到|增加到|提升至|增至|到)\s*$", before, re.I)
    return float(found.group(1)) if found else None

"""Classify text against the data-file taxonomies (areas, instruments, actors, industries)."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.policy.resources import alternation, load


@lru_cache(maxsize=None)
def _patterns(group: str) -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    entries = load("taxonomy")[group]
    return {
        key: (
            re.compile(alternation(words.get("zh", []), english=False)),
            re.compile(alternation([re.escape(w) + "(?:s|es)?" for w in words.get("en", [])], english=True), re.I),
        )
        for key, words in entries.items()
    }


def scores(group: str, text: str) -> dict[str, int]:
    """Trigger-word hits per taxonomy key of `group` in `text` (Simplified)."""
    out: dict[str, int] = {}
    for key, (zh, en) in _patterns(group).items():
        hits = len(zh.findall(text)) + len(en.findall(text))
        if hits:
            out[key] = hits
    return out


def labels(group: str, text: str) -> list[str]:
    """Every key of `group` with at least one trigger in `text`, in taxonomy order."""
    return list(scores(group, text))


def best_area(text: str, heading: str | None) -> str | None:
    """The area with most trigger hits; the section heading counts double because it names the area."""
    total = scores("areas", text)
    for key, hits in scores("areas", heading or "").items():
        total[key] = total.get(key, 0) + 2 * hits
    if not total:
        return None
    order = list(load("taxonomy")["areas"])
    return max(total, key=lambda k: (total[k], -order.index(k)))

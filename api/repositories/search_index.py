"""An in-memory search index: every searchable text of one kind in one string, searched with `str.find`.

The search statements (`cypher/api/search_*.cypher`) scan every organisation, inventor and patent:
~200 ms at 100k patents, seconds at 1M. The index holds the same texts, lower-cased as the statements
compare them, joined by newlines (folded search text never contains one, so a match never spans two
texts); `str.find` walks the string at C speed and `bisect` maps a match back to its text. Scores and
order are the statements': 3 when a name or alias equals the text (or, for patents, the number does),
2 when one starts with it, 1 when one contains it (organisations also match on the normalised name,
with score 1); then the rank (patent count, or year for patents) descending, then id.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class KindIndex:
    """The searchable texts of one kind (organisations, inventors or patents)."""

    ids: list[str] = field(default_factory=list)
    ranks: list[Any] = field(default_factory=list)
    haystack: str = ""
    starts: list[int] = field(default_factory=list)  # offset of each text in `haystack`
    owners: list[int] = field(default_factory=list)  # entry of each text
    scored: list[bool] = field(default_factory=list)  # False: a match scores 1 at most (normalised names)
    numbers: dict[str, int] = field(default_factory=dict)  # whole-number matches (patents)

    @classmethod
    def build(cls, rows: Iterable[dict[str, Any]]) -> KindIndex:
        index = cls()
        texts: list[str] = []
        offset = 0
        for entry, row in enumerate(rows):
            index.ids.append(row["id"])
            index.ranks.append(row.get("rank"))
            candidates = [(row.get("name"), True), *((a, True) for a in row.get("aliases") or []),
                          (row.get("name_norm"), False)]
            for text, scored in candidates:
                if not isinstance(text, str) or not text:
                    continue
                text = text.lower().replace("\n", " ")
                texts.append(text)
                index.starts.append(offset)
                index.owners.append(entry)
                index.scored.append(scored)
                offset += len(text) + 1
            if row.get("number"):
                index.numbers[str(row["number"]).lower()] = entry
        index.haystack = "\n".join(texts)
        return index

    def search(self, text: str, limit: int) -> list[tuple[int, str]]:
        """(score, id) of the best `limit` entries containing `text` (already folded)."""
        best: dict[int, int] = {}
        if text in self.numbers:
            best[self.numbers[text]] = 3
        haystack, starts, size = self.haystack, self.starts, len(text)
        pos = haystack.find(text)
        while pos != -1:
            i = bisect_right(starts, pos) - 1
            entry = self.owners[i]
            if not self.scored[i]:
                score = 1
            elif pos == starts[i]:
                end = starts[i + 1] - 1 if i + 1 < len(starts) else len(haystack)
                score = 3 if end - pos == size else 2
            else:
                score = 1
            if score > best.get(entry, 0):
                best[entry] = score
            pos = haystack.find(text, pos + 1)
        ranked = sorted(best.items(), key=lambda item: (-item[1], _descending(self.ranks[item[0]]), self.ids[item[0]]))
        return [(score, self.ids[entry]) for entry, score in ranked[:limit]]


def _descending(rank: Any) -> tuple[int, Any]:
    # larger ranks first; a missing rank (a patent without a year) last
    return (1, 0) if rank is None else (0, -rank)

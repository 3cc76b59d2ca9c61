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

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class KindIndex:
    """The searchable texts of one kind (organisations, inventors or patents).

    Entries are numbered in result order (rank descending, a missing rank last, then id), so among
    substring matches the first found in the joined string are the best: a search stops after `limit`
    of them. Exact and prefix matches come from a sorted list of the scored texts (`bisect`).
    """

    ids: list[str] = field(default_factory=list)
    haystack: str = ""
    starts: list[int] = field(default_factory=list)  # offset of each text in `haystack`
    owners: list[int] = field(default_factory=list)  # entry of each text
    sorted_texts: list[str] = field(default_factory=list)  # scored texts (names, aliases), sorted
    sorted_owners: list[int] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)  # whole-number matches (patents)

    @classmethod
    def build(cls, rows: Iterable[dict[str, Any]]) -> KindIndex:
        index = cls()
        texts: list[str] = []
        scored: list[tuple[str, int]] = []
        offset = 0
        ordered = sorted(rows, key=lambda r: (_descending(r.get("rank")), r["id"]))
        for entry, row in enumerate(ordered):
            index.ids.append(row["id"])
            candidates = [(row.get("name"), True), *((a, True) for a in row.get("aliases") or []),
                          (row.get("name_norm"), False)]
            for text, is_scored in candidates:
                if not isinstance(text, str) or not text:
                    continue
                text = text.lower().replace("\n", " ")
                texts.append(text)
                index.starts.append(offset)
                index.owners.append(entry)
                offset += len(text) + 1
                if is_scored:
                    scored.append((text, entry))
            if row.get("number"):
                index.numbers[str(row["number"]).lower()] = entry
        index.haystack = "\n".join(texts)
        scored.sort()
        index.sorted_texts = [t for t, _ in scored]
        index.sorted_owners = [e for _, e in scored]
        return index

    def search(self, text: str, limit: int) -> list[tuple[int, str]]:
        """(score, id) of the best `limit` entries containing `text` (already folded)."""
        best: dict[int, int] = {}
        if text in self.numbers:
            best[self.numbers[text]] = 3
        lo = bisect_left(self.sorted_texts, text)
        hi = bisect_left(self.sorted_texts, text + "\U0010ffff")
        for k in range(lo, hi):  # names and aliases starting with the text
            score = 3 if self.sorted_texts[k] == text else 2
            entry = self.sorted_owners[k]
            if score > best.get(entry, 0):
                best[entry] = score
        higher = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
        found = [(score, entry) for entry, score in higher]
        # substring matches, best first thanks to the entry order, until enough are found
        taken: set[int] = set(best)
        wanted = limit - len(found)
        haystack, starts = self.haystack, self.starts
        pos = haystack.find(text) if wanted > 0 else -1
        while pos != -1:
            entry = self.owners[bisect_right(starts, pos) - 1]
            if entry not in taken:
                taken.add(entry)
                found.append((1, entry))
                if len(found) - len(higher) >= wanted:
                    break
            pos = haystack.find(text, pos + 1)
        return [(score, self.ids[entry]) for score, entry in found[:limit]]


def _descending(rank: Any) -> tuple[int, Any]:
    # larger ranks first; a missing rank (a patent without a year) last
    return (1, 0) if rank is None else (0, -rank)

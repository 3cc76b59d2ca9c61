"""Traditional -> Simplified conversion: what `opencc.OpenCC("t2s").convert` (opencc-python-reimplemented)
returns, with its dictionary look-ups done by Aho-Corasick (ahocorasick_rs).

OpenCC's Python port tries every substring of every length (up to 14 characters) at every place of
every piece of text against its phrase table: a few Traditional lines cost more than the rest of
reading and normalising a document. Its algorithm, kept here step for step:

* the text is split at OpenCC's separators (kept as they are);
* each piece goes through each group of dictionaries of the chain; within a group, the first dictionary
  replaces the longest entry found anywhere in the piece (the leftmost of the longest), and the parts
  left and right of it go through the same dictionary again, limited to entries no longer than that
  one; a part in which the dictionary finds nothing goes to the group's next dictionary (no limit);
  a replaced entry is never looked at again; a value with several mappings gives its first.

Here the entries found in a piece are listed once (every occurrence, overlapping), and the longest one
inside a part is picked from that list. `Converter.of` falls back to OpenCC itself for a dictionary
shape this does not cover (an empty entry).
"""

from __future__ import annotations

from typing import Any


class Converter:
    """`convert(text)` as `opencc.OpenCC(...).convert(text)`; built from an initialised OpenCC object."""

    def __init__(self, cc: Any) -> None:
        import ahocorasick_rs  # lazy: only Traditional text needs it

        self._split = cc.split_chars_re
        self._groups: list[list[tuple[Any, dict[str, str], int]]] = []
        for group in cc._dict_chain_data:  # the dictionaries as OpenCC loaded them: [(max, min, table)] per group
            dictionaries = []
            for max_len, _min_len, table in group:
                keys = list(table)
                finder = ahocorasick_rs.AhoCorasick(keys, matchkind=ahocorasick_rs.MatchKind.Standard)
                dictionaries.append((finder, {k: v.split(" ")[0] for k, v in table.items()}, max_len))
            self._groups.append(dictionaries)

    @classmethod
    def of(cls, cc: Any) -> Any:
        """A converter for `cc`, or `cc` itself when its dictionaries hold an empty entry or an empty value
        (OpenCC reads an empty value as no match)."""
        for group in cc._dict_chain_data:
            for _max, min_len, table in group:
                if min_len < 1 or "" in table or any(not v.split(" ")[0] for v in table.values()):
                    return cc
        return cls(cc)

    def convert(self, text: str) -> str:
        out: list[str] = []
        for i, piece in enumerate(self._split.split(text)):
            if i % 2 == 0:  # text between separators; the odd items are the separators themselves
                for group in self._groups:
                    piece = self._group(piece, group)
            out.append(piece)
        return "".join(out)

    def _group(self, piece: str, group: list[tuple[Any, dict[str, str], int]]) -> str:
        found: list[list[tuple[int, int]] | None] = [None] * len(group)
        out: list[str] = []
        # (start, end, dictionary, length limit) of a part still to convert, or a finished string;
        # a stack rather than recursion: a long piece of single characters would nest one level each
        stack: list[tuple[int, int, int, int | None] | str] = [(0, len(piece), 0, None)]
        while stack:
            task = stack.pop()
            if isinstance(task, str):
                out.append(task)
                continue
            lo, hi, k, limit = task
            finder, table, max_len = group[k]
            if max_len == 1 and k == len(group) - 1:
                # the last dictionary, of single characters: each character is an entry or stays
                out.append("".join([table.get(ch, ch) for ch in piece[lo:hi]]))
                continue
            occurrences = found[k]
            if occurrences is None:
                occurrences = found[k] = [(s, e) for _i, s, e in finder.find_matches_as_indexes(piece, overlapping=True)]
            best: tuple[int, int] | None = None
            for start, end in occurrences:
                if lo <= start and end <= hi and (limit is None or end - start <= limit):
                    if best is None or end - start > best[1] - best[0] or (end - start == best[1] - best[0] and start < best[0]):
                        best = (start, end)
            if best is None:
                if k + 1 < len(group):
                    stack.append((lo, hi, k + 1, None))
                else:
                    out.append(piece[lo:hi])
                continue
            start, end = best
            if end < hi:
                stack.append((end, hi, k, end - start))
            stack.append(table[piece[start:end]])
            if start > lo:
                stack.append((lo, start, k, end - start))
        return "".join(out)

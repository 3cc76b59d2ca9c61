"""Find organisations and programmes: a data-file alias list plus name-ending (suffix) patterns."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from extract.policy.resources import _looks_like_regex, alternation, load

_HAN_RUN_MAX = 16
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_EN_WORD = r"[A-Z][A-Za-z&'’-]*"
_EN_LINK = r"(?:of|for|and|on|the|in)"


@dataclass(slots=True)
class OrgHit:
    """All mentions of one organisation or programme."""

    key: str
    name: str
    kind: str
    surface_forms: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    alias: bool = False


@lru_cache(maxsize=1)
def _zh_suffix() -> re.Pattern[str]:
    return re.compile(alternation(load("orgs")["suffixes"]["zh"], english=False))


@lru_cache(maxsize=1)
def _false_suffix_words() -> re.Pattern[str]:
    # overlapping: a lookahead finds every word at every position
    return re.compile("(?=(" + alternation(load("orgs")["zh_false_suffix_words"], english=False) + "))")


@lru_cache(maxsize=1)
def _false_suffix_finder() -> Any:  # an ahocorasick_rs.AhoCorasick, or None (the library is untyped)
    """Every occurrence of the false-suffix words by Aho-Corasick (Rust), when they are plain words: the
    lookahead regex tries the whole alternation at every character (the slowest step of the name finder)."""
    words = sorted({w for w in load("orgs")["zh_false_suffix_words"] if w})
    if not words or any(_looks_like_regex(w) for w in words):
        return None
    import ahocorasick_rs

    return ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.Standard)


def _false_spans(chunk: str) -> list[tuple[int, int]]:
    """(start, end) of false-suffix words in the chunk: what `_false_suffix_words` finds (the longest word at
    each start), plus the shorter words at the same starts, which lie inside it and so cover nothing more."""
    finder = _false_suffix_finder()
    if finder is None:
        return [(m.start(), m.start() + len(m.group(1))) for m in _false_suffix_words().finditer(chunk)]
    return [(start, end) for _index, start, end in finder.find_matches_as_indexes(chunk, overlapping=True)]


_UPPER = re.compile(r"[A-Z]")
_META = set("\\[](){}?*+|^$.")


def _required_words(pattern: str) -> tuple[str, ...] | None:
    """Words one of which every match of `pattern` ends with: its final plain group `(?:a|b)` or its final
    run of plain characters; None when the pattern has no such tail (an optional or escaped end, a
    top-level alternative). A text holding none of them cannot match, and the pattern is not run on it."""
    if re.search(r"\(\?[aiLmsux-]", pattern):
        return None  # inline flags (?i): the words may match in another case
    depth, escaped, in_class = 0, False, False
    for ch in pattern:  # a top-level "|" would make the tail one alternative among others
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return None
    group = re.search(r"\(\?:([^()]*)\)$", pattern)
    if group and not (set(group.group(1)) - {"|"}) & _META and pattern[group.start() - 1 : group.start()] != "\\":
        words = tuple(group.group(1).split("|"))
        return words if all(words) else None
    run = re.search(r"[^\\\[\](){}?*+|^$.]+$", pattern)
    if run and pattern[run.start() - 1 : run.start()] != "\\":
        return (run.group(),)
    return None


@lru_cache(maxsize=1)
def _zh_boundary() -> re.Pattern[str]:
    cues = load("cues")
    words = load("orgs")["zh_boundaries"] + cues["policy_verbs"]["zh"] + cues["clause_prefix"]["zh"]
    return re.compile(alternation(words, english=False))


@lru_cache(maxsize=1)
def _en_org() -> re.Pattern[str]:
    suffix = "|".join(load("orgs")["suffixes"]["en"])
    tail = rf"(?:\s+of\s+(?:the\s+)?(?:{_EN_WORD}\s+){{0,4}}{_EN_WORD})?"
    return re.compile(rf"\b(?:{_EN_WORD}\s+)(?:(?:{_EN_WORD}|{_EN_LINK})\s+){{0,7}}(?:{suffix})(?![A-Za-z]){tail}")


@lru_cache(maxsize=1)
def _en_lead_verbs() -> re.Pattern[str]:
    verbs = [v for v in load("cues")["policy_verbs"]["en"] if " " not in v]
    return re.compile(rf"^(?:(?:{'|'.join(map(re.escape, verbs))})\s+)+(?:(?:the|a|an)\s+)?", re.I)


@lru_cache(maxsize=1)
def _programmes() -> list[tuple[re.Pattern[str], bool, tuple[str, ...] | None]]:
    data = load("orgs")["programmes"]
    return ([(re.compile(p), True, _required_words(p)) for p in data["zh"]]
            + [(re.compile(p), False, _required_words(p)) for p in data["en"]])


def find_organisations(normalised: str, regions: list[tuple[int, int]],
                       aliases: list[tuple[int, int, str]]) -> list[OrgHit]:
    """Organisations and programmes in the content regions of the normalised text, merged by key.

    `aliases` are the known bodies the EntityRuler found: (start, end, resolution key); they win over
    names found by their endings.
    """
    hits: dict[str, OrgHit] = {}
    taken: list[tuple[int, int]] = []
    names = load("orgs")["aliases"]
    inside = [(s, e, k) for s, e, k in aliases if _within(regions, s, e)]
    for s, e, key in sorted(inside):
        if normalised[e : e + 1] in {"发", "函"}:
            continue  # the issuer code of a document number (国办发〔2023〕37号), not a mention
        _add(hits, taken, 0, s, e, normalised[s:e], key, names[key]["name"], "organisation", True)
    for start, end in regions:
        chunk = normalised[start:end]
        for found in _find_by_suffix(chunk):
            _add(hits, taken, start, *found)
        for found in _find_programmes(chunk):
            _add(hits, taken, start, *found)
    return sorted(hits.values(), key=lambda h: h.spans[0])


def _within(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    """Some region holds [start, end); regions in order and apart (content lines): only the last one
    starting at or before `start` can, found by bisection."""
    if not _ordered(regions):
        return any(a <= start and end <= b for a, b in regions)
    i = bisect_right(regions, (start, float("inf"))) - 1
    return i >= 0 and end <= regions[i][1]


def _ordered(regions: list[tuple[int, int]]) -> bool:
    return all(a <= b for a, b in regions) and all(b <= c for (_, b), (c, _) in zip(regions, regions[1:]))


def _add(hits: dict[str, OrgHit], taken: list[tuple[int, int]], offset: int, s: int, e: int, surface: str, key: str, name: str, kind: str, alias: bool) -> None:
    span = (offset + s, offset + e)
    if any(a < span[1] and span[0] < b for a, b in taken):
        return  # an alias or earlier, better match already covers this text
    taken.append(span)
    hit = hits.setdefault(key, OrgHit(key, name, kind, alias=alias))
    if surface not in hit.surface_forms:
        hit.surface_forms.append(surface)
    hit.spans.append(span)


def _find_by_suffix(chunk: str) -> list[tuple[int, int, str, str, str, str, bool]]:
    out = []
    false_spans = _false_spans(chunk) if _zh_suffix().search(chunk) else []
    for match in _zh_suffix().finditer(chunk):
        # the ending is part of a word that names no body (布局, 核心, 部署)
        if any(a <= match.start() < b for a, b in false_spans):
            continue
        name_start = _zh_name_start(chunk, match.start())
        name = chunk[name_start : match.end()]
        if len(name) >= load("orgs")["zh_min_length"] and name_start < match.start():
            out.append((name_start, match.end(), name, _key(name), name, "organisation", False))
    for match in _en_org().finditer(chunk) if _UPPER.search(chunk) else ():  # a name starts with [A-Z]
        name = re.sub(r"^(?:The|A|An|This|These|Its|Their)\s+", "", match.group())
        name = _en_lead_verbs().sub("", name)  # "Support Southeast University ..." names the university
        start = match.end() - len(name)
        if len(name.split()) >= 2:
            out.append((start, match.end(), name, _key(name), name, "organisation", False))
    return out


def _zh_name_start(chunk: str, suffix_start: int) -> int:
    # walk back over Han characters, then start after the last boundary word that leaves a real name
    start = suffix_start
    while start > 0 and suffix_start - start < _HAN_RUN_MAX and "\u4e00" <= chunk[start - 1] <= "\u9fff":
        start -= 1
    if start > 0 and chunk[start - 1].isdigit():
        start += 1  # "31份…": the first character is a measure word of the number
    run = chunk[start:suffix_start]
    cuts = [m.end() for m in _zh_boundary().finditer(run)]
    # the name starts after the last boundary word; what is left may be too short to be a name
    return start + cuts[-1] if cuts else start


def _find_programmes(chunk: str) -> list[tuple[int, int, str, str, str, str, bool]]:
    out = []
    han, latin = bool(_HAN.search(chunk)), bool(_LATIN.search(chunk))
    for pattern, chinese, required in _programmes():
        if not (han if chinese else latin):
            continue  # a Chinese pattern cannot match a line without Han characters, nor the reverse
        if required is not None and not any(word in chunk for word in required):
            continue
        for match in pattern.finditer(chunk):
            start, name = match.start(), match.group()
            if not name.isascii():
                start = max(start, _zh_name_start(chunk, match.end() - 2))
                name = chunk[start : match.end()]
            name = name.strip("“”\" ")
            if len(name) >= 4:
                out.append((start, match.end(), name, _key(name), name, "programme", False))
    return out


def _key(name: str) -> str:
    """Resolution key for a name without an alias: lower case, no articles, spaces or quotes."""
    text = re.sub(r"^(?:the|a|an)\s+", "", name.strip().lower())
    text = re.sub(r"cent(?:er|re)s?\b", "centre", text)
    return "name:" + re.sub(r"[\s“”\"'’]+", "", text)

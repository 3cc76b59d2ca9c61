"""Policy-level facts: title, date, period, own document number, region, issuing bodies."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date as Date
from functools import lru_cache

from extract.policy.boilerplate import Line
from extract.policy.links import document_numbers
from extract.policy.orgs import OrgHit
from extract.policy.resources import _looks_like_regex, alternation, load
from extract.policy.structure import Segment

_LAUNCHED_TITLE = re.compile(
    r"(?:launched|issued|released|unveiled|published|出台|印发|发布|公布|制定)(?:\s+the)?\s*[“\"《]([^“”\"《》]{6,160})[”\"》]", re.I
)
_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)")
_PERIOD = re.compile(r"(?<!\d)(20\d\d)\s*(?:年)?\s*[-–—~至到]\s*(20\d\d)(?!\d)")
_ISSUING = re.compile(r"\b(?:issued|issues|announced|launched|released|published|formulated)\b|印发|发布|出台|制定|举办", re.I)
_GOVERNMENT_END = re.compile(r"(?:局|厅|委员会|政府|办公厅|国务院|部)$|\b(?:Government|Office|Administration|Council|Ministry|Commission|Bureau)$")
_TITLE_WORDS = re.compile(r"\b(?:Plan|Measures|Opinions|Notice|Programme|Program|Strategy|Outline|Regulations)\b|方案|规划|计划|意见|措施|通知|办法|纲要|条例")


def title(normalised: str, text: str, kept: list[Line], parts: list[Segment], repeated: list[Line]) -> str | None:
    """The document title: a launched plan's quoted name, a titled heading, the page headline, or the first heading."""
    head = normalised[: kept[min(len(kept), 3) - 1].end] if kept else ""
    launched = _LAUNCHED_TITLE.search(head)
    if launched:
        return _original(text, launched.start(1), launched.end(1))
    headings = [p for p in parts[:8] if p.kind == "heading"]
    for part in headings:
        if _TITLE_WORDS.search(normalised[part.start : part.end]):
            return _original(text, part.start, part.end)
    if repeated:
        top = Counter(line.text for line in repeated if 8 <= len(line.text) <= 120).most_common(1)
        if top and top[0][1] >= 2:
            line = next(l for l in repeated if l.text == top[0][0])
            return _original(text, line.start, line.end)
    if headings:
        return _original(text, headings[0].start, headings[0].end)
    return _original(text, kept[0].start, min(kept[0].end, kept[0].start + 150)) if kept else None


def _original(text: str, start: int, end: int) -> str:
    return text[start:end].strip(" #\"“”《》:：")


def issued_date(normalised: str) -> str | None:
    """The first full, valid date in the document as ISO YYYY-MM-DD."""
    for match in _DATE.finditer(normalised):
        try:
            return Date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
        except ValueError:
            continue
    return None


def period(title_text: str | None, head: str) -> tuple[int, int] | None:
    """The plan period (2026, 2030) from the title, else from the opening text."""
    for source in (title_text or "", head):
        match = _PERIOD.search(source)
        if match and int(match.group(1)) <= int(match.group(2)):
            return int(match.group(1)), int(match.group(2))
    return None


def own_doc_number(lines: list[Line]) -> tuple[str, tuple[int, int]] | None:
    """The document's own number: one standing on a short line of its own near the top."""
    for line in lines[:6]:
        for start, end, number in document_numbers(line.text):
            if len(line.text) - (end - start) <= 12:
                return number, (line.start + start, line.start + end)
    return None


def region(head: str, issuer_keys: list[str]) -> str | None:
    """Region code: the most mentioned province in the opening text / issuers, else CN for national bodies."""
    provinces, national, national_code = _region_patterns()
    words = _region_words()
    counts: Counter[str] = Counter()
    for code, pattern in provinces.items():
        # a province none of whose (plain, case-sensitive) words occurs in the text is not run: each pattern
        # scans the whole head, the English half with look-arounds at every character
        plain = words[code]
        mentioned = plain is None or any(w in head for w in plain)
        counts[code] = (len(pattern.findall(head)) if mentioned else 0) + sum(k.startswith(code.lower()) for k in issuer_keys) * 3
    counts = +counts
    if counts:
        return counts.most_common(1)[0][0]
    if national.search(head):
        return national_code
    return None


@lru_cache(maxsize=1)
def _region_words() -> dict[str, tuple[str, ...] | None]:
    """Each province's words, one of which a match of its pattern holds; None when a word is a regex."""
    out: dict[str, tuple[str, ...] | None] = {}
    for code, words in load("regions")["provinces"].items():
        every = [w for w in [*words["zh"], *words["en"]] if w]
        # an empty list makes an empty alternation, which matches everywhere: such a pattern always runs
        empty = not any(words["zh"]) or not any(words["en"])
        out[code] = None if empty or any(_looks_like_regex(w) for w in every) else tuple(every)
    return out


@lru_cache(maxsize=1)
def _region_patterns() -> tuple[dict[str, re.Pattern[str]], re.Pattern[str], str]:
    data = load("regions")
    provinces = {code: re.compile(alternation(words["zh"], english=False) + "|" + alternation(words["en"], english=True))
                 for code, words in data["provinces"].items()}
    national = data["national"]
    return provinces, re.compile(alternation(national["zh"], english=False) + "|" + alternation(national["en"], english=True)), national["code"]


def issuers(normalised: str, orgs: list[OrgHit], head_end: int, link_spans: list[tuple[int, int]]) -> list[str]:
    """Keys of government bodies named in an issuing sentence of the opening text, else the dominant one."""
    found: list[str] = []
    for org in orgs:
        if not _GOVERNMENT_END.search(org.name) and not org.alias:
            continue
        for start, end in org.spans:
            if start >= head_end or any(a <= start < b for a, b in link_spans):
                continue
            # the issuing verb follows its subject closely: "X issued the plan", "X印发…"
            window = normalised[end : end + 12]
            if _ISSUING.search(window) and org.key not in found:
                found.append(org.key)
    if found:
        return found
    government = [o for o in orgs if o.alias and o.kind == "organisation" and len(o.spans) >= 3]
    return [max(government, key=lambda o: len(o.spans)).key] if government else []

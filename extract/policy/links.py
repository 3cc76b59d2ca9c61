"""References to other policies: document numbers in Chinese and English style, and quoted titles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.policy import cues
from extract.policy.resources import alternation, load

_ZH_NUMBER = re.compile(r"(?P<issuer>[\u4e00-\u9fff]{1,8}?[发办函字令])\s*[〔\[【(（](?P<year>(?:19|20)\d\d)[〕\]】)）]\s*(?P<no>\d{1,4})\s*号")
_EN_NUMBER = re.compile(r"(?P<issuer>(?:[A-Z][A-Za-z]*\s+){1,7}?)\[(?P<year>(?:19|20)\d\d)\]\s*No\.?\s*(?P<no>\d{1,4})")


@dataclass(slots=True)
class LinkHit:
    """A reference before provenance is attached."""

    start: int
    end: int
    relation: str
    doc_number: str | None
    title: str | None


@lru_cache(maxsize=1)
def _issuer_codes() -> dict[str, str]:
    out: dict[str, str] = {}
    for code, names in load("links")["issuer_codes"].items():
        for name in names:
            out[name.lower()] = code
    return out


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern[str]:
    words = load("links")["policy_title_words"]
    zh = alternation(words["zh"], english=False)
    en = "|".join(words["en"])
    return re.compile(rf"《(?P<zh>[^《》]{{2,80}}?{zh}[^《》]{{0,20}})》|[“\"](?P<en>[A-Z][^“”\"]{{5,200}}?\b(?:{en})\b[^“”\"]{{0,40}})[”\"]")


def document_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised number) for every document number, normalised to 国办发〔2023〕37号 style."""
    out = []
    # each pattern needs a character most sentences lack: the regexes run only where it is
    for match in _ZH_NUMBER.finditer(text) if "号" in text else ():
        issuer = match.group("issuer")
        # the lazy issuer run may start with a verb or conjunction ("参照苏政办发"); keep the code only
        trimmed = re.sub(r"^.*(?:参照|根据|按照|依据|落实|贯彻|印发|和|及|与|、)", "", issuer)
        start = match.start() + len(issuer) - len(trimmed)
        out.append((start, match.end(), f"{trimmed}〔{match.group('year')}〕{int(match.group('no'))}号"))
    for match in _EN_NUMBER.finditer(text) if "[" in text else ():
        issuer = match.group("issuer").strip()
        code = _issuer_codes().get(issuer.lower(), issuer)
        start = match.start() + (len(match.group("issuer")) - len(match.group("issuer").lstrip()))
        out.append((start, match.end(), f"{code}〔{match.group('year')}〕{int(match.group('no'))}号"))
    return out


def find_links(text: str, sentence_spans: list[tuple[int, int]], own_title: str | None) -> list[LinkHit]:
    """Policy references, one per cited document; a title next to its number makes one link."""
    hits: list[LinkHit] = []
    for s, e in sentence_spans:
        sentence = text[s:e]
        numbers = document_numbers(sentence)
        quoted = "《" in sentence or "“" in sentence or '"' in sentence  # every title pattern needs one
        titles = [m for m in _title_pattern().finditer(sentence) if not _is_own(m, own_title)] if quoted else []
        if not numbers and not titles:
            continue
        relation = "IMPLEMENTS" if _implements(sentence) else "CITES"
        used: set[int] = set()
        for n_start, n_end, number in numbers:
            title = _nearest_title(titles, n_start)
            span_start = n_start
            if title is not None:
                used.add(title.start())
                span_start = min(n_start, title.start())
            hits.append(LinkHit(s + span_start, s + n_end, relation, number, _title_text(title) if title else None))
        for title in titles:
            if title.start() not in used:
                hits.append(LinkHit(s + title.start(), s + title.end(), relation, None, _title_text(title)))
    return hits


def _is_own(match: re.Match[str], own_title: str | None) -> bool:
    if not own_title:
        return False
    def squash(t: str) -> str:
        return re.sub(r"[\s“”\"《》]", "", t).lower()

    return squash(_title_text(match)) in squash(own_title) or squash(own_title) in squash(_title_text(match))


def _title_text(match: re.Match[str]) -> str:
    return (match.group("zh") or match.group("en")).strip()


def _nearest_title(titles: list[re.Match[str]], position: int) -> re.Match[str] | None:
    before = [t for t in titles if t.end() <= position and position - t.end() <= 6]
    return before[-1] if before else None


def _implements(sentence: str) -> bool:
    lang = "en" if cues.is_english(sentence) else "zh"
    return bool(_implements_pattern(lang).search(sentence))


@lru_cache(maxsize=2)
def _implements_pattern(lang: str) -> re.Pattern[str]:
    words = load("links")["implements_cues"][lang]
    return re.compile(alternation(words, english=lang == "en"), re.I)

"""Place a patent in industrial-chain segments by its IPC codes and by keywords in its title and abstract.

Rules, per segment:
  * IPC: the longest segment prefix that any of the patent's codes falls under wins
    (rule `ipc:H01L21/`). The main IPC (first code unless given) is more telling than the others,
    and a subclass-wide prefix less telling than a group or subgroup.
  * Keywords: the segment's keywords found in the text, or given as already matched concepts
    (rule `keyword:灵巧手,机械手指`). Chinese keywords by substring, English ones on word boundaries.
  * Both: confidences combine as independent evidence, 1 - (1 - a)(1 - b).
  * Keywords alone place a patent in a segment only when its chain is supported: by IPC evidence in
    any segment of the chain, by a concept that names the chain's technology as a whole
    (extract/data/concepts.yaml `chains`: "pharmaceutical composition" beside "compound"), or, for a
    patent without IPC codes, by two distinct keywords of the chain. A keyword alone is too often
    another field's word, and a patent office's classes say which field: a container that is a
    shipping container (B65D), a transformer that is an electrical one (H01F), a contact wafer of a
    connector (H01R) (measured on labelled real patents, bench/RESULTS.md).

A patent can sit in several segments, of one chain or of several. Build one `SegmentIndex` and reuse it:
IPC lookups are cached per distinct code, so a million patents take seconds.
"""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from extract.chains.model import Chain
from extract.ipc import normalize_ipc

MAIN_IPC_CONFIDENCE = 0.85
OTHER_IPC_CONFIDENCE = 0.6
BROAD_PREFIX_PENALTY = 0.15  # a whole subclass (or class) says less than a group
KEYWORD_CONFIDENCE = 0.5
MORE_KEYWORDS_CONFIDENCE = 0.65  # two or more distinct keywords of the same segment

SegmentRef = tuple[str, str]  # (chain id, segment key)
_ENGLISH_TOKEN = re.compile(r"[a-z0-9]+")


class SegmentMatch(NamedTuple):
    """A patent placed in a chain segment, by which rule and how confidently (0-1)."""

    chain_id: str
    segment_key: str
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class IPCHit:
    """A code's match with one segment: the prefix, its rule text, and confidence as main / other code."""

    ref: SegmentRef
    prefix: str
    rule: str
    as_main: float
    as_other: float


@dataclass(slots=True)
class SegmentIndex:
    """Prefix and keyword lookups over a set of chains, built once by `build_index`."""

    prefixes: dict[str, list[SegmentRef]]
    zh_by_bigram: dict[str, list[tuple[str, str, SegmentRef]]]  # first two chars -> (folded, as written, ref)
    zh_bigrams: frozenset[str]
    en_by_phrase: dict[tuple[str, ...], list[tuple[str, SegmentRef]]]
    max_en_words: int
    keyword_owner: dict[str, list[tuple[str, SegmentRef]]]
    chain_concepts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # concept key -> chains it names
    _code_cache: dict[str, tuple[IPCHit, ...]] = field(default_factory=dict)

    def ipc_hits(self, raw_code: str) -> tuple[IPCHit, ...]:
        """The segments one code falls in, with the longest prefix; cached by the code as given."""
        hits = self._code_cache.get(raw_code)
        if hits is None:
            hits = self._lookup(raw_code)
            self._code_cache[raw_code] = hits
        return hits

    def _lookup(self, raw_code: str) -> tuple[IPCHit, ...]:
        code = normalize_ipc(raw_code)
        if not code:
            return ()
        best: dict[SegmentRef, str] = {}
        for prefix in _candidate_prefixes(code):  # shortest first, so longer ones overwrite
            for ref in self.prefixes.get(prefix, ()):
                best[ref] = prefix
        return tuple(
            IPCHit(ref, prefix, f"ipc:{prefix}", _ipc_confidence(prefix, True), _ipc_confidence(prefix, False))
            for ref, prefix in best.items()
        )


def build_index(chains: Mapping[str, Chain], chain_concepts: Mapping[str, Iterable[str]] | None = None) -> SegmentIndex:
    """Index every chain's IPC prefixes and keywords; `chain_concepts` (concept id -> chain ids, default
    the concept vocabulary's) are the concepts that support a chain on their own."""
    prefixes: dict[str, list[SegmentRef]] = {}
    zh: dict[str, list[tuple[str, str, SegmentRef]]] = {}
    en: dict[tuple[str, ...], list[tuple[str, SegmentRef]]] = {}
    owner: dict[str, list[tuple[str, SegmentRef]]] = {}
    for chain in chains.values():
        for segment in chain.segments:
            ref = (chain.id, segment.key)
            for prefix in segment.all_ipc:
                _add_once(prefixes.setdefault(prefix, []), ref)
            for word in segment.keywords_zh + segment.keywords_en:
                folded = _fold(word)
                _add_once(owner.setdefault(_concept_key(word), []), (word, ref))
                if folded.isascii():  # "NPU", "SoC" in a Chinese list still need word boundaries
                    _add_once(en.setdefault(tuple(_english_words(folded)), []), (word, ref))
                else:
                    _add_once(zh.setdefault(folded[:2], []), (folded, word, ref))
    max_words = max((len(k) for k in en), default=0)
    if chain_concepts is None:
        from extract.nlp.patterns import concept_chains  # lazy: the vocabulary file is read on first use

        chain_concepts = concept_chains()
    supports = {_concept_key(c): tuple(ids) for c, ids in chain_concepts.items() if ids}
    return SegmentIndex(prefixes, zh, frozenset(zh), en, max_words, owner, supports)


def classify(
    ipc_codes: Sequence[str],
    text: str | None = None,
    *,
    concepts: Iterable[str] = (),
    main_ipc: str | None = None,
    index: SegmentIndex | Mapping[str, Chain],
    min_confidence: float = 0.0,
    require_support: bool = True,
) -> list[SegmentMatch]:
    """The segments a patent belongs to, most confident first.

    `ipc_codes` in any written form (compact is fastest); `text` is title and abstract; `concepts` are
    keywords already found by another matcher. Passing chains instead of an index builds one per call.
    """
    if not isinstance(index, SegmentIndex):
        index = build_index(index)
    ipc_best = _ipc_evidence(index, ipc_codes, main_ipc)
    concepts = list(concepts)
    keywords = _keyword_evidence(index, text, concepts) if text or concepts else {}
    if require_support and keywords:
        supported = _supported_chains(index, ipc_best, keywords, concepts, classified=bool(ipc_codes))
        keywords = {ref: words for ref, words in keywords.items() if ref in ipc_best or ref[0] in supported}
    matches: list[SegmentMatch] = []
    for ref, (confidence, hit) in ipc_best.items():
        rule = hit.rule
        if ref in keywords:
            rule, confidence = _combine(rule, confidence, keywords.pop(ref))
        if confidence >= min_confidence:
            matches.append(SegmentMatch(ref[0], ref[1], rule, confidence))
    for ref, words in keywords.items():
        rule, confidence = _combine("", 0.0, words)
        if confidence >= min_confidence:
            matches.append(SegmentMatch(ref[0], ref[1], rule, confidence))
    if len(matches) > 1:
        matches.sort(key=lambda m: (-m.confidence, m.chain_id, m.segment_key))
    return matches


def _supported_chains(index: SegmentIndex, ipc_best: Mapping[SegmentRef, object],
                      keywords: Mapping[SegmentRef, set[str]], concepts: Iterable[str], *, classified: bool) -> set[str]:
    """Chains with IPC evidence, or a concept naming the chain, or (for a patent without IPC codes, whose
    office classification cannot say it is another field's) two distinct keywords of the chain."""
    supported = {ref[0] for ref in ipc_best}
    if not classified:
        words: dict[str, set[str]] = {}
        for (chain_id, _key), found in keywords.items():
            words.setdefault(chain_id, set()).update(_concept_key(w) for w in found)
        supported.update(chain_id for chain_id, found in words.items() if len(found) >= 2)
    for concept in concepts:
        supported.update(index.chain_concepts.get(_concept_key(concept), ()))
    return supported


def _combine(ipc_rule: str, ipc_confidence: float, words: set[str]) -> tuple[str, float]:
    """Rule text and confidence once keyword evidence is added to IPC evidence (noisy-or)."""
    keyword_rule = "keyword:" + ",".join(sorted(words, key=lambda w: (-len(w), w)))
    keyword_confidence = MORE_KEYWORDS_CONFIDENCE if len(words) > 1 else KEYWORD_CONFIDENCE
    confidence = round(1.0 - (1.0 - ipc_confidence) * (1.0 - keyword_confidence), 4)
    return (f"{ipc_rule};{keyword_rule}" if ipc_rule else keyword_rule), confidence


def find_keywords(index: SegmentIndex, text: str) -> dict[SegmentRef, set[str]]:
    """Segment keywords present in `text`: Chinese by substring, English on word boundaries."""
    found: dict[SegmentRef, set[str]] = {}
    folded = _fold(text)
    # The text's bigrams that start some keyword, computed in C; then a substring test per candidate.
    for bigram in index.zh_bigrams.intersection(map(operator.add, folded, folded[1:])):
        for word, written, ref in index.zh_by_bigram[bigram]:
            if word in folded:
                found.setdefault(ref, set()).add(written)
    if index.max_en_words:
        words = _english_words(folded)
        phrases = index.en_by_phrase
        for i in range(len(words)):
            for n in range(1, min(index.max_en_words, len(words) - i) + 1):
                for word, ref in phrases.get(tuple(words[i : i + n]), ()):
                    found.setdefault(ref, set()).add(word)
    return found


def _ipc_evidence(
    index: SegmentIndex, codes: Sequence[str], main_ipc: str | None
) -> dict[SegmentRef, tuple[float, IPCHit]]:
    best: dict[SegmentRef, tuple[float, IPCHit]] = {}
    main = main_ipc if main_ipc is not None else (codes[0] if codes else None)
    extra = [main_ipc] if main_ipc is not None and main_ipc not in codes else []
    for code in list(codes) + extra:
        is_main = code == main
        for hit in index.ipc_hits(code):
            confidence = hit.as_main if is_main else hit.as_other
            current = best.get(hit.ref)
            if current is None or (confidence, len(hit.prefix)) > (current[0], len(current[1].prefix)):
                best[hit.ref] = (confidence, hit)
    return best


def _ipc_confidence(prefix: str, is_main: bool) -> float:
    base = MAIN_IPC_CONFIDENCE if is_main else OTHER_IPC_CONFIDENCE
    return base - BROAD_PREFIX_PENALTY if "/" not in prefix else base


def _keyword_evidence(
    index: SegmentIndex, text: str | None, concepts: Iterable[str]
) -> dict[SegmentRef, set[str]]:
    found = find_keywords(index, text) if text else {}
    for concept in concepts:
        for word, ref in index.keyword_owner.get(_concept_key(concept), ()):
            found.setdefault(ref, set()).add(word)
    return found


def _concept_key(word: str) -> str:
    folded = _fold(word)
    return " ".join(_english_words(folded)) if folded.isascii() else folded


def _candidate_prefixes(code: str) -> list[str]:
    """Every prefix shape a compact code can fall under, shortest first."""
    out = [code[:1], code[:3], code[:4]]
    head, slash, sub = code.partition("/")
    if slash:
        out.append(head + "/")
        out.extend(f"{head}/{sub[:k]}" for k in range(2, len(sub) + 1))
    return out


def _fold(text: str) -> str:
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.casefold()


def _english_words(text: str) -> list[str]:
    # A light plural fold keeps "sensors" matching "sensor" without a stemmer.
    return [
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in _ENGLISH_TOKEN.findall(text)
    ]


_T = TypeVar("_T")


def _add_once(items: list[_T], item: _T) -> None:
    if item not in items:
        items.append(item)

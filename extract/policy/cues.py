"""Sentence-level cues read from the `innograph_cues` SpanRuler's spans (doc.spans["cues"]).

Is a sentence led by a policy verb, does it report the past, does it look ahead, is it a preamble.
All take spaCy spans; `CueIndex` (built once per doc) finds the cues inside a span by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from extract.nlp.rulers import ruler_spans
from extract.policy.script import latin_count

_EN_WINDOW = 10  # tokens after the sentence start (or its leading adverbial) in which the verb must appear
_ZH_WINDOW = 10  # characters after a clause's start (after its prefixes) in which the verb must appear
_FUTURE_MODALS = {"will", "shall", "must", "should", "to"}
_MODALS = {"will", "shall", "should", "must", "can", "may", "to", "and", "or", "we", "they", "also", "further",
           "actively", "jointly", "fully"}
_GERUND_HOSTS = {"include", "includes", "including", "included", "by", "through", "via", "on", "and"}
_PASSIVE_HOSTS = {"be", "been", "is", "are", "being"}
_ZH_CLAUSE_BREAK = {",", "，", ";", "；", ":", "：", "、"}
_CLAUSE_PUNCT = {",", "，", ";", "；", ":", "："}
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def is_english(text: str) -> bool:
    """More Latin letters than Han characters."""
    latin = latin_count(text)
    return latin > 0 and latin > sum(map(len, _HAN_RUN.findall(text)))  # Han counted only when it can matter


def text_of(doc: Doc) -> str:
    """The doc's text, built once (`Doc.text` joins every token on each access)."""
    text = doc.user_data.get("innograph_text")
    if text is None:
        text = doc.user_data["innograph_text"] = doc.text
    return text


def span_text(span: Span) -> str:
    """`span.text` from the cached doc text."""
    return text_of(span.doc)[span.start_char : span.end_char]


# Per-token Python objects (`doc[i]`) cost more than the rules that read them: the rules read token texts
# and offsets from lists made once per doc.
def token_texts(doc: Doc) -> list[str]:
    """The text of every token (the tokenizer's words when it left them, else read once)."""
    words = doc.user_data.get("innograph_words")
    if words is None:
        words = doc.user_data["innograph_words"] = [t.text for t in doc]
    return words


def token_starts(doc: Doc) -> list[int]:
    """The character offset of every token, read once."""
    starts = doc.user_data.get("innograph_token_starts")
    if starts is None:
        starts = doc.user_data["innograph_token_starts"] = doc.to_array("IDX").tolist()
    return starts


def sentences_in(span: Span) -> list[Span]:
    """The non-blank sentences inside a span (sentence starts set by the layout component); the same list
    for the same tokens (measures and targets both read every segment's sentences)."""
    doc = span.doc
    cache = doc.user_data.setdefault("innograph_sentences", {})
    found = cache.get((span.start, span.end))
    if found is None:
        found = cache[(span.start, span.end)] = _sentences(doc, span.start, span.end)
    return list(found)


def _sentences(doc: Doc, span_start: int, span_end: int) -> list[Span]:
    return [Span(doc, start, end) for start, end, _chars in _sentence_ranges(doc, span_start, span_end)]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of every non-blank sentence of the doc (no Span made)."""
    return [chars for _start, _end, chars in _sentence_ranges(doc, 0, len(doc))]


def _sentence_ranges(doc: Doc, span_start: int, span_end: int) -> list[tuple[int, int, tuple[int, int]]]:
    """Token start, end and character span of the non-blank sentences within tokens [span_start, span_end)."""
    starts = doc.user_data.get("innograph_sentence_starts")
    if starts is None:
        starts = doc.user_data["innograph_sentence_starts"] = [t.i for t in doc if t.is_sent_start]
    text = text_of(doc)
    chars, words = token_starts(doc), token_texts(doc)
    out = []
    i = max(0, bisect_left(starts, span_start + 1) - 1)
    while i < len(starts) and starts[i] < span_end:
        start = max(starts[i], span_start)
        end = min(starts[i + 1] if i + 1 < len(starts) else len(doc), span_end)
        if end > start:
            bounds = (chars[start], chars[end - 1] + len(words[end - 1]))  # Span.start_char, Span.end_char
            if text[bounds[0] : bounds[1]].strip():
                out.append((start, end, bounds))
        i += 1
    return out


class CueIndex:
    """The cue spans of one doc by label, sorted by start token, for fast look-ups inside spans."""

    @classmethod
    def of(cls, doc: Doc, key: str = "cues") -> "CueIndex":
        """The doc's index of span group `key`, built once."""
        cache = doc.user_data.setdefault("innograph_cue_index", {})
        if key not in cache:
            cache[key] = cls(doc, key)
        return cache[key]

    def __init__(self, doc: Doc, key: str = "cues") -> None:
        # token offsets kept in lists beside the spans: look-ups compare ints, not Span properties
        by_label: dict[str, list[tuple[int, int, Span]]] = defaultdict(list)
        # the ruler's own Spans when it kept them: iterating the group would make a new Span per cue
        kept = ruler_spans(doc, key)
        spans: Iterable[Span] = kept if kept is not None else (doc.spans[key] if key in doc.spans else ())
        for span in spans:
            by_label[span.label_].append((span.start, span.end, span))
        self._spans: dict[str, list[Span]] = {}
        self._starts: dict[str, list[int]] = {}
        self._ends: dict[str, list[int]] = {}
        self._at: dict[tuple[str, int], list[Span]] = {}
        for label, entries in by_label.items():
            entries.sort(key=lambda e: (e[0], -e[1]))  # stable: equal spans keep the group's order
            self._spans[label] = [e[2] for e in entries]
            self._starts[label] = [e[0] for e in entries]
            self._ends[label] = [e[1] for e in entries]
            for start, _end, span in entries:
                self._at.setdefault((label, start), []).append(span)
        self.doc = doc

    def _range(self, label: str, start: int, end: int) -> range:
        """Positions in the label's lists of the cues starting within tokens [start, end)."""
        starts = self._starts[label]
        first = bisect_left(starts, start)
        return range(first, bisect_left(starts, end, first))

    def inside(self, label: str, start: int, end: int) -> list[Span]:
        """Cues of `label` that lie within tokens [start, end)."""
        if label not in self._spans:
            return []
        spans, ends = self._spans[label], self._ends[label]
        return [spans[i] for i in self._range(label, start, end) if ends[i] <= end]

    def at(self, label: str, start: int) -> list[Span]:
        """Cues of `label` starting at token `start`, longest first."""
        return self._at.get((label, start), [])

    def ending_at(self, label: str, end: int, lookback: int = 8) -> list[Span]:
        """Cues of `label` ending at token `end` (starting at most `lookback` tokens before)."""
        if label not in self._spans:
            return []
        spans, ends = self._spans[label], self._ends[label]
        return [spans[i] for i in self._range(label, max(0, end - lookback), end) if ends[i] == end]

    def has(self, label: str, span: Span | tuple[int, int]) -> bool:
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        if label not in self._spans:
            return False
        ends = self._ends[label]
        return any(ends[i] <= end for i in self._range(label, start, end))


def lead_verb(cues: CueIndex, sentence: Span) -> tuple[str, int] | None:
    """The policy verb (base form) leading the sentence and its character offset in the doc, or None.

    'Leading' means near the start of the sentence or of one of its first clauses, so that
    descriptive sentences which merely mention a verb deep inside do not count. Past reports
    ("has built", 已建成, 去年) before the verb make the sentence a record, not a measure.
    """
    text = span_text(sentence).rstrip()
    if not text or text.endswith(("?", "？")):
        return None
    found = _lead_verb_en(cues, sentence) if is_english(text) else _lead_verb_zh(cues, sentence)
    if found is None:
        return None
    verb, offset = found
    before = (sentence.start, _token_at(sentence, offset))
    if cues.has("PAST", before):
        return None
    return found


def _token_at(span: Span, char: int) -> int:
    """The first token of the span starting at or after `char` (the span's end when none does)."""
    return bisect_left(token_starts(span.doc), char, span.start, span.end)


def _verb_at(cues: CueIndex, i: int, char: int, sentence: Span) -> str | None:
    """The policy verb starting at token `i` (at character `char`), unless it stands in quotes."""
    spans = cues.at("POLICY_VERB", i)
    if not spans or _quoted(char, sentence):
        return None
    return spans[0].id_


def _quoted(char: int, sentence: Span) -> bool:
    """Inside quotation marks: a name or a slogan (“宣传内容新”), not an action."""
    before = text_of(sentence.doc)[sentence.start_char : char]
    return before.count("“") > before.count("”") or before.count("「") > before.count("」")


def _acts(doc: Doc, token: Token, sentence: Span) -> bool:
    """An English policy verb used as an action, not as an adjective or a past report."""
    word = token.lower_
    prev = doc[token.i - 1] if token.i > sentence.start else None
    prev_word = prev.lower_ if prev is not None else ""
    if word.endswith("ing"):
        return prev is None or prev_word in _GERUND_HOSTS or prev.is_punct
    if word.endswith("ed") or word == "built":
        return prev_word in _PASSIVE_HOSTS
    if word.endswith("s") and not word.endswith("ss"):
        return True  # third person present: "the plan supports ..."
    return prev is None or prev_word in _MODALS or prev.is_punct or bool(token.is_sent_start)  # None: unknown


def _lead_verb_en(cues: CueIndex, sentence: Span) -> tuple[str, int] | None:
    doc = sentence.doc
    commas = [i + 1 for i in range(sentence.start, min(sentence.start + 12, sentence.end)) if doc[i].text == ","]
    starts = [sentence.start, *commas[-1:]]
    if cues.at("SUBORDINATE", sentence.start):  # "The purpose is to ...", "In order to ..., we will ..."
        starts = commas[-1:]
    for start in starts:  # the sentence start, then after a leading adverbial ("In terms of X, ...")
        for i in range(start, min(start + _EN_WINDOW, sentence.end)):
            base = _verb_at(cues, i, doc[i].idx, sentence)
            if base is not None and _acts(doc, doc[i], sentence):
                return base, doc[i].idx
    # "An X mechanism will be established": a future passive anywhere early in the sentence
    for i in range(sentence.start + 2, min(sentence.start + 25, sentence.end)):
        base = _verb_at(cues, i, doc[i].idx, sentence)
        if base is not None and doc[i - 1].lower_ == "be" and doc[i - 2].lower_ in _FUTURE_MODALS:
            return base, doc[i].idx
    return None


def _clause_breaks(doc: Doc) -> list[int]:
    """Indices of the doc's clause punctuation tokens, found once."""
    breaks = doc.user_data.get("innograph_clause_breaks")
    if breaks is None:
        breaks = doc.user_data["innograph_clause_breaks"] = [
            i for i, word in enumerate(token_texts(doc)) if word in _CLAUSE_PUNCT]
    return breaks


def tokens_at(doc: Doc, chars: re.Pattern[str], words: set[str] | None = None) -> list[int]:
    """Indices, in order, of the tokens that start inside a match of `chars` in the doc's text (and, given
    `words`, are one of them): the regex scans the text in C, and only its few hits are looked up among
    the token starts, where a Python test of every token would cost more than the rules that use them."""
    starts, texts = token_starts(doc), token_texts(doc)
    out: list[int] = []
    i, count = 0, len(starts)
    for match in chars.finditer(text_of(doc)):
        i = bisect_left(starts, match.start(), i)
        while i < count and starts[i] < match.end():
            if words is None or texts[i] in words:
                out.append(i)
            i += 1
    return out


def _clauses(sentence: Span) -> list[tuple[int, int]]:
    """Token ranges of the clauses of a Chinese sentence (split at commas, semicolons, colons)."""
    out, start = [], sentence.start
    breaks = _clause_breaks(sentence.doc)
    for i in breaks[bisect_left(breaks, sentence.start) : bisect_left(breaks, sentence.end)]:
        out.append((start, i))
        start = i + 1
    out.append((start, sentence.end))
    return [(s, e) for s, e in out if e > s]


def _lead_verb_zh(cues: CueIndex, sentence: Span) -> tuple[str, int] | None:
    starts = token_starts(sentence.doc)
    clauses = _clauses(sentence)
    for number, (start, end) in enumerate(clauses[:3]):
        lead = start
        while lead < end:
            prefixes = cues.at("CLAUSE_PREFIX", lead)
            if not prefixes:
                break
            lead = prefixes[0].end
        # "为…, …": a purpose or condition clause before the main clause carries no action of its own
        if number + 1 < len(clauses) and cues.at("SUBORDINATE", start) and lead == start:
            continue
        if lead >= end:
            continue
        lead_char = starts[lead]
        for i in range(lead, end):
            if starts[i] - lead_char >= _ZH_WINDOW:
                break
            base = _verb_at(cues, i, starts[i], sentence)
            if base is not None:
                return base, starts[i]
    return None


def is_preamble(cues: CueIndex, span: Span) -> bool:
    """The text says why the plan was made ("this plan is formulated", 特制定本方案)."""
    return cues.has("PREAMBLE", span)


def reports_past(cues: CueIndex, span: Span) -> bool:
    """The text carries a past-report marker (截至, 去年, "has", "over the past")."""
    return cues.has("PAST", span)


def looks_future(cues: CueIndex, span: Span) -> bool:
    """The text carries a future or target marker (到2025年, "by 2025", "will", 力争)."""
    return cues.has("FUTURE", span)


def is_courtesy(cues: CueIndex, sentence: Span) -> bool:
    """A speaker's thanks, greeting or hand-over ("谢谢你的提问。", "Welcome to this press conference")."""
    found = cues.inside("COURTESY", sentence.start, min(sentence.end, sentence.start + 6))
    return bool(found)

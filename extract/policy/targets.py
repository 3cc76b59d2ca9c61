"""The `innograph_targets` component: quantified goals ("不低于20%", "reaching 80 billion yuan", "build 50 data sets").

Per sentence of every non-heading segment, from the cue spans (doc.spans["cues"]): a value is a number
token with a UNIT after it (a SCALE may sit between), a CURRENCY before it with a SCALE after it
("RMB 15 billion"), a money unit with no number before a class word (万亿元级), or an English count
(a number, up to four modifier words and a counted head noun: "50 high-quality data sets"). Its
comparator is a POSTFIX after the value, else the nearest COMPARATOR ending right before the number
(a FILLER such as "a scale of" may stand between), else a policy verb governing the number ("打造5个",
"build 50": a level to reach), else a share with a stated deadline reads as a level to reach.
A sentence that reports the past holds no target; a target needs a future marker in its sentence or
its context (paragraph lead, section, an earlier deadline of the same paragraph or section).
Writes doc.spans["targets"] (label = comparator) with metric, comparator, value, unit, normalised
value and unit, value in CNY, baseline, deadline and confidence extensions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from extract.policy import cues as cue
from extract.policy.cues import CueIndex, sentences_in, span_text, text_of, token_texts, tokens_at
from extract.policy.resources import load

_NUMBER = re.compile(r"^\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_YEAR = re.compile(r"(20\d\d)")
_DIGITS = re.compile(r"\d+")  # a number token starts inside a run of digits
_CLAUSE_BREAK = re.compile(r"[,，;；:：]|\b(?:with|and|while|where|that)\b", re.I)
_METRIC_TRIM = re.compile(r"^(?:\s|the\b|a\b|an\b|its\b|their\b|of\b|that\b|by\s+20\d\d\b|到20\d\d年|力争|争取|确保)+", re.I)
_METRIC_END = re.compile(r"[,，;；:：。.!?！？()（）]|\b(?:to|in|and|with|for|of|each|by|which|that|is|are|will)\b", re.I)
_ZH_NOUN_END = re.compile(r"[,，;；:：。!?！？()（）、]|和|及|与|等|的")
_DATE_WORDS = ("年", "月", "日", "号", "届", "次会议", "年度", "周年")
_MONEY_UNIT = "billion yuan"
_COMPARATOR_GAP = {"的", "为", "a", "an", "the", "about", "around", "nearly", "近", "约"}
_CLASS_WORDS = {"级", "级别", "级的"}
_MAX_MODIFIERS = 4


@dataclass(slots=True)
class Value:
    start: int  # first token of the value (number, or currency)
    end: int  # token after the value (after the unit)
    number_token: int
    value: float
    unit: dict[str, Any]
    scale: float
    metric_after: str | None  # a count's noun phrase, which names what is counted
    level: bool = False  # "5000亿元级别的X": the value is a class X is to reach


@lru_cache(maxsize=1)
def _units() -> dict[str, dict[str, Any]]:
    return {u["unit"]: u for u in load("targets")["units"]}


@lru_cache(maxsize=1)
def _counted() -> dict[str, str]:
    out = {}
    for unit, words in load("targets")["counted"].items():
        out.update({w: unit for w in words})
    return out


def find_targets(doc: Doc, cues: CueIndex, period_end: int | None = None) -> list[Span]:
    """Target spans in document order (see the module docstring)."""
    out: list[Span] = []
    section_deadline: dict[str | None, int] = {}
    for part in doc.spans["segments"] if "segments" in doc.spans else ():
        if part.label_ == "heading":
            continue
        sentences = sentences_in(part)
        if not sentences:
            continue
        heading = part._.heading
        context = [s for s in (heading, sentences[0]) if s is not None]
        future_context = any(cue.looks_future(cues, c) for c in context) and not any(cue.reports_past(cues, c) for c in context)
        carried = section_deadline.get(part._.section)
        for c in context:
            carried = deadline(c) or carried
        for sentence in sentences:
            stated = deadline(sentence)
            if cue.reports_past(cues, sentence):
                continue
            if stated is None and not (cue.looks_future(cues, sentence) or future_context or carried):
                continue
            previous: Span | None = None
            for value in _values(doc, cues, sentence):
                found = _comparator(doc, cues, sentence, value, stated or carried)
                if found is None:
                    found = _inherited(doc, cues, previous, value)
                if found is None or _is_range(doc, sentence, value):
                    continue
                previous = _target(doc, sentence, value, *found, stated or carried)
                out.append(previous)
            carried = stated or carried
        if carried:
            section_deadline[part._.section] = carried
    return out


def deadline(span: Span) -> int | None:
    """The year of the span's first deadline phrase ("by 2025", 到2025年, 2025年前), or None."""
    for hit in CueIndex.of(span.doc).inside("FUTURE", span.start, span.end):
        year = _YEAR.search(span_text(hit))
        if year:
            return int(year.group(1))
    return None


def _number_tokens(doc: Doc) -> tuple[list[int], frozenset[int]]:
    """The indices of the doc's number tokens, sorted and as a set, found once per doc (a Token object and a
    regex match per token of every sentence cost more than the rest of the target rules)."""
    found = doc.user_data.get("innograph_number_tokens")
    if found is None:
        # a number token starts at a digit: only tokens starting at one are tested
        words = token_texts(doc)
        indices = [i for i in tokens_at(doc, _DIGITS) if _NUMBER.match(words[i])]
        found = doc.user_data["innograph_number_tokens"] = (indices, frozenset(indices))
    return found


def _values(doc: Doc, cues: CueIndex, sentence: Span) -> list[Value]:
    units = _units()
    out: list[Value] = []
    used: set[int] = set()
    number_list, numbers = _number_tokens(doc)
    for unit_span in cues.inside("UNIT", sentence.start, sentence.end):
        if unit_span.start in used:
            continue
        info = units[unit_span.id_]
        i = unit_span.start - 1
        scale = 1.0
        scales = cues.ending_at("SCALE", unit_span.start, 2) if i >= sentence.start else []
        if scales and i not in numbers:
            scale = float(load("targets")["scales"][scales[0].id_])
            i = scales[0].start - 1
        level = info["kind"] == "money" and unit_span.end < sentence.end and doc[unit_span.end].text in _CLASS_WORDS
        if i >= sentence.start and i in numbers:
            if _is_date(doc, unit_span) or any(v.number_token == i for v in out):
                continue
            used.add(unit_span.start)
            after = _class_noun(doc, unit_span) if level else _noun_after(doc, unit_span, info)
            out.append(Value(i, unit_span.end, i, _float(doc[i].text), info, scale, after, level))
        elif level:
            used.add(unit_span.start)  # 万亿元级别: an industry of the trillion-yuan class
            out.append(Value(unit_span.start, unit_span.end, unit_span.start, 1.0, info, 1.0,
                             _class_noun(doc, unit_span), True))
    first = bisect_left(number_list, sentence.start)
    for i in number_list[first : bisect_left(number_list, sentence.end, first)]:
        if any(v.number_token == i for v in out):
            continue
        value = (_currency_value(doc, cues, sentence, i) or _count_value(doc, sentence, i)
                 or _number_of(doc, cues, sentence, i))
        if value is not None:
            out.append(value)
    out.sort(key=lambda v: v.start)
    return out


def _float(text: str) -> float:
    return float(text.replace(",", "").replace("，", ""))


def _is_date(doc: Doc, unit_span: Span) -> bool:
    after = text_of(doc)[unit_span.end_char : unit_span.end_char + 3].lstrip()
    return unit_span.text in {"年", "月"} or after.startswith(_DATE_WORDS) and unit_span.text in {"个"}


def _currency_value(doc: Doc, cues: CueIndex, sentence: Span, i: int) -> Value | None:
    # "RMB 15 billion", "¥5 million": the currency before, a scale word after, no unit word
    if i == sentence.start or not cues.ending_at("CURRENCY", i, 2):
        return None
    scales = cues.at("SCALE", i + 1) if i + 1 < sentence.end else []
    scale_word = scales[0].id_ if scales else None
    if scale_word is None or not scale_word.isascii():
        return None
    unit = _units().get(f"{scale_word} yuan")
    if unit is None:
        return None
    currency = cues.ending_at("CURRENCY", i, 2)[0]
    return Value(currency.start, scales[0].end, i, _float(doc[i].text), unit, 1.0, None)


def _count_value(doc: Doc, sentence: Span, i: int) -> Value | None:
    # an English count: a number, up to four modifiers, a plural head noun ("more than 15 vertical models")
    digits = doc[i].text.replace(",", "")
    if not digits.isdigit() or len(doc[i].text) == 4 and doc[i].text.startswith(("19", "20")):
        return None  # a decimal is no count; a bare 19xx/20xx is a year
    words: list[int] = []
    for j in range(i + 1, min(i + 3 + _MAX_MODIFIERS, sentence.end)):
        token = doc[j]
        if token.text == "-" and words:  # "high-quality": spaCy splits the hyphen off
            continue
        if not (token.is_alpha or "-" in token.text) or token.is_stop or token.is_punct:
            break
        words.append(j)
    heads = [j for j in words if _plural(doc[j].lower_)]
    if not heads:
        return None
    head = heads[0]
    kind = _counted().get(doc[head].lower_, "items")
    unit = {"unit": kind, "kind": "count", "factor": 1.0, "normalised_unit": kind}
    metric = doc[i + 1 : head + 1].text
    return Value(i, head + 1, i, _float(doc[i].text), unit, 1.0, metric)


_NUMBER_OF = re.compile(r"\bnumber of ((?:[\w-]+ ){0,4}?[\w-]+?)(?= (?:in|at|of|will|to|shall|is|are|with)\b| *$)", re.I)


def _number_of(doc: Doc, cues: CueIndex, sentence: Span, i: int) -> Value | None:
    # "the number of X ... surpassing 35": a bare number after a comparator counts the X named before
    if i + 1 < sentence.end and doc[i + 1].is_alpha or not cues.ending_at("COMPARATOR", i, 4):
        return None
    head = text_of(doc)[sentence.start_char : doc[i].idx]
    counted = list(_NUMBER_OF.finditer(head))
    if not counted:
        return None
    noun = counted[-1].group(1).strip()
    kind = _counted().get(noun.split()[-1].lower(), "items")
    unit = {"unit": kind, "kind": "count", "factor": 1.0, "normalised_unit": kind}
    return Value(i, i + 1, i, _float(doc[i].text), unit, 1.0, noun)


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))


def _class_noun(doc: Doc, unit_span: Span) -> str | None:
    """What is of the class in "5000亿元级别的产业集群": the noun after the class word."""
    rest = text_of(doc)[unit_span.end_char : unit_span.end_char + 40]
    rest = re.sub(r"^(?:级别|级)的?", "", rest)
    end = re.search(r"[,，;；:：。!?！？()（）、\d]|和|及|与", rest)
    noun = rest[: end.start() if end else len(rest)].strip()
    return noun or None


def _noun_after(doc: Doc, unit_span: Span, info: dict[str, Any]) -> str | None:
    """What a count counts, when the counted noun follows its measure word (5个人工智能产业园区)."""
    if info["kind"] != "count" and not (info["unit"] == "%" and unit_span.text.isalpha()):
        return None
    rest = text_of(doc)[unit_span.end_char : unit_span.end_char + 40]
    if info["kind"] == "count":
        end = _ZH_NOUN_END.search(rest)
        noun = rest[: end.start() if end else len(rest)].strip()
        return noun if len(noun) >= 2 and not noun[0].isdigit() else None
    end = _METRIC_END.search(rest)  # "a 90 percent adoption rate for ..."
    noun = rest[: end.start() if end else len(rest)].strip()
    return noun if noun and noun[0].isalpha() else None


def _comparator(doc: Doc, cues: CueIndex, sentence: Span, value: Value, deadline_year: int | None) -> tuple[str, int] | None:
    """(comparator, character offset where the metric ends) or None when the value is no target."""
    if value.end < sentence.end:
        postfix = cues.at("POSTFIX", value.end)
        if postfix:
            return postfix[0].id_, doc[value.start].idx
    # the nearest comparator ending right before the number (fillers and a currency may stand between)
    end = value.start
    while end > sentence.start and (doc[end - 1].lower_ in _COMPARATOR_GAP or cues.ending_at("FILLER", end, 4)
                                    or cues.ending_at("CURRENCY", end, 2)):
        filler = cues.ending_at("FILLER", end, 4) or cues.ending_at("CURRENCY", end, 2)
        end = filler[0].start if filler else end - 1
    comparators = cues.ending_at("COMPARATOR", end, 4)
    if comparators:
        best = max(comparators, key=lambda s: len(s))
        return best.id_, best.start_char
    verbs = cues.ending_at("POLICY_VERB", end, 3)
    if verbs and value.unit["kind"] in {"count", "compute", "ratio"}:
        return "reach", verbs[0].start_char
    if value.level and cues.has("POLICY_VERB", sentence):
        return "reach", doc[value.start].idx  # 培育形成…万亿元级别…高地: an industry of that class
    if value.unit["unit"] == "%" and deadline_year and value.unit["kind"] == "ratio":
        return "reach", doc[value.start].idx
    return None


def _inherited(doc: Doc, cues: CueIndex, previous: Span | None, value: Value) -> tuple[str, int] | None:
    """A value listed after a target of the same unit shares its comparator (达5000亿元级…、3000亿元级…)."""
    if previous is None or previous._.unit != value.unit["unit"]:
        return None
    between = (previous.end, value.start)
    if cues.has("COMPARATOR", between) or cues.has("POLICY_VERB", between):
        return None
    return previous._.comparator, doc[value.start].idx


def _is_range(doc: Doc, sentence: Span, value: Value) -> bool:
    before = text_of(doc)[max(sentence.start_char, doc[value.start].idx - 40) : doc[value.start].idx].lower()
    if re.search(r"\b(?:from|between)\s+[\d,.]+\s*\w*\s*\w*\s*(?:to|and)\s*$", before) or re.search(r"\d\s*[^\d\s]?\s*[至—~\-到]\s*$", before):
        return True
    after = text_of(doc)[doc[value.end - 1].idx + len(doc[value.end - 1].text) :][:3]
    return bool(re.match(r"\s*[—~-]\s*\d", after)) or bool(re.match(r"\s*(?:至|到)\s*\d", text_of(doc)[doc[value.number_token].idx + len(doc[value.number_token].text) :][:4]))


def _target(doc: Doc, sentence: Span, value: Value, comparator: str, metric_end: int, deadline_year: int | None) -> Span:
    info = value.unit
    scale = value.scale
    value_cny = normalised_value = None
    normalised_unit = None
    if info["kind"] == "money":
        value_cny = value.value * scale * info["factor_cny"]
        normalised_value, normalised_unit = value_cny / 1e9, _MONEY_UNIT
    elif info["kind"] == "count":
        normalised_value, normalised_unit = value.value * scale * info["factor"], info["normalised_unit"]
    else:
        normalised_value, normalised_unit = value.value, info["unit"]
    span = Span(doc, value.start, value.end, label=comparator)
    before = _metric(text_of(doc)[sentence.start_char : metric_end]) if metric_end < doc[value.start].idx else ""
    if value.level and value.metric_after:
        span._.metric = f"{before} {value.metric_after}".strip()  # 营收规模 of the 产业集群 class
    else:
        span._.metric = value.metric_after or before or _metric(text_of(doc)[sentence.start_char : metric_end])
    span._.comparator = comparator
    span._.value = value.value * (scale if info["kind"] != "money" and scale != 1.0 else 1.0)
    span._.unit = info["unit"]
    span._.normalised_value = normalised_value
    span._.normalised_unit = normalised_unit
    span._.value_cny = value_cny
    span._.baseline = _baseline(text_of(doc)[sentence.start_char : doc[value.start].idx])
    span._.deadline = deadline_year
    span._.sentence_span = (sentence.start_char, sentence.end_char)
    span._.confidence = 0.8 if deadline_year else 0.6
    return span


def _metric(head: str) -> str:
    breaks = list(_CLAUSE_BREAK.finditer(head))
    metric = head[breaks[-1].end() :] if breaks else head
    if len(metric.strip()) < 2 and len(breaks) >= 2:
        metric = head[breaks[-2].end() : breaks[-1].start()]
    metric = re.split(r"(?:由|从|\bfrom\b)\s*[\d.,]+", metric)[0]  # the baseline is not part of the metric
    metric = _METRIC_TRIM.sub("", metric.strip())
    metric = re.sub(r"(?:\s+(?:reach(?:es|ing)?|will|be|is|are|to|see|sees|a|an|the|achieve|expected|likely))+$", "",
                    metric.strip(), flags=re.I)
    return metric.strip(" ,，")


def _baseline(before: str) -> float | None:
    found = re.search(r"(?:from|由|从)\s*(\d+(?:\.\d+)?)\s*[^\d]{0,12}?(?:to|提高到|增加到|提升至|增至|到)\s*$", before[-40:], re.I)
    return float(found.group(1)) if found else None

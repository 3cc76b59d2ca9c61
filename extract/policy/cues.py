"""Sentence-level cues: is a sentence led by a policy verb, does it report the past, is it a preamble."""

from __future__ import annotations

import re
from functools import lru_cache

from extract.policy.nlp import pipeline
from extract.policy.resources import alternation, cue_pattern, load

_CLAUSE = re.compile(r"[,，;；:：]")
_EN_WINDOW = 10  # tokens after the last leading comma in which the policy verb must appear
_ZH_WINDOW = 10
_FUTURE_MODALS = {"will", "shall", "must", "should", "to"}  # characters from a clause start (after prefixes) in which the verb must appear


def is_english(text: str) -> bool:
    """More Latin letters than Han characters."""
    return len(re.findall(r"[A-Za-z]", text)) > len(re.findall(r"[\u4e00-\u9fff]", text))


@lru_cache(maxsize=1)
def _zh_prefix() -> re.Pattern[str]:
    return re.compile("^(?:" + alternation(load("cues")["clause_prefix"]["zh"], english=False) + ")")


def lead_verb(sentence: str) -> tuple[str, int] | None:
    """The policy verb (base form) leading the sentence and its offset, or None.

    'Leading' means near the start of the sentence or of one of its first clauses, so that
    descriptive sentences which merely mention a verb deep inside do not count.
    """
    if sentence.rstrip().endswith(("?", "？")):
        return None
    found = _lead_verb_en(sentence) if is_english(sentence) else _lead_verb_zh(sentence)
    if found is None:
        return None
    verb, offset = found
    # past reports ("has built", 已建成, 去年) before the verb make the sentence a record, not a measure
    lang = "en" if is_english(sentence) else "zh"
    if cue_pattern("cues", "past_markers", lang).search(sentence[:offset]):
        return None
    return found


def _lead_verb_en(sentence: str) -> tuple[str, int] | None:
    doc = pipeline("en")(sentence)
    tokens = list(doc)
    starts = [0] + [t.i + 1 for t in tokens[:12] if t.text == ","][-1:]
    for start in starts:  # the sentence start, then after a leading adverbial ("In terms of X, ...")
        for token in tokens[start : start + _EN_WINDOW]:
            if token._.policy_verb:
                return token._.policy_verb, token.idx
    # "An X mechanism will be established": a future passive anywhere early in the sentence
    for token in tokens[2:25]:
        if token._.policy_verb and tokens[token.i - 1].lower_ == "be" and tokens[token.i - 2].lower_ in _FUTURE_MODALS:
            return token._.policy_verb, token.idx
    return None


def _lead_verb_zh(sentence: str) -> tuple[str, int] | None:
    doc = pipeline("zh")(sentence)
    cues = [(t.idx, t._.policy_verb) for t in doc if t._.policy_verb]
    if not cues:
        return None
    position = 0
    for clause in _CLAUSE.split(sentence)[:3]:
        stripped = clause
        while True:
            match = _zh_prefix().match(stripped)
            if not match or not match.group():
                break
            stripped = stripped[match.end() :]
        lead = position + len(clause) - len(stripped)
        for idx, verb in cues:
            if lead <= idx < lead + _ZH_WINDOW and idx < position + len(clause):
                return verb, idx
        position += len(clause) + 1
    return None


def is_preamble(text: str) -> bool:
    """The text says why the plan was made ("this plan has been formulated", 特制定本方案)."""
    lang = "en" if is_english(text) else "zh"
    return bool(cue_pattern("cues", "preamble", lang).search(text))


def reports_past(text: str) -> bool:
    """The text carries a past-report marker (截至, 去年, "has", "over the past")."""
    lang = "en" if is_english(text) else "zh"
    return bool(cue_pattern("cues", "past_markers", lang).search(text))


def looks_future(text: str) -> bool:
    """The text carries a future or target marker (到2025年, "by 2025", "will", 力争)."""
    lang = "en" if is_english(text) else "zh"
    return bool(cue_pattern("cues", "future_markers", lang).search(text))

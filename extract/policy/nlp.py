"""spaCy pipelines (blank English / jieba Chinese) with a component marking policy-verb cues."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from extract.policy.resources import alternation, load

_MODALS = {"will", "shall", "should", "must", "can", "may", "to", "and", "or", "we", "they", "also", "further", "actively", "jointly", "fully"}
_GERUND_HOSTS = {"include", "includes", "including", "included", "by", "through", "via", "on", "and"}
_PASSIVE_HOSTS = {"be", "been", "is", "are", "being"}


def english_forms() -> dict[str, str]:
    """Inflected form (lower case) -> base form, for every English policy verb in cues.yaml."""
    data = load("cues")
    forms: dict[str, str] = {}
    for base in data["policy_verbs"]["en"]:
        for form in [base, *_inflect(base), *data.get("verb_forms", {}).get(base, [])]:
            forms[form] = base
    return forms


def _inflect(base: str) -> list[str]:
    head, _, rest = base.partition(" ")
    tail = f" {rest}" if rest else ""
    if head.endswith("e"):
        forms = [head + "s", head[:-1] + "ing", head + "d"]
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        forms = [head[:-1] + "ies", head + "ing", head[:-1] + "ied"]
    elif head.endswith(("s", "sh", "ch", "x", "z")):
        forms = [head + "es", head + "ing", head + "ed"]
    else:
        forms = [head + "s", head + "ing", head + "ed"]
    return [f + tail for f in forms]


if not Token.has_extension("policy_verb"):
    Token.set_extension("policy_verb", default=None)


@Language.factory("policy_verb_cues")
def make_policy_verb_cues(nlp: Language, name: str) -> "PolicyVerbCues":
    """Mark tokens that are policy verbs used as actions (not as adjectives or past reports)."""
    return PolicyVerbCues(nlp.lang)


class PolicyVerbCues:
    """Sets `token._.policy_verb` to the verb's base form where the token acts as a policy verb."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        if lang == "en":
            self.forms = english_forms()
        else:
            self.regex = re.compile(alternation(load("cues")["policy_verbs"]["zh"], english=False))

    def __call__(self, doc: Doc) -> Doc:
        if self.lang == "en":
            self._mark_english(doc)
        else:
            for match in self.regex.finditer(doc.text):
                span = doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is not None:
                    span[0]._.policy_verb = match.group()
        return doc

    def _mark_english(self, doc: Doc) -> None:
        for token in doc:
            word = token.lower_
            pair = f"{word} {doc[token.i + 1].lower_}" if token.i + 1 < len(doc) else ""
            base = self.forms.get(pair) or self.forms.get(word)
            if base is None:
                continue
            prev = doc[token.i - 1].lower_ if token.i > 0 else ""
            if word.endswith("ing"):
                ok = prev in _GERUND_HOSTS or token.i == 0 or doc[token.i - 1].is_punct
            elif word.endswith("ed") or word == "built":
                ok = prev in _PASSIVE_HOSTS
            elif word.endswith("s") and word != base:
                ok = True  # third person present: "the plan supports ..."
            else:
                ok = token.i == 0 or prev in _MODALS or doc[token.i - 1].is_punct or token.is_sent_start
            if ok:
                token._.policy_verb = base


@lru_cache(maxsize=2)
def pipeline(lang: str) -> Language:
    """The cached pipeline for 'en' or 'zh' (Chinese segmented with jieba)."""
    if lang == "en":
        import spacy

        nlp = spacy.blank("en")
    else:
        from extract.nlp import blank_zh

        nlp = blank_zh()
    nlp.add_pipe("policy_verb_cues")
    return nlp

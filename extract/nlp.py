"""Shared spaCy pipeline builders (built on first use and cached: jieba's dictionary takes ~1 s)."""

from __future__ import annotations

import logging
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

SINGULAR_NORM = "innograph_singular_norm"


def singular(word: str) -> str:
    """Crude English singular of a lowercase word ("robots" -> "robot", "batteries" -> "battery")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


@Language.factory(SINGULAR_NORM)
def make_singular_norm(nlp: Language, name: str) -> "SingularNorm":
    """Sets token.norm_ to the lowercase singular, so phrase matching on NORM ignores number."""
    return SingularNorm()


class SingularNorm:
    """Pipeline component: token.norm_ = singular(token.lower_)."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.norm_ = singular(token.lower_)
        return doc


def blank_zh() -> Language:
    """A new spacy.blank("zh") with the jieba segmenter, and jieba quiet.

    jieba logs its dictionary loading ("Building prefix dict ...", "Loading model cost ...") at
    DEBUG through a stderr handler of its own and sets its logger to DEBUG when imported, so those
    lines would land in every command's output; it is imported here first and told to log warnings
    only, before spaCy builds the tokenizer (a second import does not reset the level).
    """
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


@cache
def zh_pipeline() -> Language:
    """spacy.blank("zh") with the jieba segmenter."""
    return blank_zh()


@cache
def en_pipeline() -> Language:
    """spacy.blank("en") whose token.norm_ is the lowercase singular."""
    nlp = spacy.blank("en")
    nlp.add_pipe(SINGULAR_NORM)
    return nlp

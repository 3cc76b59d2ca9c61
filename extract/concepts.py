"""Technology concepts in patent titles and abstracts: the `innograph_concepts` component of the
language's pipeline (extract.nlp, task `patents`) run over texts with `nlp.pipe`.

`ConceptMatcher().pipe(texts)` yields the concept ids of each text in order; the vocabulary is
extract/data/concepts.yaml unless another is given. Chinese texts are normalised to Simplified
first (the vocabulary is Simplified), so Traditional titles find the same concepts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import TYPE_CHECKING, Literal, cast

import re

from extract.normalize import normalize_text

_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[^\W\d_\u3400-\u9fff]")  # other letters (Latin, Greek, Cyrillic ...)

if TYPE_CHECKING:
    from spacy.language import Language

    from extract.nlp.concepts import ConceptRuler

Lang = Literal["zh", "en"]

# texts with at least this share of CJK letters are Chinese
ZH_THRESHOLD = 0.3


def detect_language(text: str) -> Lang:
    """"zh" when CJK ideographs make up at least 30% of the letters, else "en"."""
    if not _CJK.search(text):
        return "en"  # the common case for English abstracts, without counting letters
    han = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if han / (han + latin) >= ZH_THRESHOLD else "en"


def default_vocabulary() -> dict[str, list[str]]:
    """The technology vocabulary (extract/data/concepts.yaml): concept id -> phrases."""
    from extract.nlp.patterns import concept_vocabulary

    return {k: list(v) for k, v in concept_vocabulary().items()}


class ConceptMatcher:
    """Finds concept ids in texts: `match(text)` for one, `pipe(texts)` for many."""

    def __init__(self, vocabulary: Mapping[str, Iterable[str]] | None = None) -> None:
        self._vocabulary = None if vocabulary is None else {k: list(v) for k, v in vocabulary.items()}
        self._pipelines: dict[str, Language] = {}

    def _nlp(self, lang: Lang) -> Language:
        if lang not in self._pipelines:
            from extract.nlp import build, pipeline

            if self._vocabulary is None:
                self._pipelines[lang] = pipeline(lang, "patents")
            else:  # a vocabulary of its own: a pipeline of its own, not the shared one
                nlp = build(lang, "patents")
                cast("ConceptRuler", nlp.get_pipe("innograph_concepts")).set_vocabulary(self._vocabulary)
                self._pipelines[lang] = nlp
        return self._pipelines[lang]

    def match(self, text: str | None, lang: Lang | None = None) -> list[str]:
        """Concept ids found in `text`, each once, in order of first appearance."""
        return next(self.pipe([text], lang))

    def pipe(self, texts: Iterable[str | None], lang: Lang | None = None, batch_size: int = 256) -> Iterator[list[str]]:
        """`match` for many texts, in order; each language's texts go through its pipeline with nlp.pipe."""
        iterator = iter(texts)
        while chunk := list(islice(iterator, batch_size * 4)):
            yield from self._pipe_chunk(chunk, lang, batch_size)

    def _pipe_chunk(self, texts: list[str | None], lang: Lang | None, batch_size: int) -> Iterator[list[str]]:
        prepared = [_prepare(t) for t in texts]
        langs = [lang or detect_language(t) for t in prepared]
        results: dict[int, list[str]] = {}
        for language in ("en", "zh"):
            indices = [i for i, t in enumerate(prepared) if t and langs[i] == language]
            if not indices:
                continue
            docs = self._nlp(language).pipe((prepared[i] for i in indices), batch_size=batch_size)
            for i, doc in zip(indices, docs, strict=True):
                results[i] = doc._.concepts
        for i in range(len(texts)):
            yield results.get(i, [])


def _prepare(text: str | None) -> str:
    text = normalize_text(text)
    if not text:
        return ""
    if _CJK.search(text):
        from extract.policy.script import normalise

        text = normalise(text)  # Traditional -> Simplified, same length
    return text

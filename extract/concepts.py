"""Technology concepts in patent titles and abstracts, from a vocabulary of phrases per concept.

English: spaCy PhraseMatcher on the singular lowercase form (extract.nlp.en_pipeline), so "robots"
matches "robot". Chinese: by default a substring scan (a trie-shaped regex with a look-ahead, so
overlapping phrases are all found): jieba segments a phrase differently in context (蓄电池 is one
token, so the phrase 电池 never equals a token there), which token matching cannot see. The
PhraseMatcher over jieba tokens is kept as `zh_mode="tokens"` for comparison.
"""

from __future__ import annotations

import re
from itertools import islice
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal

from spacy.matcher import PhraseMatcher

from extract.nlp import en_pipeline, zh_pipeline
from extract.normalize import cjk_share, has_cjk, load_data, normalize_text

Lang = Literal["zh", "en"]

# texts with at least this share of CJK letters are Chinese
ZH_THRESHOLD = 0.3


def detect_language(text: str) -> Lang:
    """"zh" when CJK ideographs make up at least 30% of the letters, else "en"."""
    return "zh" if cjk_share(text) >= ZH_THRESHOLD else "en"


def default_vocabulary() -> dict[str, list[str]]:
    """The small built-in vocabulary (extract/data/concepts_default.yaml)."""
    return {k: list(v) for k, v in load_data("concepts_default.yaml").items()}


def _trie_regex(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases`, shaped as a trie so it fails fast and prefers the longest."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = True

    def render(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return render(trie)


class ConceptMatcher:
    """Finds concept ids in texts: `match(text)` for one, `pipe(texts)` for many."""

    def __init__(self, vocabulary: Mapping[str, Iterable[str]] | None = None,
                 zh_mode: Literal["substring", "tokens"] = "substring") -> None:
        vocabulary = default_vocabulary() if vocabulary is None else vocabulary
        self.zh_mode = zh_mode
        self._zh_phrases: dict[str, set[str]] = {}
        self._latin_phrases: dict[str, set[str]] = {}
        for concept_id, phrases in vocabulary.items():
            for raw in phrases:
                phrase = normalize_text(raw)
                if not phrase:
                    continue
                table = self._zh_phrases if has_cjk(phrase) else self._latin_phrases
                table.setdefault(phrase if has_cjk(phrase) else phrase.casefold(), set()).add(concept_id)
        self._en_matcher: PhraseMatcher | None = None
        self._zh_matcher: PhraseMatcher | None = None
        self._zh_regex: re.Pattern[str] | None = None
        self._latin_regex: re.Pattern[str] | None = None

    # --- lazily built matchers (building needs the spaCy pipelines) ------------------------------

    def _en(self) -> PhraseMatcher:
        if self._en_matcher is None:
            nlp = en_pipeline()
            self._en_matcher = PhraseMatcher(nlp.vocab, attr="NORM")
            for phrase, concepts in self._latin_phrases.items():
                for concept_id in concepts:
                    self._en_matcher.add(concept_id, [nlp(phrase)])
        return self._en_matcher

    def _zh_tokens(self) -> PhraseMatcher:
        if self._zh_matcher is None:
            nlp = zh_pipeline()
            self._zh_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
            for phrase, concepts in self._zh_phrases.items():
                for concept_id in concepts:
                    self._zh_matcher.add(concept_id, [nlp.make_doc(phrase)])
        return self._zh_matcher

    def _zh_substring(self) -> re.Pattern[str] | None:
        if self._zh_regex is None and self._zh_phrases:
            self._zh_regex = re.compile(f"(?=({_trie_regex(self._zh_phrases)}))")
        return self._zh_regex

    def _latin_in_zh(self) -> re.Pattern[str] | None:
        # English terms inside Chinese text ("基于LiDAR的"): whole words, case-insensitive
        if self._latin_regex is None and self._latin_phrases:
            alternation = "|".join(re.escape(p) for p in sorted(self._latin_phrases, key=len, reverse=True))
            self._latin_regex = re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])")
        return self._latin_regex

    # --- matching --------------------------------------------------------------------------------

    def _zh_concepts(self, text: str) -> list[str]:
        found: list[str] = []
        if self.zh_mode == "tokens":
            doc = zh_pipeline()(text)
            vocab = zh_pipeline().vocab
            found += [vocab.strings[mid] for mid, _s, _e in sorted(self._zh_tokens()(doc), key=lambda m: m[1:])]
        elif (regex := self._zh_substring()) is not None:
            for m in regex.finditer(text):
                matched = m.group(1)
                # a shorter phrase that is a prefix of the longest match starts here too (机器人 / 机器人手)
                for end in range(1, len(matched) + 1):
                    found += sorted(self._zh_phrases.get(matched[:end], ()))
        if (latin := self._latin_in_zh()) is not None:
            for m in latin.finditer(text.casefold()):
                found += sorted(self._latin_phrases[m.group(0)])
        return found

    def _en_concepts(self, doc) -> list[str]:
        vocab = doc.vocab
        return [vocab.strings[mid] for mid, _s, _e in sorted(self._en()(doc), key=lambda m: m[1:])]

    def match(self, text: str | None, lang: Lang | None = None) -> list[str]:
        """Concept ids found in `text`, each once, in order of first appearance."""
        text = normalize_text(text)
        if not text:
            return []
        lang = lang or detect_language(text)
        found = self._zh_concepts(text) if lang == "zh" else self._en_concepts(en_pipeline()(text))
        return list(dict.fromkeys(found))

    def pipe(self, texts: Iterable[str | None], lang: Lang | None = None, batch_size: int = 256) -> Iterator[list[str]]:
        """`match` for many texts, in order; English ones go through nlp.pipe in batches (one process)."""
        iterator = iter(texts)
        while chunk := list(islice(iterator, batch_size * 4)):
            yield from self._pipe_chunk(chunk, lang, batch_size)

    def _pipe_chunk(self, texts: list[str | None], lang: Lang | None, batch_size: int) -> Iterator[list[str]]:
        normalized = [normalize_text(t) for t in texts]
        langs = [lang or detect_language(t) for t in normalized]
        en_indices = [i for i, t in enumerate(normalized) if t and langs[i] == "en"]
        en_results: dict[int, list[str]] = {}
        docs = en_pipeline().pipe((normalized[i] for i in en_indices), batch_size=batch_size)
        for i, doc in zip(en_indices, docs, strict=True):
            en_results[i] = list(dict.fromkeys(self._en_concepts(doc)))
        for i, text in enumerate(normalized):
            if not text:
                yield []
            elif i in en_results:
                yield en_results[i]
            else:
                yield list(dict.fromkeys(self._zh_concepts(text)))

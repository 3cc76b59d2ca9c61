"""The `innograph_concepts` component: technology concepts as spans (`doc.spans["concepts"]`, label =
concept id) and `doc._.concepts` (ids in order of first appearance), for patent titles and abstracts
and for policy text alike.

Latin-script phrases: spaCy's PhraseMatcher on the lower-case form, each phrase added with the other
number of its last word ("robots" for "robot", "battery" for "batteries"), so matching needs no
per-token Python. Chinese phrases: by substring over the text, overlapping and nested phrases all
found, mapped to the tokens that cover them: a technology term is a term wherever jieba puts its word
boundaries (蓄电池 is one jieba word, yet it is a battery), which token matching cannot see.
"""

# no `from __future__ import annotations`: spaCy validates `initialize` arguments from these annotations
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Dict, List, Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

if TYPE_CHECKING:
    from ahocorasick_rs import AhoCorasick


_HAN = re.compile(r"[\u3400-\u9fff]")


def singular(word: str) -> str:
    """Crude English singular of a lowercase word ("robots" -> "robot", "batteries" -> "battery")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics")):
        return word[:-1]
    return word


def plural(word: str) -> str:
    """Crude English plural of a lowercase singular word."""
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def number_variants(phrase: str) -> list[str]:
    """The phrase with its last word in singular and in plural (lower case)."""
    phrase = phrase.lower()
    head, sep, last = phrase.rpartition(" ")
    if not last.isalpha() or len(last) < 3 or last.isupper():
        return [phrase]
    one = singular(last)
    return list(dict.fromkeys([phrase, f"{head}{sep}{one}", f"{head}{sep}{plural(one)}"]))


class ConceptRuler:
    """Finds vocabulary phrases; the vocabulary is set by `initialize` (from the config) or `set_vocabulary`."""

    def __init__(self, nlp: Language, name: str, spans_key: str) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._zh: dict[str, tuple[str, ...]] = {}
        self._zh_regex: AhoCorasick | None = None  # every zh phrase, matched in one pass
        self._ids: dict[int, str] = {}

    def initialize(self, get_examples: Optional[Callable[[], Iterable[Any]]] = None, *,
                   nlp: Optional[Language] = None, vocabulary: Optional[Dict[str, List[str]]] = None) -> None:
        """spaCy's initialisation hook: `vocabulary` comes from `[initialize.components.<name>]`."""
        self.set_vocabulary(vocabulary or {})

    def set_vocabulary(self, vocabulary: Mapping[str, Iterable[str]]) -> None:
        """Replace the vocabulary: concept id -> phrases (any script; Chinese in Simplified)."""
        self._matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        zh: dict[str, list[str]] = {}
        latin: dict[str, set[str]] = {}
        for concept_id, phrases in vocabulary.items():
            for phrase in phrases:
                phrase = " ".join(str(phrase).split())
                if not phrase:
                    continue
                if _HAN.search(phrase):
                    zh.setdefault(phrase, []).append(concept_id)
                else:
                    for variant in number_variants(phrase):
                        latin.setdefault(concept_id, set()).add(variant)
        make_doc = self.nlp.make_doc
        self._ids = {}
        for concept_id, variants in latin.items():
            key = self.nlp.vocab.strings.add(concept_id)
            self._ids[key] = concept_id
            self._matcher.add(concept_id, [make_doc(v) for v in sorted(variants)])
        self._zh = {p: tuple(dict.fromkeys(ids)) for p, ids in zh.items()}
        self._zh_phrases = list(self._zh)
        self._zh_regex = None
        if self._zh:
            import ahocorasick_rs  # Aho-Corasick in Rust: every overlapping phrase in one pass

            self._zh_regex = ahocorasick_rs.AhoCorasick(self._zh_phrases, matchkind=ahocorasick_rs.MatchKind.Standard)

    def __call__(self, doc: Doc) -> Doc:
        found: list[tuple[int, int, str]] = []  # (start token, end token, concept id)
        if self._ids:
            ids = self._ids
            found.extend((s, e, ids[m]) for m, s, e in self._matcher(doc))
        if self._zh_regex is not None and self.nlp.lang == "zh":  # mixed text goes to the zh pipeline
            found.extend(self._chinese(doc))
        if len(found) > 1:
            found.sort(key=lambda f: (f[0], -f[1]))
        doc.spans[self.spans_key] = [Span(doc, s, e, label=c) for s, e, c in found]
        doc._.concepts = list(dict.fromkeys(c for _s, _e, c in found))
        return doc

    def _chinese(self, doc: Doc) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        text = doc.user_data.get("innograph_text") or doc.text
        if not _HAN.search(text):
            return out
        matches = self._zh_regex.find_matches_as_indexes(text, overlapping=True)  # type: ignore[union-attr]
        if not matches:
            return out
        starts = doc.to_array("IDX").tolist()
        table, phrases = self._zh, self._zh_phrases
        for index, start, end in matches:
            first = bisect_right(starts, start) - 1
            last = bisect_left(starts, end)  # the tokens covering the phrase
            out.extend((first, last, c) for c in table[phrases[index]])
        return out


@Language.factory("innograph_concepts", default_config={"spans_key": "concepts"})
def make_concept_ruler(nlp: Language, name: str, spans_key: str) -> ConceptRuler:
    """Technology concepts (vocabulary given at initialisation, see the module docstring)."""
    return ConceptRuler(nlp, name, spans_key)

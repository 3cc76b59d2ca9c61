"""Registered tokenizers of the InnoGraph pipelines (named in extract/nlp/config/*.cfg).

* `innograph.jieba_tokenizer.v1` (zh): jieba's segmentation (dictionary DAG + HMM for unknown words)
  through jieba-rs (`rjieba`: the same dictionary and algorithm, identical tokens on our corpora and
  about 30x faster than the Python port, which alone ran at ~250k chars/s here). Two kinds of forced
  token boundaries keep rule patterns and tokens aligned:
  - numbers (`9,490`, `2.6`) are one token each, and `%` is its own token as in English;
  - every occurrence of a multi-character phrase of the domain lexicon (comparators, units, time and
    report markers, clause prefixes: `lexicon`; the longest where they nest) is one token, so that a
    pattern matches it in any context (大力|支持, 不低于, 2.6|万亿元), whatever jieba would have cut.
    Policy verbs are deliberately *not* in the lexicon: jieba's own words keep a verb inside a noun
    (宣传周 is a week of publicity, not 宣传) from reading as an action.
* `innograph.word_tokenizer.v1` (en, patents): words and single punctuation marks by one regex. Patent
  titles and abstracts only need word boundaries for concept phrases; spaCy's English rules cost
  ~160 us per abstract here, which alone would cap concept matching near 6,000 patents/s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import compress, count
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

_NUMBER = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
_HAN = re.compile(r"[\u3400-\u9fff]")
_WHITESPACE = re.compile(r"\s")


def trie_regex(phrases: Iterable[str]) -> str:
    """A regex matching any of `phrases`, shaped as a trie so that it fails fast and prefers the longest."""
    trie: dict[str, Any] = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = True

    def render(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return render(trie)


class JiebaTokenizer:
    """jieba words, with numbers and the domain lexicon's phrases as tokens of their own."""

    def __init__(self, vocab: Vocab, *, hmm: bool = True, lexicon: Iterable[str] = (),
                 units: Iterable[str] = ()) -> None:
        import rjieba  # lazy: loading jieba's dictionary takes a few hundred milliseconds

        self.vocab = vocab
        self.hmm = hmm
        self._jieba = rjieba.Jieba()
        words = sorted({w for w in lexicon if len(w) >= 2 and _HAN.search(w)})
        after_number = sorted({u for u in units if _HAN.search(u)})
        self._units = frozenset(after_number)
        # measure words count as units only right after a number (5万家, but 每万人口 keeps 人口)
        unit = f"(?P<unit>{trie_regex(after_number)})?" if after_number else ""
        self._number = re.compile(f"(?P<number>{_NUMBER}){unit}")
        # the lexicon's phrases by Aho-Corasick (Rust): every occurrence, nested ones too; `words` keeps the
        # longest starting at each place (one regex alternation of all phrases tried at every character
        # took more time than jieba itself)
        self._lexicon = None
        if words:
            import ahocorasick_rs

            self._lexicon = ahocorasick_rs.AhoCorasick(words, matchkind=ahocorasick_rs.MatchKind.Standard)

    def _longest_phrases(self, text: str) -> dict[int, int]:
        """Start -> end of the longest lexicon phrase starting there, for every start in `text`."""
        longest: dict[int, int] = {}
        if self._lexicon is not None:
            for _index, start, end in self._lexicon.find_matches_as_indexes(text, overlapping=True):
                if end > longest.get(start, -1):
                    longest[start] = end
        return longest

    def words(self, text: str) -> list[str]:
        """The token strings of `text` (whitespace included, as jieba gives it).

        Left to right, the next forced token is the one starting first: a lexicon phrase (the longest
        there, before a number starting at the same place), else a number with the unit right after it;
        jieba cuts the text between forced tokens.
        """
        if text in self._units:
            return [text]  # a unit on its own (a pattern being built) is the token it is after a number
        out: list[str] = []
        cut, hmm, number_at = self._jieba.cut, self.hmm, self._number.search
        longest = self._longest_phrases(text)
        phrase_starts = sorted(longest)
        next_phrase, count = 0, len(phrase_starts)
        number = number_at(text, 0)
        cursor = 0
        while True:
            while next_phrase < count and phrase_starts[next_phrase] < cursor:
                next_phrase += 1
            if number is not None and number.start() < cursor:
                number = number_at(text, cursor)
            phrase = phrase_starts[next_phrase] if next_phrase < count else None
            if phrase is not None and (number is None or phrase <= number.start()):
                start, end = phrase, longest[phrase]
                if start > cursor:
                    out.extend(cut(text[cursor:start], hmm))
                out.append(text[start:end])
            elif number is not None:
                start, end = number.span()
                if start > cursor:
                    out.extend(cut(text[cursor:start], hmm))
                out.append(number.group("number"))
                if "unit" in number.groupdict() and number.group("unit"):
                    out.append(number.group("unit"))
            else:  # neither a phrase nor a number is left
                break
            cursor = end
        if cursor < len(text):
            out.extend(cut(text[cursor:], hmm))
        return [w for w in out if w]

    def __call__(self, text: str) -> Doc:
        pieces = self.words(text)
        if _WHITESPACE.search(text):
            words, spaces = _words_and_spaces(pieces)
        else:  # most Chinese titles and abstracts: no whitespace at all
            words, spaces = pieces, [False] * len(pieces)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data["innograph_text"] = text  # Doc.text would join every token again on each access
        doc.user_data["innograph_words"] = words  # the token texts, for rules that read them by index
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    # rule pipelines are built from their config, never saved: nothing to serialise
    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> "JiebaTokenizer":
        return self

    def to_disk(self, path: object, **kwargs: object) -> None:
        return None

    def from_disk(self, path: object, **kwargs: object) -> "JiebaTokenizer":
        return self


def _words_and_spaces(pieces: list[str]) -> tuple[list[str], list[bool]]:
    """spaCy's words and trailing-space flags from pieces that cover the text exactly (jieba's output):
    one space after a word is that word's trailing space, other whitespace is a token of its own."""
    words: list[str] = []
    spaces: list[bool] = []
    done = 0
    # only whitespace pieces need a decision: the runs of other pieces between them are copied as slices
    for i in compress(count(), map(str.isspace, pieces)):
        if i > done:
            words.extend(pieces[done:i])
            spaces.extend([False] * (i - done))
        done = i + 1
        piece = pieces[i]
        if piece == " " and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
        elif piece.startswith(" ") and words and not spaces[-1] and not words[-1].isspace():
            spaces[-1] = True
            words.append(piece[1:])
            spaces.append(False)
        else:
            words.append(piece)
            spaces.append(False)
    words.extend(pieces[done:])
    spaces.extend([False] * (len(pieces) - done))
    return words, spaces


@registry.tokenizers("innograph.jieba_tokenizer.v1")
def create_jieba_tokenizer(hmm: bool = True, lexicon: list[str] | None = None,
                           units: list[str] | None = None) -> Callable[[Language], JiebaTokenizer]:
    """Config entry point: `lexicon` and `units` are filled by `innograph.zh_lexicon.v1` and
    `innograph.zh_units.v1` (extract/nlp/patterns.py)."""

    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, hmm=hmm, lexicon=lexicon or (), units=units or ())

    return make


class WordTokenizer:
    """Word characters and single punctuation marks; spaces as spaCy keeps them (`token.whitespace_`)."""

    _TOKEN = re.compile(r"\w+|[^\w\s]")

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        split = self._TOKEN.findall
        for chunk in text.split():  # whitespace runs in C; only chunks with punctuation need the regex
            if chunk.isalnum():
                words.append(chunk)
                spaces.append(True)
            else:
                pieces = split(chunk)
                words.extend(pieces)
                spaces.extend([False] * (len(pieces) - 1) + [True])
        if spaces:
            spaces[-1] = False
        return Doc(self.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)


@registry.tokenizers("innograph.word_tokenizer.v1")
def create_word_tokenizer() -> Callable[[Language], WordTokenizer]:
    """Config entry point of `WordTokenizer`."""

    def make(nlp: Language) -> WordTokenizer:
        return WordTokenizer(nlp.vocab)

    return make

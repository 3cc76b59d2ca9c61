"""Language detection and span-preserving normalisation (Traditional -> Simplified, width folding)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# runs, not single characters: counting by runs makes a few list items per line instead of one per character
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


def _count(run: re.Pattern[str], text: str) -> int:
    """How many characters of `text` the one-character class of `run` (a `[...]+` pattern) matches."""
    return sum(map(len, run.findall(text)))


_NOT_LATIN = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def latin_count(text: str) -> int:
    """How many letters A-Z, a-z `text` holds (byte operations: no object per letter or run)."""
    return len(text.encode("ascii", "ignore").translate(None, _NOT_LATIN))


def _differences(a: str, b: str) -> int:
    """How many positions of the shorter string hold another character in the longer one; compared in
    blocks first (string comparison is C), character by character only inside blocks that differ."""
    size = min(len(a), len(b))
    count = 0
    for start in range(0, size, 256):
        end = min(start + 256, size)
        if a[start:end] != b[start:end]:
            count += sum(1 for x, y in zip(a[start:end], b[start:end]) if x != y)
    return count


def _han_chars(text: str) -> str:
    """The Han characters of `text`, in order."""
    return "".join(_HAN_RUN.findall(text))


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc  # lazy: building the converter reads its dictionaries

    from extract.policy.t2s import Converter

    return Converter.of(opencc.OpenCC("t2s"))  # OpenCC's conversion, its look-ups by Aho-Corasick


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """One character in Simplified, width-folded form, or itself when that would change the length."""
    if _HAN.match(ch):
        converted = _t2s().convert(ch)
        ch = converted if len(converted) == 1 else ch
    folded = unicodedata.normalize("NFKC", ch)
    # keep length 1 so that every index of the normalised text is an index of the original
    return folded if len(folded) == 1 else ch


class _FoldTable(dict[int, str]):
    """`str.translate` table of `_fold_char`, filled on first sight of each character (translate runs in C;
    a Python call per character cost more than the rest of normalising)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD = _FoldTable()


class _Folds:
    """The characters seen so far, split into those `_fold_char` keeps and those it changes, as regex
    classes: most text holds no character that changes (or only a few kinds, such as a no-break space),
    and finding that by one regex scan is several times cheaper than `str.translate` over every character.
    """

    def __init__(self) -> None:
        self.known: set[str] = {chr(c) for c in range(128)}  # ASCII folds to itself
        self.changed: dict[str, str] = {}
        self.han_changed: set[str] = set()  # the character or its fold is Han: a line with one may be Traditional
        self.chained = False  # a fold that another fold changes again (then only `str.translate` is exact)
        self._uncompiled = 0  # characters learnt since `unknown` was compiled (it still finds them)
        self.unknown = re.compile(f"[^{_char_class(self.known)}]")
        self._compile_changes()

    def _compile_changes(self) -> None:
        # these two decide the output: always exact (they are small, and grow only with changing characters)
        self.changer = re.compile(f"[{_char_class(self.changed)}]") if self.changed else None
        self.han_changer = re.compile(f"[{_char_class(self.han_changed)}]") if self.han_changed else None

    def learn(self, text: str) -> None:
        found = self.unknown.findall(text)
        if not found:
            return
        new = set(found) - self.known  # `unknown` may be behind: it only narrows the search
        if new:
            changes = len(self.changed)
            for ch in new:
                folded = _FOLD[ord(ch)]
                if folded != ch:
                    self.changed[ch] = folded
                    if _HAN.match(ch) or _HAN.match(folded):
                        self.han_changed.add(ch)
            self.known |= new
            self._uncompiled += len(new)
            if len(self.changed) != changes:
                self.chained = any(f in self.changed for f in self.changed.values())
                self._compile_changes()
        # compiling a class of thousands of characters costs milliseconds (re compiles in Python): only
        # when many characters were learnt since, or the stale class keeps finding known ones
        if self._uncompiled >= 512 or len(found) - len(new) > 64:
            self.unknown = re.compile(f"[^{_char_class(self.known)}]")
            self._uncompiled = 0

    def fold(self, text: str) -> str:
        """`text.translate(_FOLD)` for text of learnt characters."""
        if self.changer is None:
            return text
        present = set(self.changer.findall(text))
        if self.chained:
            return text.translate(_FOLD) if present else text
        for ch in present:  # no fold is changed again: replacing each kind in turn is the same translation
            text = text.replace(ch, self.changed[ch])
        return text


def _char_class(chars: set[str] | dict[str, str]) -> str:
    """A regex character class body for `chars`, as ranges of consecutive code points."""
    codes = sorted(ord(c) for c in chars)
    parts: list[str] = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "".join(parts)


_SEEN = _Folds()


def normalise(text: str) -> str:
    """Simplified, width-folded text of exactly the same length as `text` (spans carry over)."""
    if text.isascii():
        return text
    seen = _SEEN
    seen.learn(text)
    if seen.changer is None or not seen.changer.search(text):
        return text  # no character of the text changes
    if seen.han_changer is None or not seen.han_changer.search(text):
        return seen.fold(text)  # no line can be Traditional: the per-character fold is the whole of it
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if not seen.han_changer.search(line):
            out.append(seen.fold(line))
            continue
        folded = line.translate(_FOLD)
        if _traditional(line, folded):
            # whole-line conversion uses OpenCC's phrase tables; a line whose length changes keeps per-char
            converted = _t2s().convert(line)
            folded = converted.translate(_FOLD) if len(converted) == len(line) else folded
        out.append(folded)
    return "".join(out)


def _traditional(line: str, folded: str) -> bool:
    # OpenCC's phrase tables are slow (pure Python): only lines with a Traditional character need them
    return line != folded and _han_chars(line) != _han_chars(folded)


def detect_language(text: str, normalised: str) -> str:
    """'en', 'zh-Hans' or 'zh-Hant' from character counts."""
    original = _han_chars(text)
    han = len(original)
    latin = latin_count(text)
    if han == 0 or latin > han * 2:
        return "en"
    # normalising keeps every character's position and maps Han to Han: compare the Han characters only
    simplified = _han_chars(normalised)
    changed = _differences(original, simplified)
    # a few Traditional-looking characters occur in Simplified text; a real Traditional text has many
    return "zh-Hant" if changed > max(3, han * 0.02) else "zh-Hans"


_SCRIPTS = {  # runs of each script's letters (counted by `_count`)
    "Japanese kana": re.compile(r"[\u3040-\u30ff]+"),
    "Hangul": re.compile(r"[\uac00-\ud7af\u1100-\u11ff]+"),
    "Cyrillic": re.compile(r"[\u0400-\u04ff]+"),
    "Arabic": re.compile(r"[\u0600-\u06ff]+"),
    "Greek": re.compile(r"[\u0370-\u03ff]+"),
    "Hebrew": re.compile(r"[\u0590-\u05ff]+"),
    "Thai": re.compile(r"[\u0e00-\u0e7f]+"),
    "Devanagari": re.compile(r"[\u0900-\u097f]+"),
}
# any letter of those scripts: most documents have none, and then no script needs counting
_OTHER_SCRIPT = re.compile("|".join(p.pattern[:-1] for p in _SCRIPTS.values()))
# the commonest English function words: real English prose has one in every three or four words
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in for is on that by with as at be will from are this it an or its which has have was were "
    "we our their these such into under more than also".split()
)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:'[a-z]+)?")
MIN_WORDS_TO_JUDGE = 12
MIN_ENGLISH_SHARE = 0.1


def unsupported_language(text: str) -> str | None:
    """Why `text` is in none of the supported languages, or None when it is English or Chinese.

    Features only: letters of other scripts outnumbering Han and Latin ones, kana beside Han
    (Japanese), or Latin words among which English function words are too rare (French, German...).
    """
    han = _count(_HAN_RUN, text)
    latin = latin_count(text)
    for name, pattern in _SCRIPTS.items() if _OTHER_SCRIPT.search(text) else ():
        count = _count(pattern, text)
        if name == "Japanese kana" and count > max(5, 0.05 * (han + count)):
            return f"the text is Japanese ({count} kana characters)"
        if count > han + latin:
            return f"the text is mostly in {name} letters"
    if han >= latin / 2 or latin == 0:
        return None
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS_TO_JUDGE:
        return None
    share = sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words)
    accented = sum(1 for w in words if any(ord(c) > 127 for c in w))
    if share < MIN_ENGLISH_SHARE or accented > 0.1 * len(words):
        return f"the text is in Latin letters but not English ({share:.0%} English function words)"
    return None

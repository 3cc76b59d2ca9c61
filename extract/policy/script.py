"""Language detection and span-preserving normalisation (Traditional -> Simplified, width folding)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc  # lazy: building the converter reads its dictionaries

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    """One character in Simplified, width-folded form, or itself when that would change the length."""
    if _HAN.match(ch):
        converted = _t2s().convert(ch)
        ch = converted if len(converted) == 1 else ch
    folded = unicodedata.normalize("NFKC", ch)
    # keep length 1 so that every index of the normalised text is an index of the original
    return folded if len(folded) == 1 else ch


def normalise(text: str) -> str:
    """Simplified, width-folded text of exactly the same length as `text` (spans carry over)."""
    if text.isascii():
        return text
    converted = _convert_phrases(text)
    return "".join(_fold_char(c) for c in converted)


def _convert_phrases(text: str) -> str:
    # whole-line conversion uses OpenCC's phrase tables; lines whose length changes fall back to per-char
    if not _HAN.search(text):
        return text
    out: list[str] = []
    for line in text.splitlines(keepends=True):
        if _HAN.search(line):
            converted = _t2s().convert(line)
            out.append(converted if len(converted) == len(line) else line)
        else:
            out.append(line)
    return "".join(out)


def detect_language(text: str, normalised: str) -> str:
    """'en', 'zh-Hans' or 'zh-Hant' from character counts."""
    han = len(_HAN.findall(text))
    latin = len(_LATIN.findall(text))
    if han == 0 or latin > han * 2:
        return "en"
    changed = sum(1 for a, b in zip(text, normalised) if a != b and _HAN.match(a))
    # a few Traditional-looking characters occur in Simplified text; a real Traditional text has many
    return "zh-Hant" if changed > max(3, han * 0.02) else "zh-Hans"

"""Cached loading of the YAML data files under extract/policy/data."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).with_name("data")


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The parsed data file `name` (without .yaml)."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def alternation(words: list[str], *, english: bool) -> str:
    """A regex alternation of words, longest first; English words get word boundaries."""
    parts = sorted({w for w in words if w}, key=len, reverse=True)
    escaped = [w if _looks_like_regex(w) else re.escape(w) for w in parts]
    body = "|".join(escaped)
    return rf"(?<![\w-])(?:{body})(?![\w-])" if english else f"(?:{body})"


def _looks_like_regex(word: str) -> bool:
    # data files may hold regexes (\b, classes, groups); plain words are escaped
    return any(ch in word for ch in "\\[]()?*+{}|^$")


@lru_cache(maxsize=None)
def cue_pattern(file: str, key: str, lang: str) -> re.Pattern[str]:
    """Compiled alternation of the `key` cue list for `lang` ('zh' or 'en') in data file `file`."""
    words = load(file)[key][lang]
    return re.compile(alternation(words, english=lang == "en"), re.IGNORECASE)

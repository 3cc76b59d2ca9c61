"""Drop page furniture line by line using generic features (repetition, nav vocabulary, link and keyword runs)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from extract.policy.resources import alternation, load
from extract.policy.script import latin_count

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")  # counted by runs: one list item per run, not per character
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|cn|net|org|gov)(?:\.cn)?\b", re.I)
_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp)\s*$", re.I)
_SENTENCE_PUNCT_RUN = re.compile(r"[,.;:!?，。；：、！？]+")
_WORD = re.compile(r"[A-Za-z][\w'-]*")
_CHEVRONS = re.compile(r"\s*>{1,2}\s*")
_ENUM_START = re.compile(r"^\s*(?:[#•·▪●◆\-*]|\(?[0-9一二三四五六七八九十]+[)）.、]|[IVX]+\.|第[一二三四五六七八九十]+[章节条部分]|(?:group|area|part|section)\s+\d+)", re.I)


@dataclass(slots=True, frozen=True)
class Line:
    """A line of the document: its span and its normalised text."""

    start: int
    end: int
    text: str


@lru_cache(maxsize=None)
def _nav_regex(lang: str) -> re.Pattern[str]:
    return re.compile(alternation(load("boilerplate")["nav_words"][lang], english=lang == "en"), re.I)


@lru_cache(maxsize=None)
def _credit_regex() -> re.Pattern[str]:
    data = load("boilerplate")["credit_prefixes"]
    return re.compile(r"^\s*(?:" + "|".join(data["zh"] + data["en"]) + ")", re.I)


def split_lines(normalised: str) -> list[Line]:
    """Non-blank lines with their spans (stripped of surrounding whitespace)."""
    lines: list[Line] = []
    for match in re.finditer(r"[^\n]+", normalised):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        lines.append(Line(start, start + len(stripped), stripped))
    return lines


def content_lines(normalised: str) -> tuple[list[Line], list[tuple[Line, str]]]:
    """Lines kept as content, and dropped lines with the reason each was dropped."""
    lines = split_lines(normalised)
    keys = [_key(line.text) for line in lines]
    counts = Counter(keys)
    seen: set[str] = set()
    kept: list[Line] = []
    dropped: list[tuple[Line, str]] = []
    for line, key in zip(lines, keys):
        reason = junk_reason(line.text)
        if reason is None and counts[key] > 1:
            # short repeated lines are headlines and menus; a long repeated paragraph is kept once
            if len(line.text) <= 150 or key in seen:
                reason = "repeated"
        seen.add(key)
        if reason is None:
            kept.append(line)
        else:
            dropped.append((line, reason))
    return kept, dropped


def _key(text: str) -> str:
    return "".join(text.split()).lower()  # str.split's whitespace is exactly the regex \s


def junk_reason(text: str) -> str | None:
    """Why a single line is page furniture, or None when it may be content."""
    han = sum(map(len, _HAN_RUN.findall(text)))
    words = _WORD.findall(text) if latin_count(text) else []  # a word starts with a letter A-Z
    english = han < len(words)
    if _credit_regex().search(text.lstrip("(（[【「 ")):
        return "credit"
    if re.fullmatch(r"#.+#", text):
        return "hashtag"
    if text.endswith(("?", "？")) and len(text) < 400:
        return "question"
    # a URL needs "://" or a dot (www., .com ...); the URL pattern is slow on long Han runs, which \w matches
    if text.count("|") >= 2 or ("." in text or "://" in text) and len("".join(_URL.findall(text))) > 0.3 * len(text):
        return "links"
    if ">" in text and len(_CHEVRONS.findall(text)) >= 2 and len(text) <= 80:
        return "breadcrumb"  # 首页 > 新闻 > 正文
    if _IMAGE_FILE.search(text):
        return "caption"  # a photo's file name left in the capture

    nav = _nav_regex("en" if english else "zh").findall(text)
    size = len(words) if english else max(han, 1)
    covered = len(nav) if english else sum(len(n) for n in nav)
    if covered >= 0.5 * size or (len(nav) >= 2 and len(text) <= 80 and not english):
        return "navigation"
    if _keyword_run(text, english, words):
        return "keyword-stuffing"
    if _ENUM_START.match(text):
        return None
    if (english and len(words) <= 2) or (not english and han <= 6 and not re.search(r"\d{4}", text)):
        return "too-short"
    return None


def _keyword_run(text: str, english: bool, words: list[str]) -> bool:
    # long runs of words or tags with no sentence punctuation are tag clouds and menus
    punct = sum(map(len, _SENTENCE_PUNCT_RUN.findall(text)))
    if english:
        return len(words) > 25 and punct == 0
    tokens = text.split()
    if len(tokens) >= 8 and punct <= len(tokens) / 8 and sum(len(t) for t in tokens) / len(tokens) < 10:
        return True
    return len(text) > 40 and punct == 0

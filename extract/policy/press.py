"""The `innograph_press` component: speaker turns of press conferences and interviews.

A turn starts at a speaker label ("记者:", "国家知识产权局新闻发言人 衡付广:", "Xing Huina:" on its own
line), at a line holding only a person's name before a longer paragraph (胡竹), or at reported
speech in news copy (申长雨表示, 有记者提问). It runs to the next turn. Its role: `question` when the
speaker is a reporter or the turn asks (ends with a question mark), `answer` after a question,
else `remarks`. Writes doc.spans["turns"] (label = role) with `speaker` and `role` extensions.
Features are generic: label shape and length, person-name shape (a Chinese surname and one or two
characters; capitalised words), role words and speech verbs from extract/policy/data/press.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from extract.normalize import load_data
from extract.policy.cues import text_of
from extract.policy.resources import load

_LABEL = re.compile(r"^(?P<label>[^:：\n。，,;；!?！？]{1,40}?)\s*[:：]\s*(?P<rest>.*)$")
_EN_NAME = re.compile(r"^(?:(?:Mr|Ms|Mrs|Dr|Prof)\.?\s+)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2}$")
_HAN_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_MIN_REPORTED_LINE = 20


@dataclass(slots=True)
class Turn:
    start: int  # character offsets in the doc
    end: int
    speaker: str
    role: str


@lru_cache(maxsize=1)
def _surnames() -> frozenset[str]:
    data = load_data("cn_surnames.yaml")
    return frozenset([*data.get("compound", {}), *data.get("single", {})])


def _words(key: str) -> list[str]:
    data = load("press")[key]
    return [*data.get("zh", []), *data.get("en", [])]


def is_person_name(text: str) -> bool:
    """A Chinese name (surname + 1-2 characters) or an English one (2-3 capitalised words)."""
    text = text.strip()
    if _HAN_ONLY.match(text):
        surnames = _surnames()
        return text[:1] in surnames or text[:2] in surnames
    return bool(_EN_NAME.match(text)) and not any(w.lower() in _non_names() for w in text.split())


@lru_cache(maxsize=1)
def _non_names() -> frozenset[str]:
    return frozenset(w.lower() for w in _words("not_speakers"))


def _speaker_of(label: str) -> str | None:
    """The speaker a label names: a role word, or a person's name at its end; None for other labels."""
    label = label.strip()
    lowered = label.lower()
    if any(lowered.startswith(w.lower()) for w in _words("not_speakers")):
        return None
    if any(w.lower() in lowered for w in _words("reporters") + _words("roles")):
        return label
    tail = label.split()[-1] if label.split() else label
    if is_person_name(label) or (len(tail) >= 2 and is_person_name(tail[-3:])) or is_person_name(tail[-2:]):
        return label
    return None


def find_turns(doc: Doc, lines: list[tuple[int, int]]) -> list[Turn]:
    """Speaker turns over the content lines (character spans), in document order."""
    text = text_of(doc)
    starts: list[tuple[int, str]] = []
    name_lines: list[tuple[int, str]] = []
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        match = _LABEL.match(line)
        if match:
            speaker = _speaker_of(match.group("label"))
            if speaker is not None:
                starts.append((start, speaker))
                continue
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        if _HAN_ONLY.match(line.strip()) and nxt is not None and nxt[1] - nxt[0] > 2 * len(line):
            name_lines.append((start, line.strip()))
            continue
        starts.extend(_reported(text, start, end))
    # a name alone on its line before a speech: a surname we know, or several such lines in one transcript
    # when one of them has a known surname (the list of surnames is not every surname)
    if any(is_person_name(name) for _, name in name_lines):
        known = [(s, n) for s, n in name_lines if is_person_name(n)]
        starts.extend(name_lines if len(name_lines) >= 2 and len(name_lines) <= 3 * len(known) else known)
        starts.sort()
    turns: list[Turn] = []
    for i, (start, speaker) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else (lines[-1][1] if lines else len(text))
        turns.append(Turn(start, end, speaker, "remarks"))
    _assign_roles(text, turns)
    return turns


def _reported(text: str, start: int, end: int) -> list[tuple[int, str]]:
    # news copy: "有记者提问，…", "国家知识产权局局长申长雨表示，…"
    line = text[start:end]
    out: list[tuple[int, str]] = []
    if len(line) < _MIN_REPORTED_LINE:
        return out  # a photo caption ("经济日报记者提问"), not news copy
    taken: list[tuple[int, int]] = []
    for word in _question_cues():
        at = line.find(word)
        if at >= 0 and not any(a <= at < b for a, b in taken):
            taken.append((at, at + len(word)))
            out.append((start + at, "记者" if not word.isascii() else "reporter"))
    for verb, pattern in _speech_verbs():
        if verb not in line:
            continue  # the verb's literal pattern finds nothing (most lines: no verb at all)
        for match in pattern.finditer(line):
            before = line[max(0, match.start() - 4) : match.start()]
            name = next((before[k:] for k in range(len(before) - 3, len(before) - 1) if k >= 0 and is_person_name(before[k:])), None)
            if name:
                sentence_start = max(line.rfind(c, 0, match.start()) for c in "。!！?？") + 1
                out.append((start + sentence_start, name))
    return sorted(set(out))


@lru_cache(maxsize=1)
def _question_cues() -> tuple[str, ...]:
    return tuple(sorted(_words("question_cues"), key=len, reverse=True))  # 有记者提问 holds 记者提问


@lru_cache(maxsize=1)
def _speech_verbs() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((verb, re.compile(re.escape(verb))) for verb in _words("speech_verbs"))


def _assign_roles(text: str, turns: list[Turn]) -> None:
    reporters = [w.lower() for w in _words("reporters")]
    roles = [w.lower() for w in _words("roles")]
    previous = "remarks"
    for turn in turns:
        body = text[turn.start : turn.end].strip()
        first = re.split(r"(?<=[。！？!?])", body, maxsplit=1)[0]
        asks = body.rstrip().endswith(("?", "？")) or first.rstrip().endswith(("?", "？"))
        label = turn.speaker.lower()
        # an official's title may hold a media word (新闻发言人): a role word makes the speaker no reporter
        reporter = any(w in label for w in reporters) and not any(w in label for w in roles)
        if reporter or (asks and len(body) < 400):
            turn.role = "question"
        elif previous == "question":
            turn.role = "answer"
        else:
            turn.role = "remarks"
        previous = turn.role


def turn_spans(doc: Doc, turns: list[Turn]) -> list[Span]:
    """The turns as spans with `speaker` and `role` set."""
    out = []
    for turn in turns:
        span = doc.char_span(turn.start, turn.end, label=turn.role, alignment_mode="expand")
        if span is None or not len(span):
            continue
        span._.speaker = turn.speaker
        span._.role = turn.role
        out.append(span)
    return out

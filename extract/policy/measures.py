"""Decide which segments and sentences are measures, and classify them."""

from __future__ import annotations

from dataclasses import dataclass

from extract.policy import cues, taxonomy
from extract.policy.structure import Segment, sentences

_MIN_ITEMS_FOR_STRUCTURE = 3


@dataclass(slots=True)
class MeasureCandidate:
    """A measure before ids and provenance are attached."""

    start: int
    end: int
    section: str | None
    kind: str
    confidence: float
    area: str | None
    instruments: list[str]
    actors: list[str]
    industries: list[str]


def find_measures(parts: list[Segment], normalised: str) -> list[MeasureCandidate]:
    """Measures in document order.

    A document that enumerates items declares its measures by structure: items led by a policy verb
    are measures, and a prose paragraph counts only when its first sentence is verb-led. A document
    without structure is prose: every verb-led sentence is a measure.
    """
    structured = sum(1 for p in parts if p.kind == "item") >= _MIN_ITEMS_FOR_STRUCTURE
    found: list[MeasureCandidate] = []
    for part in parts:
        if part.kind == "heading":
            continue
        body = normalised[part.start : part.end]
        if cues.is_preamble(body):
            continue
        spans = sentences(normalised, part.start, part.end)
        if part.kind == "item":
            led = [cues.lead_verb(_strip_marker(normalised[s:e])) is not None for s, e in spans]
            if led and led[0]:
                found.append(_candidate(part.start, part.end, part, "item", 0.85, normalised))
            elif len(led) >= 2 and led[1] and _is_title_sentence(normalised[spans[0][0] : spans[0][1]]):
                # a short title sentence ("二是实现良性循环。") followed by a verb-led body
                found.append(_candidate(part.start, part.end, part, "item", 0.75, normalised))
            elif sum(led) >= 2:
                found.append(_candidate(part.start, part.end, part, "item", 0.6, normalised))
        elif structured:
            if spans and _is_title_sentence(normalised[spans[0][0] : spans[0][1]]):
                spans = spans[1:]  # "在…方面。" leads name a topic; the action follows
            if spans and cues.lead_verb(normalised[spans[0][0] : spans[0][1]]) is not None:
                found.append(_candidate(part.start, part.end, part, "paragraph", 0.5, normalised))
        else:
            for s, e in spans:
                if cues.lead_verb(normalised[s:e]) is not None and not cues.is_preamble(normalised[s:e]):
                    found.append(_candidate(s, e, part, "sentence", 0.7, normalised))
    return found


def _is_title_sentence(sentence: str) -> bool:
    body = _strip_marker(sentence)
    limit = 8 if cues.is_english(body) else 20
    size = len(body.split()) if cues.is_english(body) else len(body)
    return size <= limit and not any(c in body for c in ",，;；")


def _strip_marker(sentence: str) -> str:
    from extract.policy.structure import _ITEM_AT_LINE  # the same markers that opened the item

    return _ITEM_AT_LINE.sub("", sentence, count=1)


def _candidate(start: int, end: int, part: Segment, kind: str, confidence: float, normalised: str) -> MeasureCandidate:
    text = normalised[start:end]
    area = taxonomy.best_area(text, part.section)
    if kind == "item":
        kind = part.marker or "numbered"
    return MeasureCandidate(
        start=start,
        end=end,
        section=part.section,
        kind=kind,
        confidence=round(min(0.95, confidence + (0.05 if area else 0.0)), 2),
        area=area,
        instruments=taxonomy.labels("instruments", text),
        actors=taxonomy.labels("actors", text),
        industries=taxonomy.labels("industries", text),
    )

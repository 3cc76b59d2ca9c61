"""The `innograph_measures` component: which segments and sentences are measures, and their labels.

Reads the layout's segments (doc.spans["segments"]), the cue spans and the speaker turns; writes
doc.spans["measures"] (label = kind: numbered | bullet | section_item | paragraph | sentence) with
`section`, `area`, `instruments`, `actors`, `industries` and `confidence` extensions.

A document that enumerates items declares its measures by structure: items led by a policy verb are
measures. A prose paragraph is read sentence by sentence: every verb-led sentence that is not a
preamble, a courtesy or a past report is a measure (in an enumerating document a paragraph must open
with such a sentence, else it is context: aims, principles, descriptions). Sections that frame a plan
(guiding ideology, principles) and speakers' questions hold no measures.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc, Span

from extract.policy import cues as cue
from extract.policy.cues import CueIndex, sentences_in, span_text
from extract.policy.resources import load

_MIN_ITEMS_FOR_STRUCTURE = 3
_ITEM_MARKER = re.compile(r"^\s*(?:[•·▪●◆■□\-*–]\s*|\d{1,2}[.、)）](?!\d)\s*|[(（][\d一二三四五六七八九十]{1,3}[)）]\s*|[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[,，、])")


def find_measures(doc: Doc, cues: CueIndex) -> list[Span]:
    """Measure spans in document order (see the module docstring)."""
    segments = list(doc.spans["segments"]) if "segments" in doc.spans else []
    questions = [t for t in doc.spans["turns"] if t.label_ == "question"] if "turns" in doc.spans else []
    structured = sum(1 for s in segments if s.label_ == "item") >= _MIN_ITEMS_FOR_STRUCTURE
    targets = list(doc.spans["targets"]) if "targets" in doc.spans else []
    frames = _frame_sections()
    found: list[Span] = []
    for part in segments:
        if part.label_ == "heading" or _inside_any(part, questions):
            continue
        part_ext = part._  # one extension view per segment (each costs a microsecond)
        section = part_ext.section
        if _frames(section, frames) or cue.is_preamble(cues, part):
            continue
        sentences = sentences_in(part)
        if not sentences or cues.has("FRAME", sentences[0]):
            continue
        sentences = [s for s in sentences if not cue.is_courtesy(cues, s)]
        if not sentences:
            continue
        if part.label_ == "item":
            led = [cue.lead_verb(cues, _strip_marker(s)) is not None for s in sentences]
            kind = part_ext.marker or "numbered"
            if led[0]:
                found.append(_measure(doc, cues, part, kind, 0.85))
            elif len(led) >= 2 and led[1] and _is_title_sentence(sentences[0]):
                # a short title sentence ("二是实现良性循环。") followed by a verb-led body
                found.append(_measure(doc, cues, part, kind, 0.75))
            elif sum(led) >= 2:
                found.append(_measure(doc, cues, part, kind, 0.6))
            continue
        if structured:
            if _is_title_sentence(sentences[0]):
                sentences = sentences[1:]  # "在…方面。" leads name a topic; the action follows
            if not sentences or cue.lead_verb(cues, sentences[0]) is None:
                continue
            if not _lists_goals(cues, sentences):
                found.append(_measure(doc, cues, part, "paragraph", 0.5))
                continue
        # a paragraph that opens with a report of the past ("近年来", "over the past years") goes on reporting
        # until a sentence looks ahead again
        report = cue.reports_past(cues, sentences[0])
        for sentence in sentences:
            if cue.is_preamble(cues, sentence):
                continue
            if report and sentence.start != sentences[0].start and not cue.looks_future(cues, sentence):
                continue
            if cue.lead_verb(cues, sentence) is not None:
                found.append(_measure(doc, cues, sentence, "sentence", 0.7, section=section))
            elif any(sentence.start <= t.start < sentence.end for t in targets):
                # a sentence that sets a target commits the plan as much as a verb-led one
                found.append(_measure(doc, cues, sentence, "sentence", 0.6, section=section))
    return found


def _lists_goals(cues: CueIndex, sentences: list[Span]) -> bool:
    """A paragraph of several dated or quantified goals: each of its sentences is a commitment of its own."""
    targets = [t for t in sentences[0].doc.spans["targets"]] if "targets" in sentences[0].doc.spans else []
    goals = sum(1 for s in sentences if any(s.start <= t.start < s.end for t in targets)
                or any(any(ch.isdigit() for ch in c.text) for c in cues.inside("FUTURE", s.start, s.end)))
    return goals >= 2


def _inside_any(span: Span, turns: list[Span]) -> bool:
    return any(t.start <= span.start and span.end <= t.end for t in turns)


def _frame_sections() -> tuple[str, ...]:
    return tuple(load("cues").get("frame_sections", {}).get("zh", []) + load("cues").get("frame_sections", {}).get("en", []))


def _frames(section: str | None, frames: tuple[str, ...]) -> bool:
    if not section:
        return False
    text = section.lower()
    return any(word in text for word in frames)


def _is_title_sentence(sentence: Span) -> bool:
    body = _ITEM_MARKER.sub("", span_text(sentence), count=1)
    english = cue.is_english(body)
    limit = 8 if english else 20
    size = len(body.split()) if english else len(body)
    return size <= limit and not any(c in body for c in ",，;；")


def _strip_marker(sentence: Span) -> Span:
    marker = _ITEM_MARKER.match(span_text(sentence))
    if not marker or not marker.group():
        return sentence
    start = sentence.start_char + marker.end()
    inner = sentence.doc.char_span(start, sentence.end_char, alignment_mode="contract")
    return inner if inner is not None and len(inner) else sentence


def _measure(doc: Doc, cues: CueIndex, span: Span, kind: str, confidence: float, *, section: str | None = None) -> Span:
    measure = Span(doc, span.start, span.end, label=kind)
    taxonomy = _labels(doc, measure)
    area = best_area(taxonomy["areas"], _heading_areas(doc, span))
    ext = measure._
    ext.kind = kind
    ext.section = section if section is not None else span._.section
    ext.area = area
    ext.instruments = list(taxonomy["instruments"])
    ext.actors = list(taxonomy["actors"])
    ext.industries = list(taxonomy["industries"])
    ext.confidence = round(min(0.95, confidence + (0.05 if area else 0.0)), 2)
    return measure


def _labels(doc: Doc, span: Span) -> dict[str, Counter[str]]:
    """Taxonomy keys found in the span per group, with hit counts, in taxonomy order."""
    order = load("taxonomy")
    index = CueIndex.of(doc, "taxonomy")
    start, end = span.start, span.end
    out: dict[str, Counter[str]] = {}
    for group, keys in order.items():
        hits = index.inside(group, start, end)
        if not hits:
            out[group] = Counter()
            continue
        counts = Counter(hit.id_ for hit in hits)
        out[group] = Counter({k: counts[k] for k in keys if k in counts})
    return out


def _heading_areas(doc: Doc, span: Span) -> Counter[str]:
    heading = span._.heading
    if heading is None:
        return Counter()
    # the same heading serves every measure of its section: its areas are counted once
    cache = doc.user_data.setdefault("innograph_heading_areas", {})
    key = (heading.start, heading.end)
    if key not in cache:
        cache[key] = _labels(doc, heading)["areas"]
    return Counter(cache[key])


def best_area(text_hits: Counter[str], heading_hits: Counter[str]) -> str | None:
    """The area with most trigger hits; the section heading counts double because it names the area."""
    total = Counter(text_hits)
    for key, hits in heading_hits.items():
        total[key] += 2 * hits
    if not total:
        return None
    order = list(load("taxonomy")["areas"])
    return max(total, key=lambda k: (total[k], -order.index(k)))

"""spaCy components of the policy pipeline (registered by `@Language.factory`; wired in extract/nlp/config).

* `innograph_layout`: page furniture (doc.spans["furniture"], label = reason), content lines
  (doc.spans["lines"]), headings / items / paragraphs (doc.spans["segments"], with `section`,
  `heading` and `marker`) and sentence starts;
* `innograph_organisations`: the EntityRuler's known bodies plus names found by their endings and
  named programmes, in content lines only (doc.spans["organisations"]);
* `innograph_press`: speaker turns (extract/policy/press.py);
* `innograph_measures`, `innograph_targets`: extract/policy/measures.py, extract/policy/targets.py.

The text a policy pipeline gets is the normalised text (Simplified, width-folded, same length as
the original), so every character offset is one of the original document.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.policy.boilerplate import content_lines
from extract.policy.cues import CueIndex, text_of
from extract.policy.structure import segments, sentences

LAYOUT = "innograph_layout"  # doc.user_data key of the layout's Python objects (lines, segments)


def char_span(doc: Doc, starts: list[int], start: int, end: int, label: str = "") -> Span | None:
    """The tokens covering characters [start, end) (`starts` = token start offsets of the doc)."""
    first = max(0, bisect_right(starts, start) - 1)
    last = bisect_right(starts, max(start, end - 1))
    if last <= first:
        return None
    return Span(doc, first, last, label=label)


class Layout:
    """Furniture, content lines, segments and sentences (see the module docstring)."""

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        kept, dropped = content_lines(text)
        parts = segments(kept, text)
        starts = doc.to_array("IDX").tolist()
        furniture = [s for line, reason in dropped if (s := char_span(doc, starts, line.start, line.end, reason))]
        lines = [s for line in kept if (s := char_span(doc, starts, line.start, line.end, "line"))]
        spans: list[Span] = []
        sentence_starts: set[int] = {line.start for line, _ in dropped} | {line.start for line in kept}
        heading: Span | None = None
        for part in parts:
            span = char_span(doc, starts, part.start, part.end, part.kind)
            if span is None:
                continue
            if part.kind == "heading":
                heading = span
            ext = span._  # one extension view for the three values (each view costs a microsecond)
            ext.section = part.section
            ext.heading = heading if part.kind != "heading" else None
            ext.marker = part.marker
            spans.append(span)
            sentence_starts.add(part.start)
            if part.kind != "heading":
                sentence_starts.update(s for s, _ in sentences(text, part.start, part.end))
        doc.spans["furniture"] = furniture
        doc.spans["lines"] = lines
        doc.spans["segments"] = spans
        token_starts = {max(0, bisect_right(starts, c) - 1) for c in sentence_starts} | {0}
        # one array write (setting token.is_sent_start re-checks the whole doc per token); -1 = not a start
        flags = numpy.full((len(doc), 1), numpy.uint64(2**64 - 1), dtype="uint64")
        flags[sorted(token_starts), 0] = 1
        doc.from_array([SENT_START], flags)  # type: ignore[arg-type]  # thinc's Ints2d: a numpy array too
        doc.user_data["innograph_text"] = text
        doc.user_data["innograph_sentence_starts"] = sorted(token_starts)
        doc.user_data["innograph_token_starts"] = starts
        doc.user_data[LAYOUT] = {"kept": kept, "dropped": dropped, "parts": parts}
        return doc


@Language.factory(LAYOUT)
def make_layout(nlp: Language, name: str) -> Layout:
    """Page furniture, lines, segments and sentences of a policy document."""
    return Layout()


class Organisations:
    """Known bodies (entities of the EntityRuler) plus names by their endings and programmes."""

    def __call__(self, doc: Doc) -> Doc:
        from extract.policy.orgs import find_organisations

        layout = doc.user_data.get(LAYOUT, {})
        regions = [(line.start, line.end) for line in layout.get("kept", [])]
        aliases = [(e.start_char, e.end_char, e.ent_id_) for e in doc.ents if e.label_ == "ORG" and e.ent_id_]
        hits = find_organisations(text_of(doc), regions, aliases)
        starts = doc.user_data.get("innograph_token_starts") or [t.idx for t in doc]
        spans = []
        for hit in hits:
            for start, end in hit.spans:
                span = char_span(doc, starts, start, end, hit.kind)
                if span is None:
                    continue
                ext = span._  # one extension view for the four values
                ext.org_key, ext.org_name, ext.org_kind, ext.alias = hit.key, hit.name, hit.kind, hit.alias
                spans.append(span)
        doc.spans["organisations"] = spans
        layout["organisations"] = hits
        return doc


@Language.factory("innograph_organisations")
def make_organisations(nlp: Language, name: str) -> Organisations:
    """Organisations and programmes named in content lines."""
    return Organisations()


class Press:
    """Speaker turns of press conferences and reports of them."""

    def __call__(self, doc: Doc) -> Doc:
        from extract.policy.press import find_turns, turn_spans

        layout = doc.user_data.get(LAYOUT, {})
        # a speaker label on a line of its own ("Xing Huina:", 胡竹) is short enough to read as furniture
        # and a reporter's question ends with a question mark, which the furniture filter drops
        short = [line for line, reason in layout.get("dropped", []) if reason in {"too-short", "question"}]
        lines = sorted((line.start, line.end) for line in [*layout.get("kept", []), *short])
        doc.spans["turns"] = turn_spans(doc, find_turns(doc, lines))
        return doc


@Language.factory("innograph_press")
def make_press(nlp: Language, name: str) -> Press:
    """Speaker turns (question / answer / remarks)."""
    return Press()


class Measures:
    def __call__(self, doc: Doc) -> Doc:
        from extract.policy.measures import find_measures

        doc.spans["measures"] = find_measures(doc, CueIndex.of(doc))
        return doc


@Language.factory("innograph_measures")
def make_measures(nlp: Language, name: str) -> Measures:
    """Measures with their area, instruments, actors and industries."""
    return Measures()


class Targets:
    def __call__(self, doc: Doc) -> Doc:
        from extract.policy.targets import find_targets

        doc.spans["targets"] = find_targets(doc, CueIndex.of(doc))
        return doc


@Language.factory("innograph_targets")
def make_targets(nlp: Language, name: str) -> Targets:
    """Quantified targets with metric, comparator, value, unit and deadline."""
    return Targets()

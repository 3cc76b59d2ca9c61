"""`innograph_span_ruler`: spaCy's SpanRuler (same patterns, same config, same doc.spans group), with a
cheaper `match` and its spans kept for the rules that read them.

spaCy's `SpanRuler.match` builds a `Span` for every raw match, duplicates included, and sorts the
Spans with their Python comparison (a tuple per comparison); on policy text that cost more than the
matchers themselves. Here the matches are de-duplicated and sorted as integer tuples in the same
order (start, end, label, id: token offsets order as Span's character offsets do, tokens being
non-empty), and one Span is made per distinct match. The Spans given to the group are also kept in
`doc.user_data` (`ruler_spans(doc, key)`), so that rules reading the group (extract/policy/cues.py)
do not make a second Python Span per cue by iterating `doc.spans[key]`.
"""

# no `from __future__ import annotations`: spaCy validates a factory's config from its annotations
import warnings
from ast import literal_eval
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple, Union

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span

_KEPT = "innograph_ruler_spans"  # doc.user_data key: {spans key: [Span]} as given to doc.spans


class IndexedSpanRuler(SpanRuler):
    """A SpanRuler whose matching makes one Span per distinct match (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, **config: Any) -> None:
        super().__init__(nlp, name, **config)
        self._labels: Dict[int, Tuple[int, int]] = {}  # match id -> (label hash, span id hash)

    def _label_of(self, match_id: int) -> Tuple[int, int]:
        found = self._labels.get(match_id)
        if found is None:
            # SpanRuler names each pattern's match key repr((label, id)) (spacy/pipeline/span_ruler.py);
            # reading it back from the vocabulary needs none of the ruler's private state
            label, span_id = literal_eval(self.nlp.vocab.strings[match_id])
            strings = self.nlp.vocab.strings
            found = self._labels[match_id] = (strings.add(label), strings.add(span_id) if span_id else 0)
        return found

    def match(self, doc: Doc) -> List[Span]:
        if not len(self):
            return super().match(doc)  # spaCy's own warning for a ruler without patterns
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="\\[W036")
            raw = list(self.matcher(doc)) + list(self.phrase_matcher(doc))
        label_of = self._label_of
        unique = sorted({(start, end, *label_of(m_id)) for m_id, start, end in raw if start != end})
        return [Span(doc, start, end, label=label, span_id=span_id) for start, end, label, span_id in unique]

    def set_annotations(self, doc: Doc, matches: List[Span]) -> None:
        fresh = self.key is not None and (self.overwrite or self.key not in doc.spans)
        super().set_annotations(doc, matches)  # type: ignore[no-untyped-call]  # spaCy's, untyped
        if fresh:
            doc.user_data.setdefault(_KEPT, {})[self.key] = matches


def ruler_spans(doc: Doc, key: str) -> Optional[List[Span]]:
    """The Spans an `innograph_span_ruler` put into doc.spans[key] (None when another component filled it)."""
    kept = doc.user_data.get(_KEPT, {}).get(key)
    if kept is None or key not in doc.spans or len(doc.spans[key]) != len(kept):
        return None
    return kept


@Language.factory(
    "innograph_span_ruler",
    assigns=["doc.spans"],
    default_config={
        "spans_key": "ruler",
        "spans_filter": None,
        "annotate_ents": False,
        "ents_filter": {"@misc": "spacy.first_longest_spans_filter.v1"},
        "phrase_matcher_attr": None,
        "matcher_fuzzy_compare": {"@misc": "spacy.levenshtein_compare.v1"},
        "validate": False,
        "overwrite": True,
        "scorer": {"@scorers": "spacy.overlapping_labeled_spans_scorer.v1", "spans_key": "ruler"},
    },
)
def make_indexed_span_ruler(nlp: Language, name: str, spans_key: Optional[str],
                            spans_filter: Optional[Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]]],
                            annotate_ents: bool, ents_filter: Callable[[Iterable[Span], Iterable[Span]], Iterable[Span]],
                            phrase_matcher_attr: Optional[Union[int, str]], matcher_fuzzy_compare: Callable[..., Any],
                            validate: bool, overwrite: bool, scorer: Optional[Callable[..., Any]]) -> IndexedSpanRuler:
    """spaCy's `span_ruler` factory, with the matching of `IndexedSpanRuler`."""
    return IndexedSpanRuler(nlp, name, spans_key=spans_key, spans_filter=spans_filter, annotate_ents=annotate_ents,
                            ents_filter=ents_filter, phrase_matcher_attr=phrase_matcher_attr,
                            matcher_fuzzy_compare=matcher_fuzzy_compare, validate=validate, overwrite=overwrite,
                            scorer=scorer)

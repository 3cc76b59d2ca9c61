"""Doc and Span extensions the InnoGraph components write (registered once, by the pipeline builder).

Doc: `concepts` (concept ids in order), and views of the span groups the components fill:
`measures`, `targets`, `organisations`, `turns`, `furniture` (dropped page lines).
Span: measures `kind`, `section`, `area`, `instruments`, `actors`, `industries`, `confidence`;
targets `metric`, `comparator`, `value`, `unit`, `normalised_value`, `normalised_unit`, `value_cny`,
`baseline`, `deadline`, `confidence`; organisations `org_key`, `org_name`, `org_kind`, `alias`;
speaker turns `speaker`, `role` (question | answer | remarks); segments `section`, `marker`.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Span

SPAN_GROUPS = {"measures": "measures", "targets": "targets", "organisations": "organisations",
               "turns": "turns", "furniture": "furniture"}
SPAN_ATTRIBUTES = (
    "kind", "section", "area", "instruments", "actors", "industries", "confidence",
    "metric", "comparator", "value", "unit", "normalised_value", "normalised_unit", "value_cny", "baseline",
    "deadline", "sentence_span", "org_key", "org_name", "org_kind", "alias", "speaker", "role", "marker", "heading",
)


def _group(key: str) -> Callable[[Doc], list[Span]]:  # a getter for Doc.set_extension
    return lambda doc: list(doc.spans[key]) if key in doc.spans else []


def register() -> None:
    """Register every extension (idempotent)."""
    if not Doc.has_extension("concepts"):
        Doc.set_extension("concepts", default=None)
    for name, key in SPAN_GROUPS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=_group(key))
    for name in SPAN_ATTRIBUTES:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)

"""extract_policy / extract_policies: read, clean, segment and extract one document or a directory."""

from __future__ import annotations

import hashlib
from pathlib import Path

from graph.model import node_id

from extract.policy import metadata
from extract.policy.boilerplate import content_lines
from extract.policy.errors import EmptyDocumentError, NoMeasuresError, PolicyExtractionError
from extract.policy.links import find_links
from extract.policy.measures import find_measures
from extract.policy.model import (
    BatchResult,
    FailedDocument,
    Measure,
    OrgMention,
    PolicyExtraction,
    PolicyLink,
    Provenance,
    Target,
)
from extract.policy.orgs import find_organisations
from extract.policy.reader import RawDocument, read_bytes, read_path
from extract.policy.script import detect_language, normalise
from extract.policy.structure import sentences
from extract.policy.targets import find_targets

_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".text"}


def extract_policy(path_or_text: str | Path | bytes, *, source: str | None = None) -> PolicyExtraction:
    """Extract one policy document from a path, raw bytes, or the document text itself."""
    raw = _read(path_or_text, source)
    text = raw.text
    if not text.strip():
        raise EmptyDocumentError(raw.source, "the document has no text")
    document_id = hashlib.sha256(raw.data).hexdigest()
    normalised = normalise(text)
    kept, dropped = content_lines(normalised)
    if not kept:
        raise EmptyDocumentError(raw.source, "the document holds only page furniture (navigation, credits, links)")
    from extract.policy.structure import segments  # local: keeps the import graph of this module flat

    parts = segments(kept, normalised)
    candidates = find_measures(parts, normalised)
    if not candidates:
        raise NoMeasuresError(raw.source, "no actionable measure (numbered item, bullet or policy-verb sentence) found")

    def prov(span: tuple[int, int], confidence: float) -> Provenance:
        return Provenance(document_id=document_id, span=span, confidence=round(confidence, 2))

    repeated = [line for line, reason in dropped if reason == "repeated"]
    title = metadata.title(normalised, text, kept, parts, repeated)
    sentence_spans = [s for p in parts for s in sentences(normalised, p.start, p.end)]
    own_number = metadata.own_doc_number(kept)
    doc_number = own_number[0] if own_number else None
    link_hits = [
        h for h in find_links(normalised, sentence_spans, title)
        if own_number is None or not (h.start <= own_number[1][0] < h.end)
    ]
    link_spans = [(h.start, h.end) for h in link_hits]
    head_end = kept[min(len(kept), 4) - 1].end
    head = normalised[: head_end]
    period = metadata.period(title, _without(head, link_spans))
    org_hits = find_organisations(normalised, [(line.start, line.end) for line in kept])
    issuer_keys = metadata.issuers(normalised, org_hits, head_end, link_spans)
    policy_id = node_id("Policy", doc_number or (title or "").strip() or document_id)

    measures = [
        Measure(
            id=node_id("Measure", policy_id, str(ordinal)),
            ordinal=ordinal,
            text=text[c.start : c.end],
            span=(c.start, c.end),
            section=c.section,
            kind=c.kind,
            area=c.area,
            instruments=c.instruments,
            actors=c.actors,
            industries=c.industries,
            provenance=prov((c.start, c.end), c.confidence),
        )
        for ordinal, c in enumerate(candidates, start=1)
    ]
    targets = _targets(parts, normalised, measures, policy_id, period, prov)
    return PolicyExtraction(
        policy_id=policy_id,
        document_id=document_id,
        source=raw.source,
        format=raw.format,
        text=text,
        language=detect_language(text, normalised),
        title=title,
        issuers=issuer_keys,
        region=metadata.region(head + " " + (title or ""), issuer_keys),
        date=metadata.issued_date(normalised),
        period=period,
        doc_number=doc_number,
        measures=measures,
        targets=targets,
        organisations=[
            OrgMention(
                key=h.key,
                name=h.name if h.alias else text[h.spans[0][0] : h.spans[0][1]],
                kind=h.kind,
                surface_forms=sorted({text[s:e] for s, e in h.spans}),
                spans=h.spans,
                provenance=prov(h.spans[0], 0.9 if h.alias else 0.6),
            )
            for h in org_hits
        ],
        links=[
            PolicyLink(
                relation=h.relation,
                doc_number=h.doc_number,
                title=text[h.start : h.end] if h.title is None and h.doc_number is None else h.title,
                surface=text[h.start : h.end],
                provenance=prov((h.start, h.end), 0.9 if h.doc_number else 0.7),
            )
            for h in link_hits
        ],
        dropped_lines=len(dropped),
    )


def _read(path_or_text: str | Path | bytes, source: str | None) -> RawDocument:
    if isinstance(path_or_text, Path):
        return read_path(path_or_text)
    if isinstance(path_or_text, bytes):
        return read_bytes(path_or_text, source or "<bytes>")
    if "\n" not in path_or_text and len(path_or_text) < 1024 and Path(path_or_text).is_file():
        return read_path(Path(path_or_text))
    return RawDocument(source or "<text>", path_or_text.encode("utf-8"), path_or_text, "text", "utf-8")


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    # blank out references so that a cited plan's period is not taken for this plan's
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _targets(parts, normalised, measures, policy_id, period, prov) -> list[Target]:  # type: ignore[no-untyped-def]
    out: list[Target] = []
    for part in parts:
        if part.kind == "heading":
            continue
        spans = sentences(normalised, part.start, part.end)
        context = f"{part.section or ''} {normalised[spans[0][0]:spans[0][1]] if spans else ''}"
        for s, e in spans:
            for c in find_targets(s, normalised[s:e], context):
                owner = next((m for m in measures if m.span[0] <= c.start < m.span[1]), None)
                deadline, inferred = c.deadline, False
                if deadline is None and period is not None:
                    deadline, inferred = period[1], True
                ordinal = len(out) + 1
                out.append(
                    Target(
                        id=node_id("Target", owner.id if owner else policy_id, str(ordinal)),
                        ordinal=ordinal,
                        metric=c.metric,
                        comparator=c.comparator,
                        value=c.value,
                        unit=c.unit,
                        normalised_value=c.normalised_value,
                        normalised_unit=c.normalised_unit,
                        value_cny=c.value_cny,
                        baseline=c.baseline,
                        deadline=deadline,
                        deadline_inferred=inferred,
                        measure_ordinal=owner.ordinal if owner else None,
                        sentence_span=(s, e),
                        provenance=prov((c.start, c.end), c.confidence - (0.1 if inferred else 0.0)),
                    )
                )
    return out


def extract_policies(directory: str | Path) -> BatchResult:
    """Extract every document file in a directory (sorted), continuing past files that fail."""
    extractions: list[PolicyExtraction] = []
    failures: list[FailedDocument] = []
    for path in sorted(Path(directory).iterdir()):
        if not path.is_file() or (path.suffix.lower() not in _SUFFIXES and path.suffix):
            continue
        try:
            extractions.append(extract_policy(path))
        except PolicyExtractionError as exc:
            failures.append(FailedDocument(str(path), type(exc).__name__, exc.reason))
    return BatchResult(extractions, failures)

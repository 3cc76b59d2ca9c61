"""extract_policy / extract_documents / extract_policies: read, normalise, run the language's spaCy
pipeline (extract.nlp) over the documents with `nlp.pipe`, and assemble `PolicyExtraction`s from the
components' spans and extensions. Policy-level facts (title, period, number, issuers, links) come
from extract/policy/metadata.py and links.py.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from core.model import node_id

from extract.policy import metadata
from extract.policy.components import LAYOUT
from extract.policy.cues import sentence_bounds
from extract.policy.errors import EmptyDocumentError, NoMeasuresError, PolicyExtractionError, UnknownLanguageError
from extract.policy.links import find_links
from extract.policy.model import (
    BatchResult,
    FailedDocument,
    Measure,
    OrgMention,
    PolicyExtraction,
    PolicyLink,
    Provenance,
    SpeakerTurn,
    Target,
)
from extract.policy.reader import RawDocument, read_bytes, read_path
from extract.policy.script import detect_language, normalise, unsupported_language

if TYPE_CHECKING:
    from spacy.tokens import Doc

_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf", ".text"}
MAX_CHARS = 1_000_000  # spaCy's own limit (nlp.max_length): a Doc of a million characters takes ~1 GB
MIXED_HAN_SHARE = 0.25  # Han characters among Han characters and Latin words (~3 letters each)  # spaCy's Doc for two million characters already takes about a gigabyte


@dataclass(slots=True)
class _Prepared:
    raw: RawDocument
    normalised: str
    language: str  # en | zh-Hans | zh-Hant
    document_id: str

    @property
    def lang(self) -> str:
        """The pipeline: zh for Chinese text and for text mixing Chinese and English (it reads both)."""
        if self.language != "en":
            return "zh"
        han = sum(1 for c in self.normalised if "\u4e00" <= c <= "\u9fff")
        latin = sum(1 for c in self.normalised if c.isascii() and c.isalpha())
        return "zh" if han and han / (han + latin / 3) >= MIXED_HAN_SHARE else "en"


def extract_policy(path_or_text: str | Path | bytes, *, source: str | None = None) -> PolicyExtraction:
    """Extract one policy document from a path, raw bytes, or the document text itself."""
    result = next(extract_documents([path_or_text], sources=[source]))
    if isinstance(result, PolicyExtractionError):
        raise result
    return result


def extract_documents(items: Iterable[str | Path | bytes], *, sources: Iterable[str | None] | None = None,
                      batch_size: int = 16) -> Iterator[PolicyExtraction | PolicyExtractionError]:
    """One result per item, in order: its extraction, or the error that names why it cannot be read.

    Documents of one language go through their pipeline together (`nlp.pipe`, one process).
    """
    from extract.nlp import pipeline

    items = list(items)
    names = list(sources) if sources is not None else [None] * len(items)
    results: list[PolicyExtraction | PolicyExtractionError | None] = [None] * len(items)
    prepared: dict[str, list[tuple[int, _Prepared]]] = {"en": [], "zh": []}
    for index, (item, name) in enumerate(zip(items, names, strict=True)):
        try:
            prep = _prepare(_read(item, name))
        except PolicyExtractionError as exc:
            results[index] = exc
            continue
        except (OSError, UnicodeError, ValueError) as exc:  # a reader's own failure: still one clear line
            results[index] = PolicyExtractionError(name or str(item)[:200], f"{type(exc).__name__}: {exc}")
            continue
        prepared[prep.lang].append((index, prep))
    for lang, batch in prepared.items():
        if not batch:
            continue
        nlp = pipeline(lang)
        docs = nlp.pipe((p.normalised for _, p in batch), batch_size=batch_size)
        for (index, prep), doc in zip(batch, docs, strict=True):
            try:
                results[index] = _assemble(prep, doc)
            except PolicyExtractionError as exc:
                results[index] = exc
            # the components' caches and Span-valued extensions in user_data refer back to the doc: without
            # them the doc is freed at once instead of by the cyclic garbage collector (~8% of the time)
            doc.user_data.clear()
    yield from results  # type: ignore[misc]


def _read(item: str | Path | bytes, source: str | None) -> RawDocument:
    if isinstance(item, Path):
        return read_path(item)
    if isinstance(item, bytes):
        return read_bytes(item, source or "<bytes>")
    if "\n" not in item and len(item) < 1024 and Path(item).is_file():
        return read_path(Path(item))
    return RawDocument(source or "<text>", item.encode("utf-8"), item, "text", "utf-8")


def _prepare(raw: RawDocument) -> _Prepared:
    text = raw.text
    if not text.strip():
        raise EmptyDocumentError(raw.source, "the document has no text")
    if len(text) > MAX_CHARS:
        raise PolicyExtractionError(raw.source, f"{len(text):,} characters: more than one policy document "
                                                f"holds (at most {MAX_CHARS:,})")
    unknown = unsupported_language(text)
    if unknown:
        raise UnknownLanguageError(raw.source, f"{unknown}; supported: English, Simplified and Traditional Chinese")
    normalised = normalise(text)
    return _Prepared(raw, normalised, detect_language(text, normalised), hashlib.sha256(raw.data).hexdigest())


def _assemble(prep: _Prepared, doc: Doc) -> PolicyExtraction:
    raw, text, normalised, document_id = prep.raw, prep.raw.text, prep.normalised, prep.document_id
    layout = doc.user_data[LAYOUT]
    kept, dropped, parts = layout["kept"], layout["dropped"], layout["parts"]
    if not kept:
        raise EmptyDocumentError(raw.source, "the document holds only page furniture (navigation, credits, links)")
    spans_measures, spans_targets, turns = doc._.measures, doc._.targets, doc._.turns
    own_number = metadata.own_doc_number(kept)
    if not spans_measures and not spans_targets and len(turns) < 2 and own_number is None:
        # a plan's notice whose captured part ends before its measures still is a policy (its number,
        # issuer and links); text with none of these is not a policy document
        raise NoMeasuresError(raw.source, "no actionable measure (numbered item, bullet or policy-verb sentence), "
                                          "target, speaker turn or document number found")

    def prov(span: tuple[int, int], confidence: float) -> Provenance:
        return Provenance(document_id=document_id, span=span, confidence=round(confidence, 2))

    repeated = [line for line, reason in dropped if reason == "repeated"]
    title = metadata.title(normalised, text, kept, parts, repeated)
    part_starts = [p.start for p in parts]  # segments are in document order and do not overlap

    def in_part(char: int) -> bool:
        i = bisect_right(part_starts, char) - 1
        return i >= 0 and char < parts[i].end

    sentence_spans = [(start, end) for start, end in sentence_bounds(doc) if in_part(start)]
    doc_number = own_number[0] if own_number else None
    link_hits = [
        h for h in find_links(normalised, sentence_spans, title)
        if own_number is None or not (h.start <= own_number[1][0] < h.end)
    ]
    link_spans = [(h.start, h.end) for h in link_hits]
    head_end = kept[min(len(kept), 4) - 1].end
    head = normalised[:head_end]
    period = metadata.period(title, _without(head, link_spans))
    org_hits = layout.get("organisations", [])
    issuer_keys = metadata.issuers(normalised, org_hits, head_end, link_spans)
    policy_id = node_id("Policy", doc_number or (title or "").strip() or document_id)

    concept_spans = [(c.start_char, c.label_) for c in doc.spans["concepts"]] if "concepts" in doc.spans else []
    measures = []
    for ordinal, m in enumerate(spans_measures, start=1):
        start, end, ext = m.start_char, m.end_char, m._  # one extension view per span: each costs a microsecond
        measures.append(Measure(
            id=node_id("Measure", policy_id, str(ordinal)), ordinal=ordinal, text=text[start:end], span=(start, end),
            section=ext.section, kind=ext.kind, area=ext.area, instruments=ext.instruments, actors=ext.actors,
            industries=ext.industries, provenance=prov((start, end), ext.confidence),
            concepts=list(dict.fromkeys(label for at, label in concept_spans if start <= at < end)),
        ))
    targets = _targets(spans_targets, measures, policy_id, period, prov)
    return PolicyExtraction(
        policy_id=policy_id,
        document_id=document_id,
        source=raw.source,
        format=raw.format,
        text=text,
        language=prep.language,
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
        turns=[
            SpeakerTurn(ordinal=i, speaker=ext.speaker, role=ext.role, span=(t.start_char, t.end_char),
                        provenance=prov((t.start_char, t.end_char), 0.7))
            for i, t in enumerate(turns, start=1) for ext in (t._,)
        ],
        concepts=list(doc._.concepts or []),
        dropped_lines=len(dropped),
    )


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    # blank out references so that a cited plan's period is not taken for this plan's
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _targets(spans, measures, policy_id, period, prov) -> list[Target]:  # type: ignore[no-untyped-def]
    out: list[Target] = []
    for span in spans:
        start, ext = span.start_char, span._
        owner = next((m for m in measures if m.span[0] <= start < m.span[1]), None)
        deadline, inferred = ext.deadline, False
        if deadline is None and period is not None:
            deadline, inferred = period[1], True
        ordinal = len(out) + 1
        out.append(Target(
            id=node_id("Target", owner.id if owner else policy_id, str(ordinal)),
            ordinal=ordinal,
            metric=ext.metric,
            comparator=ext.comparator,
            value=ext.value,
            unit=ext.unit,
            normalised_value=ext.normalised_value,
            normalised_unit=ext.normalised_unit,
            value_cny=ext.value_cny,
            baseline=ext.baseline,
            deadline=deadline,
            deadline_inferred=inferred,
            measure_ordinal=owner.ordinal if owner else None,
            sentence_span=ext.sentence_span,
            provenance=prov((span.start_char, span.end_char), ext.confidence - (0.1 if inferred else 0.0)),
        ))
    return out


def extract_policies(directory: str | Path) -> BatchResult:
    """Extract every document file in a directory (sorted), continuing past files that fail."""
    paths = [p for p in sorted(Path(directory).iterdir())
             if p.is_file() and (p.suffix.lower() in _SUFFIXES or not p.suffix)]
    extractions: list[PolicyExtraction] = []
    failures: list[FailedDocument] = []
    for path, result in zip(paths, extract_documents(paths), strict=True):
        if isinstance(result, PolicyExtractionError):
            failures.append(FailedDocument(str(path), type(result).__name__, result.reason))
        else:
            extractions.append(result)
    return BatchResult(extractions, failures)

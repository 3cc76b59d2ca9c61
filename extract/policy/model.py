"""Dataclasses returned by the policy extractor; spans index `PolicyExtraction.text`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

EXTRACTOR_NAME = "innograph.policy"
EXTRACTOR_VERSION = "0.1.0"

Span = tuple[int, int]


@dataclass(slots=True, frozen=True)
class Provenance:
    """Where a value came from: source document hash, span in its text, extractor and confidence."""

    document_id: str
    span: Span
    confidence: float
    extractor: str = EXTRACTOR_NAME
    version: str = EXTRACTOR_VERSION


@dataclass(slots=True)
class OrgMention:
    """An organisation or programme named in the document (one entry per resolution key)."""

    key: str  # resolution key: alias id (e.g. "cn.cnipa") or normalised name
    name: str  # preferred display name
    kind: str  # "organisation" | "programme"
    surface_forms: list[str]
    spans: list[Span]
    provenance: Provenance


@dataclass(slots=True)
class PolicyLink:
    """A reference to another policy by document number and/or title."""

    relation: str  # "IMPLEMENTS" | "CITES"
    doc_number: str | None  # normalised to the Chinese style, e.g. 国办发〔2023〕37号
    title: str | None
    surface: str
    provenance: Provenance


@dataclass(slots=True)
class Target:
    """A quantified goal: metric, comparator, value and unit, with normalised forms."""

    id: str  # node_id("Target", measure id or policy id, ordinal)
    ordinal: int
    metric: str
    comparator: str  # at_least | above | reach | at_most | increase_by
    value: float
    unit: str
    normalised_value: float | None
    normalised_unit: str | None
    value_cny: float | None
    baseline: float | None
    deadline: int | None
    deadline_inferred: bool  # True when the deadline is the end of the policy period, not stated
    measure_ordinal: int | None
    sentence_span: Span
    provenance: Provenance


@dataclass(slots=True)
class Measure:
    """One actionable item of a policy, classified against the data-file taxonomies."""

    id: str  # node_id("Measure", policy id, ordinal)
    ordinal: int
    text: str
    span: Span
    section: str | None
    kind: str  # numbered | bullet | section_item | sentence | paragraph
    area: str | None
    instruments: list[str]
    actors: list[str]
    industries: list[str]
    provenance: Provenance
    concepts: list[str] = field(default_factory=list)  # technology concept ids named in the measure


@dataclass(slots=True)
class SpeakerTurn:
    """A turn of a press conference or interview: who speaks, and whether it asks or answers."""

    ordinal: int
    speaker: str
    role: str  # question | answer | remarks
    span: Span
    provenance: Provenance


@dataclass(slots=True)
class PolicyExtraction:
    """Everything extracted from one policy document."""

    policy_id: str  # node_id("Policy", document number, else title, else document id)
    document_id: str  # sha256 of the source bytes
    source: str
    format: str  # text | markdown | html | pdf
    text: str  # the original document text (after decoding / tag stripping) that spans index
    language: str  # en | zh-Hans | zh-Hant
    title: str | None
    issuers: list[str]  # keys of entries in `organisations`
    region: str | None  # CN, CN-JS, ...
    date: str | None  # ISO date
    period: tuple[int, int] | None
    doc_number: str | None
    measures: list[Measure] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    organisations: list[OrgMention] = field(default_factory=list)
    links: list[PolicyLink] = field(default_factory=list)
    turns: list[SpeakerTurn] = field(default_factory=list)
    concepts: list[str] = field(default_factory=list)  # technology concept ids named in the content
    dropped_lines: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (for JSON), without the document text."""
        data = asdict(self)
        data.pop("text")
        return data


@dataclass(slots=True)
class FailedDocument:
    """A file `extract_policies` could not extract, with the reason."""

    path: str
    error: str
    reason: str


@dataclass(slots=True)
class BatchResult:
    """The outcome of extracting a directory: successes and failures."""

    extractions: list[PolicyExtraction]
    failures: list[FailedDocument]

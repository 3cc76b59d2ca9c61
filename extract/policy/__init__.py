"""Policy document extraction: measures, targets, organisations and links from IP / innovation plans.

`extract_policy(path_or_text)` returns a `PolicyExtraction`; `extract_policies(directory)` extracts a
folder and reports the files it could not read. Nothing here touches the database.
"""

from extract.policy.errors import (
    BinaryDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    NoMeasuresError,
    PolicyExtractionError,
    UnknownEncodingError,
    UnknownLanguageError,
)
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
from extract.policy.pipeline import extract_documents, extract_policies, extract_policy

__all__ = [
    "BatchResult", "BinaryDocumentError", "DocumentTooLargeError", "EmptyDocumentError", "FailedDocument", "Measure",
    "NoMeasuresError", "OrgMention", "PolicyExtraction", "PolicyExtractionError", "PolicyLink", "Provenance",
    "SpeakerTurn", "Target", "UnknownEncodingError", "UnknownLanguageError", "extract_documents", "extract_policies",
    "extract_policy",
]

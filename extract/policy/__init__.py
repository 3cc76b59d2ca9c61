"""Policy document extraction: measures, targets, organisations and links from IP / innovation plans.

`extract_policy(path_or_text)` returns a `PolicyExtraction`; `extract_policies(directory)` extracts a
folder and reports the files it could not read. Nothing here touches the database.
"""

from extract.policy.errors import (
    BinaryDocumentError,
    EmptyDocumentError,
    NoMeasuresError,
    PolicyExtractionError,
    UnknownEncodingError,
)
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
from extract.policy.pipeline import extract_policies, extract_policy

__all__ = [
    "BatchResult", "BinaryDocumentError", "EmptyDocumentError", "FailedDocument", "Measure", "NoMeasuresError",
    "OrgMention", "PolicyExtraction", "PolicyExtractionError", "PolicyLink", "Provenance", "Target",
    "UnknownEncodingError", "extract_policies", "extract_policy",
]

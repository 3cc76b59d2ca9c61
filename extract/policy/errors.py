"""Exceptions raised by the policy extractor; each names the offending file."""

from __future__ import annotations


class PolicyExtractionError(Exception):
    """Base class: a document that cannot become a PolicyExtraction."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyDocumentError(PolicyExtractionError):
    """The file is empty or holds only whitespace or boilerplate."""


class BinaryDocumentError(PolicyExtractionError):
    """The file is binary (not text, HTML or a PDF with a text layer)."""


class UnknownEncodingError(PolicyExtractionError):
    """The bytes decode as none of the supported encodings."""


class NoMeasuresError(PolicyExtractionError):
    """The text was read but no actionable measure was found in it."""


class UnknownLanguageError(PolicyExtractionError):
    """The text is in none of the supported languages (English, Simplified or Traditional Chinese)."""


class DocumentTooLargeError(PolicyExtractionError):
    """The file is larger than one policy document can be (a data dump, an archive, a merged crawl)."""

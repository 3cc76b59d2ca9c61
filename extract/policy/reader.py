"""Turn a file or string into document text: decoding, HTML tag stripping, PDF text layers."""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass
from pathlib import Path

from extract.policy.errors import (
    BinaryDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    PolicyExtractionError,
    UnknownEncodingError,
)

_HTML_SNIFF = re.compile(rb"<\s*(?:!doctype\s+html|html|body|head|div|p|article)\b", re.IGNORECASE)
_DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "iframe", "button", "svg")
_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "ul", "ol", "blockquote", "pre", "dd", "dt", "title",
}
_FURNITURE = re.compile(r"nav|menu|footer|header|share|breadcrumb|sidebar|comment|related|copyright|toolbar", re.I)


@dataclass(slots=True)
class RawDocument:
    """Bytes and the text read from them."""

    source: str
    data: bytes
    text: str
    format: str  # text | markdown | html | pdf
    encoding: str | None


# the largest policy documents (a national plan as PDF with its annexes) stay under a few megabytes
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024


def read_path(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> RawDocument:
    """Read and decode a file, choosing the reader from its content (and suffix for Markdown)."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentTooLargeError(source, f"{size / 1e6:.1f} MB, more than one policy document can be "
                                                f"(at most {max_bytes / 1e6:.1f} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise PolicyExtractionError(source, f"cannot read file: {exc.strerror or exc}") from exc
    return read_bytes(data, source, suffix=path.suffix.lower())


def read_bytes(data: bytes, source: str, suffix: str = "") -> RawDocument:
    """Decode bytes of any supported format into document text."""
    if not data.strip():
        raise EmptyDocumentError(source, "the file is empty")
    if data.startswith(b"%PDF"):
        return RawDocument(source, data, _pdf_text(data, source), "pdf", None)
    text, encoding = decode(data, source)
    if suffix in {".html", ".htm", ".xhtml"} or _HTML_SNIFF.search(data[:2048]):
        return RawDocument(source, data, html_to_text(text), "html", encoding)
    fmt = "markdown" if suffix in {".md", ".markdown"} else "text"
    return RawDocument(source, data, text, fmt, encoding)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Text and encoding: BOMs first, then strict UTF-8, then GB18030, then a detector's guess."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if _looks_binary(data):
        raise BinaryDocumentError(source, "the file is binary (NUL bytes or control characters), not text")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "gb18030" and not _plausible_gb_text(text):
            continue
        return text, encoding
    from charset_normalizer import from_bytes  # lazy: only needed for unusual encodings

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UnknownEncodingError(source, "the bytes are not UTF-8, GB18030 or any encoding the detector knows")
    return str(best), best.encoding


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.02


def _plausible_gb_text(text: str) -> bool:
    # GB18030 decodes almost any byte string; accept it only when most characters are common Han/ASCII
    common = sum(1 for c in text if c.isascii() or "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return common >= len(text) * 0.9


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block element per line, without scripts and page furniture."""
    from lxml import html as lxml_html  # lazy: only HTML input needs it

    try:
        root = lxml_html.document_fromstring(markup)
    except Exception:  # lxml raises several parser errors; an unparsable page is plain text to us
        return markup
    for element in list(root.iter(*_DROP_TAGS)):
        element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        marker = f"{element.get('class', '')} {element.get('id', '')} {element.get('role', '')}"
        if element.tag not in {"html", "body", "main", "article"} and _FURNITURE.search(marker):
            element.drop_tree()
    parts: list[str] = []
    _walk(root, parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line) + "\n"


def _walk(element: object, parts: list[str]) -> None:
    tag = getattr(element, "tag", None)
    if not isinstance(tag, str):  # comments and processing instructions
        parts.append(getattr(element, "tail", None) or "")
        return
    block = tag in _BLOCK_TAGS
    if block:
        parts.append("\n")
    if tag == "li":
        parts.append("• ")  # keep list items recognisable as bullets
    parts.append(element.text or "")  # type: ignore[attr-defined]
    for child in element:  # type: ignore[attr-defined]
        _walk(child, parts)
    if block:
        parts.append("\n")
    parts.append(element.tail or "")  # type: ignore[attr-defined]


def _pdf_text(data: bytes, source: str) -> str:
    try:
        from pypdf import PdfReader  # lazy and optional: only PDF input needs it
    except ImportError as exc:
        raise PolicyExtractionError(source, "reading PDF needs the 'pypdf' package") from exc
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many error types for damaged files
        raise BinaryDocumentError(source, f"unreadable PDF: {exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise EmptyDocumentError(source, "the PDF has no text layer (scanned image?)")
    return text

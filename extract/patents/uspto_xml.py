"""USPTO grant full-text XML (`us-patent-grant`, v4.x) as PatentRecords, one document at a time.

Weekly bulk files concatenate thousands of `<?xml ...?>` documents; each is cut out at its XML
declaration and parsed alone, so memory holds one patent. The parser never loads the DTD, never
touches the network and never expands entities (no XXE).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from extract.ipc import normalize_ipc
from extract.patents.fields import parse_count, parse_date
from extract.records import InventorMention, Party, PatentRecord, Reject, SourceRef

FORMAT = "uspto-xml"
_TYPES = {"utility": "invention", "design": "design"}
_LEADING_ZEROS = re.compile(r"^([A-Z]*)0*(\d+)$")
_SPACE = re.compile(r"\s+")


def read_uspto_xml(path: str | Path) -> Iterator[PatentRecord | Reject]:
    """Records of every `us-patent-grant` document in a file; other or broken documents are rejects."""
    path = Path(path)
    file = str(path)
    for line, document in split_documents(path):
        try:
            root = etree.fromstring(document, _parser())
        except etree.XMLSyntaxError as exc:
            yield Reject(file, line, f"malformed XML: {exc}", document[:200].decode("utf-8", "replace"))
            continue
        if root.tag != "us-patent-grant":
            yield Reject(file, line, f"not a us-patent-grant document (root <{root.tag}>)", "")
            continue
        try:
            yield grant_record(root, SourceRef(file, line, FORMAT))
        except ValueError as exc:
            yield Reject(file, line, str(exc), "")


def split_documents(path: Path) -> Iterator[tuple[int, bytes]]:
    """(first line, bytes) of each XML document in a file that may concatenate many."""
    buffer: list[bytes] = []
    start = 1
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.lstrip(b"\xef\xbb\xbf \t").startswith(b"<?xml") and any(b.strip() for b in buffer):
                yield start, b"".join(buffer)
                buffer = []
                start = number
            elif not buffer:
                start = number
            buffer.append(line)
    if any(b.strip() for b in buffer):
        yield start, b"".join(buffer)


def _parser() -> etree.XMLParser:
    # DTDs are named by SYSTEM id only; loading them would fetch files. Entities stay unexpanded.
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False,
                           huge_tree=True, remove_comments=True)


def grant_record(root: etree._Element, source: SourceRef) -> PatentRecord:
    """The record of one parsed `us-patent-grant` element."""
    biblio = root.find("us-bibliographic-data-grant")
    if biblio is None:
        raise ValueError("missing us-bibliographic-data-grant")
    publication = biblio.find("publication-reference/document-id")
    number = _document_number(publication)
    if not number:
        raise ValueError("missing id: no publication-reference doc-number")
    application = biblio.find("application-reference/document-id")
    application_number = _document_number(application, with_kind=False)
    grant_date = _date(publication, "publication date")
    ipc = _ipcr(biblio)
    applicants, inventors = _parties(biblio)
    return PatentRecord(
        number=number,
        source=source,
        office=_text(publication, "country") or "US",
        application_number=application_number,
        application_date=_date(application, "application date"),
        publication_number=number,
        publication_date=grant_date,
        grant_date=grant_date,
        title=_joined(biblio.find("invention-title")),
        abstract=_joined(root.find("abstract")),
        patent_type=_TYPES.get(biblio.xpath("string(application-reference/@appl-type)")),
        ipc=ipc,
        main_ipc=ipc[0] if ipc else None,
        cpc=_cpc(biblio),
        claims_count=parse_count(biblio.findtext("number-of-claims")) or (len(root.findall("claims/claim")) or None),
        cited_numbers=_citations(biblio),
        agency=_agency(biblio),
        language=(root.get("lang") or "en").lower(),
        applicants=applicants,
        inventors=inventors,
    )


def _text(element: etree._Element | None, path: str) -> str | None:
    if element is None:
        return None
    value = element.findtext(path)
    return value.strip() or None if value else None


def _joined(element: etree._Element | None) -> str | None:
    """All text under an element (titles and abstracts carry <b>, <i>, <sub> markup), spaces collapsed."""
    if element is None:
        return None
    text = _SPACE.sub(" ", "".join(element.itertext())).strip()
    return text or None


def _date(document_id: etree._Element | None, what: str) -> str | None:
    value = _text(document_id, "date")
    try:
        return parse_date(value)
    except ValueError:
        raise ValueError(f"unparsable {what}: {value!r}") from None


def _document_number(document_id: etree._Element | None, with_kind: bool = True) -> str | None:
    """`US` + doc-number without padding zeros + kind: `08927386`, `B2` -> `US8927386B2`."""
    if document_id is None:
        return None
    doc = (_text(document_id, "doc-number") or "").upper().replace("/", "").replace(" ", "").replace(",", "")
    if not doc:
        return None
    if m := _LEADING_ZEROS.match(doc):
        doc = m.group(1) + m.group(2)
    country = (_text(document_id, "country") or "").upper()
    kind = (_text(document_id, "kind") or "").upper() if with_kind else ""
    # Some offices' doc-numbers already carry the country (`WO2008/133856`).
    prefix = "" if doc.startswith(country) else country
    return f"{prefix}{doc}{kind}"


def _class_code(element: etree._Element) -> str | None:
    parts = [element.findtext(tag) or "" for tag in ("section", "class", "subclass", "main-group", "subgroup")]
    section, klass, subclass, group, subgroup = (p.strip() for p in parts)
    return normalize_ipc(f"{section}{klass}{subclass}{group}/{subgroup}")


def _ipcr(biblio: etree._Element) -> list[str]:
    codes = [_class_code(e) for e in biblio.iterfind("classifications-ipcr/classification-ipcr")]
    # v4.0/4.1 grants may carry the older classification-ipc with written-out symbols instead.
    for tag in ("main-classification", "further-classification"):
        codes += [normalize_ipc(e.text) for e in biblio.iterfind(f"classification-ipc/{tag}")]
    return list(dict.fromkeys(c for c in codes if c))


def _cpc(biblio: etree._Element) -> list[str]:
    codes = [_class_code(e) for e in biblio.iterfind("classifications-cpc/main-cpc/classification-cpc")]
    codes += [_class_code(e) for e in biblio.iterfind("classifications-cpc/further-cpc/classification-cpc")]
    return list(dict.fromkeys(c for c in codes if c))


def _citations(biblio: etree._Element) -> list[str]:
    """Cited patent documents (not literature) from us-references-cited (v4.2+) or references-cited."""
    numbers = []
    for path in ("us-references-cited/us-citation/patcit/document-id", "references-cited/citation/patcit/document-id"):
        numbers += [_document_number(e) for e in biblio.iterfind(path)]
    return list(dict.fromkeys(n for n in numbers if n))


def _agency(biblio: etree._Element) -> str | None:
    for path in ("us-parties/agents/agent/addressbook/orgname", "parties/agents/agent/addressbook/orgname"):
        name = biblio.findtext(path)
        if name and name.strip():
            return name.strip()
    return None


def _name(book: etree._Element) -> str | None:
    org = (book.findtext("orgname") or "").strip()
    if org:
        return org
    parts = (book.findtext("first-name") or "", book.findtext("last-name") or "")
    person = " ".join(p.strip() for p in parts if p.strip())
    return person or None


def _place(book: etree._Element) -> tuple[str | None, str | None, str | None]:
    return (_text(book, "address/city"), _text(book, "address/state"), _text(book, "address/country"))


def _parties(biblio: etree._Element) -> tuple[list[Party], list[InventorMention]]:
    """Applicants (assignees, then organisations applying) and inventors, v4.0 to v4.5 layouts."""
    inventors: list[InventorMention] = []
    for book in biblio.iterfind("us-parties/inventors/inventor/addressbook"):
        if name := _name(book):
            city, state, country = _place(book)
            inventors.append(InventorMention(name, city, state, country, len(inventors) + 1))
    applicant_books = list(biblio.iterfind("us-parties/us-applicants/us-applicant")) + list(
        biblio.iterfind("parties/applicants/applicant"))
    if not inventors:
        # Before v4.3 inventors were applicants with app-type "applicant-inventor".
        for applicant in applicant_books:
            book = applicant.find("addressbook")
            if book is not None and "inventor" in (applicant.get("app-type") or "") and (name := _name(book)):
                city, state, country = _place(book)
                inventors.append(InventorMention(name, city, state, country, len(inventors) + 1))

    parties: dict[str, Party] = {}

    def add(book: etree._Element | None) -> None:
        if book is not None and (name := _name(book)) and name not in parties:
            city, state, country = _place(book)
            parties[name] = Party(name, None, city, state, country, len(parties) + 1)

    for book in biblio.iterfind("assignees/assignee/addressbook"):
        add(book)
    for applicant in applicant_books:
        book = applicant.find("addressbook")
        if book is not None and book.findtext("orgname"):
            add(book)
    if not parties:
        # No assignee and no organisation: the individuals who applied (often the inventors) own it.
        for applicant in applicant_books:
            add(applicant.find("addressbook"))
    return list(parties.values()), inventors

"""USPTO assignment XML (`us-patent-assignments`, the bulk daily/annual assignment files) as transactions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from extract.patents.fields import normalize_number, parse_date
from extract.records import NotAPatentExport, Reject, SourceRef
from extract.transactions.events import USPTO_FORMAT, TransactionEvent

# --- USPTO assignments ----------------------------------------------------------------------------

_CONVEYANCE = (
    ("RELEASE", "pledge", "cancel"),
    ("SECURITY", "pledge", "effective"),
    ("LIEN", "pledge", "effective"),
    ("LICENSE", "licence", "effective"),
    ("ASSIGNMENT", "transfer", "effective"),
    ("MERGER", "transfer", "effective"),
    ("NUNC PRO TUNC", "transfer", "effective"),
)


def read_uspto_assignments(path: str | Path) -> Iterator[TransactionEvent | Reject]:
    """Events of a USPTO `us-patent-assignments` XML file; one per assignment and granted patent.

    Conveyances: ASSIGNMENT / MERGER -> transfer, SECURITY INTEREST / LIEN -> pledge, RELEASE (of a
    security interest) -> pledge cancel, LICENSE -> licence; CHANGE OF NAME / CORRECTIVE records without
    those words are skipped. The date is the recorded date (when the USPTO registered it).
    """
    import xml.etree.ElementTree as ET

    path = Path(path)
    ordinal = 0
    try:
        for _, element in ET.iterparse(path, events=("end",)):
            if element.tag != "patent-assignment":
                continue
            ordinal += 1
            source = SourceRef(str(path), ordinal, USPTO_FORMAT)
            record = element.find("assignment-record")
            conveyance = (record.findtext("conveyance-text") if record is not None else "") or ""
            reel = f"{record.findtext('reel-no') or ''}/{record.findtext('frame-no') or ''}" if record is not None else ""
            kind_event = next(((k, e) for word, k, e in _CONVEYANCE if word in conveyance.upper()), None)
            if kind_event is None:
                element.clear()
                continue
            try:
                date = parse_date(record.findtext("recorded-date/date") if record is not None else None)
            except ValueError:
                date = None
            assignors = [n.strip() for n in (a.findtext("name") for a in element.iter("patent-assignor")) if n]
            assignees = [n.strip() for n in (a.findtext("name") for a in element.iter("patent-assignee")) if n]
            if date is None:
                yield Reject(str(path), ordinal, f"assignment {reel} without a recorded date", conveyance)
                element.clear()
                continue
            for prop in element.iter("patent-property"):
                number = None
                for doc in prop.iter("document-id"):
                    kind_code = (doc.findtext("kind") or "").strip()
                    if kind_code.startswith("B") or kind_code in ("E", "S", "P"):
                        number = f"{doc.findtext('country') or 'US'}{(doc.findtext('doc-number') or '').strip()}{kind_code}"
                if number is None:
                    continue  # an application not (yet) granted: nothing to attach it to
                yield TransactionEvent(
                    patent_number=normalize_number(number) or number, kind=kind_event[0], event=kind_event[1],
                    date=date, source=source, from_parties=assignors, to_parties=assignees,
                    contract_number=reel or None, title=conveyance.strip(), raw=conveyance,
                )
            element.clear()
    except ET.ParseError as exc:
        raise NotAPatentExport(f"{path}: not readable USPTO assignment XML ({exc})") from exc



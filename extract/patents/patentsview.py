"""PatentsView (USPTO) inventor-mention JSON Lines as PatentRecords, and the field helpers both
PatentsView readers share (the bulk `g_*.tsv` tables: `extract.patents.patentsview_tables`).

Attribute "PatentsView (USPTO)" wherever results from this data are shown (CC BY 4.0).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from pathlib import Path

from extract.ipc import normalize_ipc
from extract.patents.fields import parse_count, parse_date
from extract.records import InventorMention, Party, PatentRecord, Reject, SourceRef

MENTIONS_FORMAT = "patentsview-mentions"
TABLES_FORMAT = "patentsview-tables"

# PatentsView patent_type values; plant, reissue, defensive publication and SIR have no canonical type.
TYPES = {"utility": "invention", "design": "design"}

def us_number(patent_id: str) -> str:
    """`US` + the PatentsView patent id: `9413122` -> `US9413122`, `D692840` -> `USD692840`."""
    return f"US{patent_id.strip().upper()}"


def us_application_number(raw: str | None) -> str | None:
    """`US` + the application serial (`15/123,456` -> `US15123456`); other forms are kept as written."""
    text = text_or_none(raw)
    if text is None:
        return None
    digits = re.sub(r"[\s/,]", "", text)
    return f"US{digits}" if digits.isdigit() else text


# --- inventor-mention JSON Lines ---------------------------------------------------------------


def read_mentions(path: str | Path) -> Iterator[PatentRecord | Reject]:
    """One record per patent from inventor-mention rows (several rows per patent), in first-seen order.

    The whole file is grouped in memory: mention files are extracts (the shared one has 1,128 rows).
    """
    path = Path(path)
    file = str(path)
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as exc:
                yield Reject(file, line, f"not JSON: {exc.msg}", text.rstrip("\n"))
                continue
            patent_id = str(row.get("patent_id") or "").strip() if isinstance(row, dict) else ""
            if not patent_id:
                yield Reject(file, line, "missing id: no patent_id", text.rstrip("\n"))
                continue
            groups.setdefault(patent_id, []).append((line, row))
    for patent_id, rows in groups.items():
        try:
            yield _record_from_mentions(patent_id, rows, file)
        except ValueError as exc:
            yield Reject(file, rows[0][0], str(exc), json.dumps(rows[0][1], ensure_ascii=False))


def _record_from_mentions(patent_id: str, rows: list[tuple[int, dict[str, Any]]], file: str) -> PatentRecord:
    """Merge the mention rows of one patent: bibliographic fields from the first, every inventor's place."""
    line, first = rows[0]
    number = us_number(patent_id)
    kind = text_or_none(first.get("wipo_kind"))
    grant_date = field_date(first, "patent_date")
    return PatentRecord(
        number=number,
        source=SourceRef(file, line, MENTIONS_FORMAT),
        office="US",
        application_date=field_date(first, "filing_date"),
        publication_number=f"{number}{kind}" if kind else number,
        publication_date=grant_date,
        grant_date=grant_date,
        title=text_or_none(first.get("patent_title")),
        abstract=text_or_none(first.get("patent_abstract")),
        patent_type=TYPES.get((text_or_none(first.get("patent_type")) or "").lower()),
        cpc=_mention_cpc(first),
        claims_count=parse_count(first.get("num_claims")),
        agency=_mention_agency(first),
        language="en",
        applicants=_mention_assignees(first),
        inventors=_mention_inventors(rows),
    )


def field_date(row: dict[str, Any], key: str) -> str | None:
    try:
        return parse_date(row.get(key))
    except ValueError:
        raise ValueError(f"unparsable {key}: {row.get(key)!r}") from None


def text_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _listed(row: dict[str, Any], key: str) -> list[Any]:
    value = row.get(key)
    return value if isinstance(value, list) else []


def sequence_of(value: object, default: int) -> int:
    """A 0-based PatentsView sequence (`"0"`, `"1.0"`) as a 1-based canonical sequence."""
    count = parse_count(value)
    return count + 1 if count is not None else default


def person_name(first: object, last: object) -> str | None:
    name = " ".join(p for p in (text_or_none(first), text_or_none(last)) if p)
    return name or None


def _mention_cpc(row: dict[str, Any]) -> list[str]:
    pairs = sorted(zip((sequence_of(s, i) for i, s in enumerate(_listed(row, "cpc_sequence"))), _listed(row, "cpc_group")),
                   key=lambda pair: pair[0])  # by sequence only: the groups may be of any JSON type
    codes: dict[str, None] = {}
    for _, group in pairs:
        code = normalize_ipc(text_or_none(group))
        if code:
            codes.setdefault(code, None)
    return list(codes)


def _mention_agency(row: dict[str, Any]) -> str | None:
    orgs = sorted(zip((sequence_of(s, i) for i, s in enumerate(_listed(row, "attorney_sequence"))),
                      _listed(row, "raw_attorney_organization")), key=lambda pair: pair[0])
    return next((text_or_none(o) for _, o in orgs if text_or_none(o)), None)


def _mention_assignees(row: dict[str, Any]) -> list[Party]:
    orgs = _listed(row, "raw_assignee_organization")
    firsts = _listed(row, "raw_assignee_individual_name_first")
    lasts = _listed(row, "raw_assignee_individual_name_last")
    parties: dict[str, Party] = {}
    for i, seq in enumerate(_listed(row, "assignee_sequence")):
        name = text_or_none(orgs[i] if i < len(orgs) else None) or person_name(
            firsts[i] if i < len(firsts) else None, lasts[i] if i < len(lasts) else None)
        if name and name not in parties:
            parties[name] = Party(name=name, sequence=sequence_of(seq, i + 1))
    return sorted(parties.values(), key=lambda p: p.sequence)


def _mention_inventors(rows: list[tuple[int, dict[str, Any]]]) -> list[InventorMention]:
    """Co-inventor lists give everyone on the patent; each mention row adds that inventor's place."""
    _, first = rows[0]
    inventors: dict[int, InventorMention] = {}
    firsts, lasts = _listed(first, "coinventor_name_first"), _listed(first, "coinventor_name_last")
    for i, seq in enumerate(_listed(first, "coinventor_sequence")):
        name = person_name(firsts[i] if i < len(firsts) else None, lasts[i] if i < len(lasts) else None)
        if name:
            sequence = sequence_of(seq, i + 1)
            inventors[sequence] = InventorMention(name=name, sequence=sequence)
    for _, row in rows:
        name = person_name(row.get("raw_inventor_name_first"), row.get("raw_inventor_name_last"))
        if not name:
            continue
        sequence = sequence_of(row.get("inventor_sequence"), len(inventors) + 1)
        mention = inventors.setdefault(sequence, InventorMention(name=name, sequence=sequence))
        mention.city = text_or_none(row.get("raw_city"))
        mention.province = text_or_none(row.get("raw_state"))
        mention.country = text_or_none(row.get("raw_country"))
    return [inventors[s] for s in sorted(inventors)]

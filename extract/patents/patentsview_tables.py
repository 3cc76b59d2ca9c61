"""PatentsView (USPTO) bulk `g_*.tsv` tables (or `.tsv.zip` downloads) as PatentRecords, joined on patent_id.

Attribute "PatentsView (USPTO)" wherever results from this data are shown (CC BY 4.0).
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from extract.ipc import normalize_ipc
from extract.patents.fields import parse_count, parse_date
from extract.patents.patentsview import (
    TABLES_FORMAT,
    TYPES,
    field_date,
    person_name,
    sequence_of,
    text_or_none,
    us_application_number,
    us_number,
)
from extract.records import InventorMention, NotAPatentExport, Party, PatentRecord, Reject, SourceRef
from extract.tabular import csv_rows, open_text, raise_field_limit

# Bulk-download table columns (granted patents). Taken from the PatentsView database DDL
# `patview_core.g_*` (public code: CREATE TABLE IF NOT EXISTS patview_core.g_... statements, the schema
# PatentsView/PatentsView-DB publishes from) and a SQLite dump of the downloaded TSVs, which shows the
# download's g_patent without patent_abstract (moved to g_patent_abstract.tsv) and
# g_inventor_disambiguated with gender_code + location_id instead of male_flag + attribution_status.
# Rows are read by header name, so extra or reordered columns in other releases do not matter.
G_PATENT = ("patent_id", "patent_type", "patent_date", "patent_title", "wipo_kind", "num_claims",
            "withdrawn", "filename")
G_PATENT_ABSTRACT = ("patent_id", "patent_abstract")
G_APPLICATION = ("application_id", "patent_id", "patent_application_type", "filing_date", "series_code",
                 "rule_47_flag")
G_INVENTOR_NOT_DISAMBIGUATED = ("patent_id", "inventor_sequence", "inventor_id", "raw_inventor_name_first",
                                "raw_inventor_name_last", "deceased_flag", "rawlocation_id")
G_INVENTOR_DISAMBIGUATED = ("patent_id", "inventor_sequence", "inventor_id", "disambig_inventor_name_first",
                            "disambig_inventor_name_last", "gender_code", "location_id")
G_ASSIGNEE_NOT_DISAMBIGUATED = ("patent_id", "assignee_sequence", "assignee_id",
                                "raw_assignee_individual_name_first", "raw_assignee_individual_name_last",
                                "raw_assignee_organization", "assignee_type", "rawlocation_id")
G_ASSIGNEE_DISAMBIGUATED = ("patent_id", "assignee_sequence", "assignee_id",
                            "disambig_assignee_individual_name_first", "disambig_assignee_individual_name_last",
                            "disambig_assignee_organization", "assignee_type", "location_id")
G_LOCATION_NOT_DISAMBIGUATED = ("rawlocation_id", "location_id", "raw_city", "raw_state", "raw_country")
G_LOCATION_DISAMBIGUATED = ("location_id", "disambig_city", "disambig_state", "disambig_country", "latitude",
                            "longitude", "county", "state_fips", "county_fips")
G_CPC_CURRENT = ("patent_id", "cpc_sequence", "cpc_section", "cpc_class", "cpc_subclass", "cpc_group",
                 "cpc_type")
G_IPC_AT_ISSUE = ("patent_id", "ipc_sequence", "classification_level", "section", "ipc_class", "subclass",
                  "main_group", "subgroup", "symbol_position", "classification_value", "classification_status",
                  "classification_data_source", "action_date", "ipc_version_indicator")

TABLE_COLUMNS = {
    "g_patent": G_PATENT,
    "g_patent_abstract": G_PATENT_ABSTRACT,
    "g_application": G_APPLICATION,
    "g_inventor_not_disambiguated": G_INVENTOR_NOT_DISAMBIGUATED,
    "g_inventor_disambiguated": G_INVENTOR_DISAMBIGUATED,
    "g_assignee_not_disambiguated": G_ASSIGNEE_NOT_DISAMBIGUATED,
    "g_assignee_disambiguated": G_ASSIGNEE_DISAMBIGUATED,
    "g_location_not_disambiguated": G_LOCATION_NOT_DISAMBIGUATED,
    "g_location_disambiguated": G_LOCATION_DISAMBIGUATED,
    "g_cpc_current": G_CPC_CURRENT,
    "g_ipc_at_issue": G_IPC_AT_ISSUE,
}





@dataclass(slots=True)
class _Extras:
    """What the side tables say about one patent."""

    abstract: str | None = None
    application_id: str | None = None
    filing_date: str | None = None
    inventors: list[tuple[int, InventorMention]] = field(default_factory=list)
    assignees: list[tuple[int, Party]] = field(default_factory=list)
    cpc: list[tuple[int, str]] = field(default_factory=list)
    ipc: list[tuple[int, str]] = field(default_factory=list)


def find_tables(path: str | Path | Iterable[str | Path]) -> dict[str, Path]:
    """Table name -> file for a directory, a g_patent.tsv (its siblings are used) or a set of files."""
    if isinstance(path, (str, Path)):
        root = Path(path)
        candidates = list(root.iterdir()) if root.is_dir() else list(root.parent.iterdir())
    else:
        candidates = [Path(p) for p in path]
    tables: dict[str, Path] = {}
    for candidate in candidates:
        name = candidate.name.lower()
        for suffix in (".tsv.zip", ".tsv"):
            if name.endswith(suffix) and name[: -len(suffix)] in TABLE_COLUMNS:
                tables.setdefault(name[: -len(suffix)], candidate)
    if "g_patent" not in tables:
        raise NotAPatentExport(f"{path}: no g_patent.tsv (or g_patent.tsv.zip); PatentsView tables need it "
                               f"and may add {', '.join(t for t in TABLE_COLUMNS if t != 'g_patent')}")
    return tables


def read_tables(path: str | Path | Iterable[str | Path],
                patent_ids: set[str] | None = None) -> Iterator[PatentRecord | Reject]:
    """Records from PatentsView bulk tables joined on patent_id, streaming g_patent.tsv.

    Memory: the side tables (abstracts, inventors, assignees, CPC, IPC, locations) are loaded into dicts
    first. For the full bulk release that is many GB; pass `patent_ids` to keep only those patents'
    rows (location tables are always loaded whole: about 0.1-1M small rows).
    """
    tables = find_tables(path)
    raise_field_limit()
    side_rejects: list[Reject] = []
    extras = _load_extras(tables, patent_ids, side_rejects)
    yield from side_rejects  # malformed rows of the side tables, with their own file and line
    patent_file = tables["g_patent"]
    file = str(patent_file)
    for line, row in _tsv_rows(patent_file):
        if isinstance(row, str):
            yield Reject(file, line, row, "")
            continue
        patent_id = (row.get("patent_id") or "").strip()
        if not patent_id:
            yield Reject(file, line, "missing id: no patent_id", _raw(row))
            continue
        if patent_ids is not None and patent_id not in patent_ids:
            continue
        try:
            yield _record_from_tables(row, extras.get(patent_id) or _Extras(), SourceRef(file, line, TABLES_FORMAT))
        except ValueError as exc:
            yield Reject(file, line, str(exc), _raw(row))


def _record_from_tables(row: dict[str, str], extra: _Extras, source: SourceRef) -> PatentRecord:
    number = us_number(row["patent_id"])
    kind = text_or_none(row.get("wipo_kind"))
    grant_date = field_date(row, "patent_date")
    ipc = [code for _, code in sorted(extra.ipc)]
    return PatentRecord(
        number=number,
        source=source,
        office="US",
        application_number=extra.application_id,
        application_date=extra.filing_date,
        publication_number=f"{number}{kind}" if kind else number,
        publication_date=grant_date,
        grant_date=grant_date,
        title=text_or_none(row.get("patent_title")),
        # Older releases carried the abstract in g_patent itself.
        abstract=extra.abstract or text_or_none(row.get("patent_abstract")),
        patent_type=TYPES.get((text_or_none(row.get("patent_type")) or "").lower()),
        ipc=list(dict.fromkeys(ipc)),
        main_ipc=ipc[0] if ipc else None,
        cpc=list(dict.fromkeys(code for _, code in sorted(extra.cpc))),
        claims_count=parse_count(row.get("num_claims")),
        language="en",
        applicants=[p for _, p in sorted(extra.assignees, key=lambda x: x[0])],
        inventors=[m for _, m in sorted(extra.inventors, key=lambda x: x[0])],
    )


def _load_extras(tables: dict[str, Path], patent_ids: set[str] | None,
                 rejects: list[Reject] | None = None) -> dict[str, _Extras]:
    """Side tables keyed by patent_id; raw (not disambiguated) names are preferred, as filed.

    Rows of a side table that cannot be read are added to `rejects` (when given)."""
    extras: dict[str, _Extras] = defaultdict(_Extras)
    wanted: Callable[[str], bool] = (lambda pid: True) if patent_ids is None else patent_ids.__contains__
    rejects = [] if rejects is None else rejects
    raw_places = _places(tables, "g_location_not_disambiguated", "rawlocation_id", "raw_", rejects)
    disambiguated_places = _places(tables, "g_location_disambiguated", "location_id", "disambig_", rejects)

    for table, load in (
        ("g_patent_abstract", _load_abstract),
        ("g_application", _load_application),
        ("g_cpc_current", _load_cpc),
        ("g_ipc_at_issue", _load_ipc),
    ):
        if table in tables:
            for _, row in _side_rows(tables[table], rejects):
                if isinstance(row, dict) and wanted(pid := (row.get("patent_id") or "").strip()):
                    load(extras[pid], row)

    inventor_table = ("g_inventor_not_disambiguated", "raw_inventor_", "rawlocation_id", raw_places)
    if "g_inventor_not_disambiguated" not in tables:
        inventor_table = ("g_inventor_disambiguated", "disambig_inventor_", "location_id", disambiguated_places)
    assignee_table = ("g_assignee_not_disambiguated", "raw_assignee_", "rawlocation_id", raw_places)
    if "g_assignee_not_disambiguated" not in tables:
        assignee_table = ("g_assignee_disambiguated", "disambig_assignee_", "location_id", disambiguated_places)

    table, prefix, location_key, places = inventor_table
    if table in tables:
        for _, row in _side_rows(tables[table], rejects):
            if isinstance(row, dict) and wanted(pid := (row.get("patent_id") or "").strip()):
                name = person_name(row.get(f"{prefix}name_first"), row.get(f"{prefix}name_last"))
                if name:
                    seq = sequence_of(row.get("inventor_sequence"), len(extras[pid].inventors) + 1)
                    city, state, country = places.get((row.get(location_key) or "").strip(), (None, None, None))
                    extras[pid].inventors.append(
                        (seq, InventorMention(name=name, city=city, province=state, country=country, sequence=seq)))

    table, prefix, location_key, places = assignee_table
    if table in tables:
        for _, row in _side_rows(tables[table], rejects):
            if isinstance(row, dict) and wanted(pid := (row.get("patent_id") or "").strip()):
                name = text_or_none(row.get(f"{prefix}organization")) or person_name(
                    row.get(f"{prefix}individual_name_first"), row.get(f"{prefix}individual_name_last"))
                if name:
                    seq = sequence_of(row.get("assignee_sequence"), len(extras[pid].assignees) + 1)
                    city, state, country = places.get((row.get(location_key) or "").strip(), (None, None, None))
                    extras[pid].assignees.append(
                        (seq, Party(name=name, city=city, province=state, country=country, sequence=seq)))
    return extras


def _load_abstract(extra: _Extras, row: dict[str, str]) -> None:
    extra.abstract = text_or_none(row.get("patent_abstract"))


def _load_application(extra: _Extras, row: dict[str, str]) -> None:
    extra.application_id = us_application_number(row.get("application_id"))
    try:
        extra.filing_date = parse_date(row.get("filing_date"))
    except ValueError:
        extra.filing_date = None  # PatentsView has a few impossible filing dates; the grant still stands


def _load_cpc(extra: _Extras, row: dict[str, str]) -> None:
    group = text_or_none(row.get("cpc_group")) or ""
    # cpc_group is the full symbol (H01L21/04); fall back to subclass + group for split releases.
    code = normalize_ipc(group) or normalize_ipc(f"{text_or_none(row.get('cpc_subclass')) or ''}{group}")
    if code:
        extra.cpc.append((sequence_of(row.get("cpc_sequence"), len(extra.cpc) + 1), code))


def _load_ipc(extra: _Extras, row: dict[str, str]) -> None:
    code = ipc_from_parts(row.get("section"), row.get("ipc_class"), row.get("subclass"), row.get("main_group"),
                          row.get("subgroup"))
    if code:
        extra.ipc.append((sequence_of(row.get("ipc_sequence"), len(extra.ipc) + 1), code))


def ipc_from_parts(section: str | None, ipc_class: str | None, subclass: str | None, main_group: str | None,
                   subgroup: str | None) -> str | None:
    """A compact IPC code from split parts (`H`, `01`, `L`, `21`, `04`), tolerating parts that repeat the prefix."""
    head = (section or "").strip().upper()
    for part in ((ipc_class or "").strip().upper(), (subclass or "").strip().upper()):
        head = part if part.startswith(head) and head else head + part
    group, sub = (main_group or "").strip(), (subgroup or "").strip()
    return normalize_ipc(f"{head}{group}/{sub}" if group and sub else head)


def _places(tables: dict[str, Path], table: str, key: str, prefix: str,
            rejects: list[Reject] | None = None) -> dict[str, tuple[str | None, ...]]:
    """Location id -> (city, state, country)."""
    places: dict[str, tuple[str | None, ...]] = {}
    if table in tables:
        for _, row in _side_rows(tables[table], [] if rejects is None else rejects):
            if isinstance(row, dict) and (location := (row.get(key) or "").strip()):
                places[location] = (text_or_none(row.get(f"{prefix}city")), text_or_none(row.get(f"{prefix}state")),
                                    text_or_none(row.get(f"{prefix}country")))
    return places


def _side_rows(path: Path, rejects: list[Reject]) -> Iterator[tuple[int, dict[str, str]]]:
    """The readable rows of a side table; a Reject for each that is not."""
    for line, row in _tsv_rows(path):
        if isinstance(row, str):
            rejects.append(Reject(str(path), line, row, ""))
        else:
            yield line, row


@contextmanager
def _open_text(path: Path) -> Iterator[Iterable[str]]:
    """A TSV or the single TSV inside a downloaded `.tsv.zip`, as text."""
    if not path.name.lower().endswith(".zip"):
        with open_text(path, "utf-8-sig") as handle:
            yield handle
        return
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAPatentExport(f"{path}: not a readable ZIP archive ({exc})") from None
    with archive:
        member = next((n for n in archive.namelist() if n.lower().endswith(".tsv")), None)
        if member is None:
            raise NotAPatentExport(f"{path}: the ZIP archive holds no .tsv file")
        raise_field_limit()
        with archive.open(member) as raw:
            yield io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace", newline="")


def _tsv_rows(path: Path) -> Iterator[tuple[int, dict[str, str] | str]]:
    """(first line, row by column name) per TSV record; a reason string for a record that does not fit."""
    with _open_text(path) as handle:
        header: list[str] | None = None
        for start, cells in csv_rows(handle, "\t", "TSV"):
            if isinstance(cells, str):
                yield start, cells
            elif header is None:
                header = [str(h).strip() for h in cells]
            elif not cells:
                continue
            elif len(cells) != len(header):
                yield start, f"wrong column count: expected {len(header)} fields, got {len(cells)}"
            else:
                yield start, dict(zip(header, (str(c) for c in cells)))


def _raw(row: dict[str, str]) -> str:
    return "\t".join(row.values())

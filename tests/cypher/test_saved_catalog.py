"""Saved queries: header parsing, header/body agreement, the catalog, and parameter binding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cypher import saved
from cypher.saved import SavedQueryCatalog
from cypher.saved_format import parse_param, parse_saved_query
from cypher.saved_model import ParameterError, QueryParam, SavedQuery, SavedQueryError, UnknownQuery
from cypher.saved_values import bind_parameters, split_assignments

FIXTURES = Path(__file__).parent / "fixtures"
GOOD, BROKEN = FIXTURES / "good", FIXTURES / "broken"


def good(name: str) -> SavedQuery:
    return parse_saved_query(GOOD / f"{name}.cypher")


# --- parsing -----------------------------------------------------------------------------------


def test_parses_every_header_field() -> None:
    query = good("top_applicants_in_segment")
    assert query.name == "top_applicants_in_segment"
    assert query.title == "Top applicants in a chain segment and region"
    assert query.description == (
        "Organisations with the most patents classified into one segment, "
        "within a region; the count includes co-applied patents."
    )
    assert query.returns == ("organization_id", "name", "kind", "patents")
    assert query.params == (
        QueryParam("segment_id", "string", required=True, help="chain segment id, e.g. seg:..."),
        QueryParam("region", "string", default="", help="province or city name; empty = all"),
        QueryParam("limit", "int", default=20, range=(1, 500)),
        QueryParam("kind", "string", default="", values=("firm", "university", "research_institute", "")),
    )
    assert query.text.startswith("MATCH (s:ChainSegment")
    assert query.text.endswith("LIMIT $limit")
    assert query.path == GOOD / "top_applicants_in_segment.cypher"
    assert query.origin == str(GOOD / "top_applicants_in_segment.cypher")


def test_parses_typed_defaults_ranges_and_optional_nulls() -> None:
    query = good("patents_by_year")
    by_name = {p.name: p for p in query.params}
    assert by_name["cities"].default == ["南京", "苏州"]
    assert by_name["years"].default == [] and by_name["years"].range == (1985, 2100)
    assert by_name["since"].default == date(2000, 1, 1)
    assert by_name["since"].range == (date(1985, 1, 1), None)
    assert by_name["min_share"].default == 0.0 and by_name["min_share"].range == (0.0, 1.0)
    assert by_name["granted_only"].default is False
    assert by_name["ipc_section"] == QueryParam("ipc_section", "string", help="optional IPC section letter; null = all")
    assert query.param("cities") is by_name["cities"]
    assert query.param("nope") is None


def test_parameters_in_strings_and_comments_do_not_count() -> None:
    # The fixture mentions $not_a_param in a comment and $also_not_a_param in a string.
    assert {p.name for p in good("top_applicants_in_segment").params} == {"segment_id", "region", "limit", "kind"}


def test_trailing_semicolon_and_allowed_procedure() -> None:
    query = good("node_labels")
    assert query.params == ()
    assert query.text.endswith(";")


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ("undeclared_param", ["$limit is used in the query but not declared in the header"]),
        ("unused_param", ["parameter 'region' is declared but the query never uses $region"]),
        ("bad_type", ["parameter 'limit': unknown type 'integer'"]),
        ("bad_default", ["parameter 'limit': 900 is outside the range 1..500"]),
        ("default_not_in_values", ["parameter 'kind': 'company' is not one of 'firm', 'university'"]),
        ("ill_typed_default", ["parameter 'limit': 'twenty' is not an integer"]),
        ("name_mismatch", ["name 'some_other_name' differs from the file name 'name_mismatch'.cypher"]),
        ("write_clause", ["the query breaks a saved-query rule", "'SET' is a write clause", "line 7, column 1"]),
        ("unbounded_pattern", ["variable-length relationship without an upper bound", "line 6, column 35"]),
        ("unknown_procedure", ["procedure 'apoc.meta.graph' is not on the read-only allow-list", "line 5, column 6"]),
        ("two_statements", ["more than one statement", "line 6, column 1"]),
        (
            "missing_fields",
            [
                "header line 2: unknown key 'descriptoin'",
                "header field 'title' is missing or empty",
                "header field 'description' is missing or empty",
                "header field 'returns' is missing or empty",
            ],
        ),
        ("header_only", ["the file has no query after its header"]),
    ],
)
def test_broken_file_is_refused_with_every_problem(file: str, expected: list[str]) -> None:
    path = BROKEN / f"{file}.cypher"
    with pytest.raises(SavedQueryError) as refused:
        parse_saved_query(path)
    assert refused.value.origin == str(path)
    message = str(refused.value)
    assert message.startswith(str(path))
    for fragment in expected:
        assert fragment in message


def test_an_ill_formed_declaration_is_not_also_reported_as_undeclared() -> None:
    with pytest.raises(SavedQueryError) as refused:
        parse_saved_query(BROKEN / "bad_type.cypher")
    assert len(refused.value.problems) == 1


def test_every_broken_fixture_has_a_case() -> None:
    # A new broken fixture without a test above would prove nothing.
    assert {p.stem for p in BROKEN.glob("*.cypher")} == {
        "undeclared_param", "unused_param", "bad_type", "bad_default", "default_not_in_values",
        "ill_typed_default", "name_mismatch", "write_clause", "missing_fields", "header_only",
        "unbounded_pattern", "unknown_procedure", "two_statements",
    }  # fmt: skip


HEADER = "// name: q\n// title: T\n// description: D\n// returns: x\n"


def test_text_source_checks_the_stem_only_when_origin_is_a_cypher_file() -> None:
    text = HEADER + "RETURN 1 AS x"
    assert parse_saved_query(text).origin == "<text>"
    assert parse_saved_query(text, "somewhere/q.cypher").name == "q"
    with pytest.raises(SavedQueryError, match="differs from the file name 'other'"):
        parse_saved_query(text, "somewhere/other.cypher")


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("// name: Q\n// title: T\n// description: D\n// returns: x", "name 'Q' must match"),
        ("// name: q\n// title: T\n// title: U\n// description: D\n// returns: x", "header field 'title' appears twice"),
        ("// name: q\n// title: T\n// description: D\n// returns: x\n// just a remark", "header line 5 is not"),
        ("// name: q\n// title: T\n// description: D\n// returns: 1x", "returns: '1x' is not a column name"),
        ("// name: q\n// title: T\n// description: D\n// returns: x\n// param: x int\n// param: x int",
         "parameter 'x' is declared twice"),
    ],
)  # fmt: skip
def test_header_problems(header: str, problem: str) -> None:
    body = "\nRETURN $x AS x" if "param: x" in header else "\nRETURN 1 AS x"
    with pytest.raises(SavedQueryError) as refused:
        parse_saved_query(header + body)
    assert problem in str(refused.value)


def test_blank_header_lines_are_ignored_and_continuations_join() -> None:
    text = "// name: q\n//\n// title: T\n// description: first\n//   second\n// returns: x\nRETURN 1 AS x"
    assert parse_saved_query(text).description == "first second"


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("x", "needs at least a name and a type"),
        ("X int", "parameter name 'X' must match"),
        ("x int sometimes", "unknown option 'sometimes'"),
        ("x int required default=3", "a required parameter cannot have a default"),
        ("x string range=1..2", "range applies to"),
        ("x bool values=true|false", "values applies to"),
        ("x int range=5..1", "range '5..1' is empty"),
        ("x int range=5", "must look like LOW..HIGH"),
        ("x int range=..", "must look like LOW..HIGH"),
        ("x float default=nan", "not a finite number"),
        ("x date default=2020-13-01", "not a date"),
        ("x bool default=maybe", "not true or false"),
        ("x list[int] default=1,,2", "has an empty item"),
        ("x list[int] default=1,a", "'a' is not an integer"),
        ("x list[int] default=1,600 range=1..500", "600 is outside the range 1..500"),
        ('x string default="unclosed', "cannot read"),
    ],
)
def test_param_spec_problems(spec: str, problem: str) -> None:
    with pytest.raises(ValueError) as wrong:
        parse_param(spec)
    assert problem in str(wrong.value)


def test_param_spec_quoting_and_help() -> None:
    assert parse_param('city string default="New York" -- a city -- really') == QueryParam(
        "city", "string", default="New York", help="a city -- really"
    )
    assert parse_param("n list[int] values=1|2|3 default=1,3").default == [1, 3]
    assert parse_param("x int range=..10").range == (None, 10)


# --- catalog -----------------------------------------------------------------------------------


def test_catalog_loads_directories_in_order_and_reports_clashes() -> None:
    catalog = SavedQueryCatalog.load([GOOD, FIXTURES / "user_a", FIXTURES / "user_b"], include_shipped=False)
    assert catalog.names() == ["node_labels", "patents_by_year", "relationship_types", "top_applicants_in_segment"]
    assert len(catalog) == 4 and "node_labels" in catalog
    assert catalog.get("node_labels").origin == str(GOOD / "node_labels.cypher")
    assert catalog.get("relationship_types").origin == str(FIXTURES / "user_a" / "relationship_types.cypher")
    assert [(p.origin, p.message.split(";")[0]) for p in catalog.problems] == [
        (
            str(FIXTURES / "user_a" / "node_labels.cypher"),
            f"query 'node_labels' is already defined by {GOOD / 'node_labels.cypher'}",
        ),
        (
            str(FIXTURES / "user_b" / "relationship_types.cypher"),
            f"query 'relationship_types' is already defined by {FIXTURES / 'user_a' / 'relationship_types.cypher'}",
        ),
    ]
    assert all(not q.shipped for q in catalog)


def test_catalog_collects_broken_files_and_missing_directories_without_stopping() -> None:
    catalog = SavedQueryCatalog.load([BROKEN, FIXTURES / "missing", GOOD], include_shipped=False)
    assert len(catalog) == 3
    origins = {p.origin for p in catalog.problems}
    assert origins == {str(p) for p in BROKEN.glob("*.cypher")} | {str(FIXTURES / "missing")}
    assert any("not a directory" in str(p) for p in catalog.problems)


def test_shipped_queries_cannot_be_overridden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(saved.resources, "files", lambda package: FIXTURES / "fake_package")
    catalog = SavedQueryCatalog.load([FIXTURES / "user_a"])
    labels = catalog.get("node_labels")
    assert labels.shipped and labels.title == "Node labels (shipped)"
    assert labels.origin == "cypher/queries/node_labels.cypher"
    assert [p.origin for p in catalog.problems] == [str(FIXTURES / "user_a" / "node_labels.cypher")]
    assert "shipped queries cannot be overridden" in str(catalog.problems[0])


def test_the_package_queries_all_load() -> None:
    # Runs over whatever cypher/queries/ ships; an empty directory passes trivially.
    catalog = SavedQueryCatalog.load([])
    assert catalog.problems == ()
    assert all(q.shipped for q in catalog)


def test_unknown_query_suggests_close_names() -> None:
    catalog = SavedQueryCatalog.load([GOOD], include_shipped=False)
    with pytest.raises(UnknownQuery) as unknown:
        catalog.get("top_applicant")
    assert str(unknown.value) == "unknown query 'top_applicant'; did you mean 'top_applicants_in_segment'?"
    with pytest.raises(UnknownQuery) as unknown:
        catalog.get("zzz")
    assert str(unknown.value) == "unknown query 'zzz'"


# --- binding -----------------------------------------------------------------------------------


def test_binds_cli_strings_to_typed_values_with_defaults() -> None:
    query = good("patents_by_year")
    raw = {"cities": "无锡，常州, 南通", "years": "2020,2021", "since": "2010-05-01"}
    assert bind_parameters(query, raw) == {
        "cities": ["无锡", "常州", "南通"],
        "years": [2020, 2021],
        "since": date(2010, 5, 1),
        "min_share": 0.0,
        "granted_only": False,
        "ipc_section": None,
    }
    bound = bind_parameters(query, {"min_share": "0.5", "granted_only": "yes", "ipc_section": "H"})
    assert (bound["min_share"], bound["granted_only"], bound["ipc_section"]) == (0.5, True, "H")


def test_binds_json_values() -> None:
    query = good("patents_by_year")
    bound = bind_parameters(query, {"cities": ["南京"], "years": [2020], "min_share": 1, "granted_only": True})
    assert (bound["cities"], bound["years"]) == (["南京"], [2020])
    assert (bound["min_share"], bound["granted_only"]) == (1.0, True)
    assert bind_parameters(query, {"since": date(1990, 1, 1)})["since"] == date(1990, 1, 1)
    assert bind_parameters(query, {"ipc_section": None})["ipc_section"] is None


def test_default_lists_are_not_shared_between_bindings() -> None:
    query = good("patents_by_year")
    first = bind_parameters(query, {})
    first["cities"].append("上海")  # type: ignore[attr-defined]
    assert bind_parameters(query, {})["cities"] == ["南京", "苏州"]


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"segment_id": "s", "limt": "3"}, "unknown parameter 'limt' (did you mean 'limit'?)"),
        ({"region": "南京"}, "missing required parameter 'segment_id' (string)"),
        ({"segment_id": "s", "limit": "ten"}, "parameter 'limit' (int): 'ten' is not an integer"),
        ({"segment_id": "s", "limit": "2.5"}, "'2.5' is not an integer"),
        ({"segment_id": "s", "limit": "0"}, "parameter 'limit' (int): 0 is outside the range 1..500"),
        ({"segment_id": "s", "limit": 501}, "501 is outside the range 1..500"),
        ({"segment_id": "s", "limit": True}, "expected int, got bool True"),
        ({"segment_id": "s", "limit": 2.0}, "expected int, got float"),
        ({"segment_id": 7}, "parameter 'segment_id' (string): expected string, got int 7"),
        ({"segment_id": "s", "kind": "company"}, "'company' is not one of 'firm', 'university'"),
    ],
)
def test_binding_problems(raw: dict[str, object], problem: str) -> None:
    with pytest.raises(ParameterError) as wrong:
        bind_parameters(good("top_applicants_in_segment"), raw)
    assert problem in str(wrong.value)
    assert str(wrong.value).startswith("query 'top_applicants_in_segment': ")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({"years": "1900"}, "1900 is outside the range 1985..2100"),
        ({"years": [2020, "x"]}, "'x' is not an integer"),
        ({"years": "2020,"}, "has an empty item"),
        ({"cities": 5}, "expected list[string], got int 5"),
        ({"cities": [1]}, "expected string, got int 1"),
        ({"since": "1980-01-01"}, "1980-01-01 is outside the range 1985-01-01.."),
        ({"since": "yesterday"}, "'yesterday' is not a date"),
        ({"min_share": "inf"}, "is not a finite number"),
        ({"min_share": "1.5"}, "1.5 is outside the range 0.0..1.0"),
        ({"granted_only": "maybe"}, "'maybe' is not true or false"),
        ({"granted_only": 1}, "expected bool, got int 1"),
    ],
)
def test_binding_problems_for_other_types(raw: dict[str, object], problem: str) -> None:
    with pytest.raises(ParameterError) as wrong:
        bind_parameters(good("patents_by_year"), raw)
    assert problem in str(wrong.value)


def test_binding_reports_all_problems_at_once() -> None:
    with pytest.raises(ParameterError) as wrong:
        bind_parameters(good("top_applicants_in_segment"), {"limit": "0", "nope": "1"})
    assert len(wrong.value.problems) == 3


def test_split_assignments() -> None:
    assert split_assignments(["limit=20", "cities=南京,苏州", "expr=a=b", "limit=30"]) == {
        "limit": "30",
        "cities": "南京,苏州",
        "expr": "a=b",
    }
    with pytest.raises(ValueError, match="must look like name=value"):
        split_assignments(["limit"])

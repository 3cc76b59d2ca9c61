"""Saved-query safety against the embedded database: the whole write-attempt corpus and more.

tests/cypher/test_runner.py already sends a sample (every ~11th) of the write-attempt corpus through the
catalog and the runner, and test_readonly.py checks every corpus entry against the checker alone. Here:
every write attempt, plus look-alike letters, comment and string tricks and multiple statements added
below, is refused both when dropped into a user query directory (the catalog loader) and when forced
into a catalog around the checker (the runner), with the graph's fingerprint unchanged; mutated write
attempts stay refused; and every legitimate read passes the checker and runs on the fixture graph
(or is refused by the runner's hop bound, or names syntax the embedded ArcadeDB lacks; both listed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import LiteralString, cast

import pytest
from hypothesis import strategies as st

from cypher.readonly import TokenKind, UnsafeQuery, check_read_only, tokenize
from cypher.runner import ArcadeDBQueryTerminator, QueryFailed, QueryTimeout, SavedQueryRunner
from cypher.saved import ParameterError, QueryParam, SavedQuery, SavedQueryCatalog, UnknownQuery
from tests.cypher.fixture_graph import write_fixture_graph
from tests.cypher.test_readonly import LEGIT_READS, WRITE_ATTEMPTS
from tests.reliability._fuzz import fuzz

# Attacks beyond the corpus. Each is a write, an administration command or something the checker
# cannot vouch for, so each must be refused.
EXTRA_ATTEMPTS: list[str] = [
    # look-alike letters and compatibility forms
    "MATCH (n) \u13dfREATE (m)",  # Cherokee letter TLI looks like C
    "MATCH (n) \ua4daREATE (m)",  # Lisu letter CA
    "MATCH (n) \u216eETACH DELETE n",  # Roman numeral five hundred: NFKC folds it to D
    "MATCH (n) DETACH \uff24\uff25\uff2c\uff25\uff34\uff25 n",  # fullwidth DELETE
    "\uff2d\uff21\uff34\uff23\uff28 (n) \uff33\uff25\uff34 n.x = 1",  # fullwidth MATCH ... SET
    "MATCH (n) \U0001d403\U0001d404\U0001d40b\U0001d404\U0001d413\U0001d404 n",  # mathematical bold DELETE
    "MATCH (n) \u1d05\u1d07\u029f\u1d07\u1d1b\u1d07 n",  # small capitals
    "MATCH (n) \u041cERGE (m)",  # Cyrillic capital EM
    "MATCH (n) C\u0301REATE (m)",  # combining acute accent inside the keyword
    "MATCH (n) SE\u0422 n.x = 1",  # Cyrillic capital TE
    "MATCH (n) RETURN n\u2029CREATE (m)",  # paragraph separator as a line break
    "MATCH (n) RETURN n\u000bCREATE (m)",  # vertical tab
    "MATCH (n) RETURN n\u00a0CREATE (m)",  # no-break space between clauses
    "MATCH (n) RETURN n\u3000CREATE (m)",  # ideographic space
    # comments and strings
    "MATCH (n) /* */ DETACH /* x */ DELETE n",
    "MATCH (n) RETURN n -- CREATE (m)",
    "MATCH (n) RETURN n // ok\rCREATE (m)",
    "MATCH (n) RETURN n /* ; */ CREATE (m)",
    "MATCH (n) RETURN n.`a` CREATE (m)",
    "MATCH (n) RETURN '\\\\' CREATE (m) //'",
    'MATCH (n) RETURN "\\\\" DELETE n //"',
    "MATCH (n) RETURN '' + '' CREATE (m)",
    "MATCH (n) RETURN n /* unterminated",
    "MATCH (n) WHERE n.name = 'a' OR 1=1 DETACH DELETE n",
    "WITH 'CREATE (m)' AS q CALL apoc.cypher.run(q, {}) YIELD value RETURN value",
    "CALL db.labels() YIELD label CREATE (n:Label)",
    "MATCH (n) FOREACH (_ IN CASE WHEN true THEN [1] ELSE [] END | SET n.x = 1)",
    "MATCH (n) RETURN [x IN [1] | x] AS l CREATE (m)",
    "MATCH (n) RETURN 1 AS x ORDER BY x SKIP 0 LIMIT 1 CREATE (m)",
    # several statements
    "MATCH (n) RETURN n\n;CREATE (m)",
    "MATCH (n) RETURN n;\u00a0MATCH (m) RETURN m",
    "MATCH (n) RETURN n AS `x`; DROP INDEX i",
    "MATCH (n) RETURN n UNION ALL MATCH (m) DETACH DELETE m RETURN m AS n",
    "RETURN 1;RETURN 2;RETURN 3",
    # prefixes, procedures, administration, files
    "CYPHER runtime=interpreted CREATE (n)",
    "CYPHER 5 MATCH (n) DELETE n",
    "EXPLAIN CREATE (n)",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CALL apoc.export.csv.all('/tmp/x.csv', {})",
    "CALL db.index.fulltext.drop('x')",
    "CALL dbms.listQueries()",
    "SHOW TRANSACTIONS",
    "SHOW PROCEDURES",
    "RETURN apoc.text.join(['a'], 'b') AS s",
    "CALL { MATCH (n) RETURN n } IN TRANSACTIONS",
    "MATCH (n) CALL { WITH n DETACH DELETE n }",
    "MATCH (n) CALL (n) { SET n.x = 1 } RETURN n",
]


def _file(directory: Path, name: str, body: str) -> None:
    (directory / f"{name}.cypher").write_text(
        f"// name: {name}\n// title: {name}\n// description: attempt\n// returns: c\n{body}\n", encoding="utf-8")


def _smuggled(name: str, text: str) -> SavedQuery:
    return SavedQuery(name=name, title="t", description="d", params=(), returns=("c",),
                      text=cast(LiteralString, text), origin="test")


ALL_ATTEMPTS = [case.query for case in WRITE_ATTEMPTS] + EXTRA_ATTEMPTS


@pytest.fixture(scope="module")
def loaded(graph):  # type: ignore[no-untyped-def]
    write_fixture_graph(graph.driver, graph.database)
    return graph


@pytest.fixture(scope="module")
def shipped() -> SavedQueryCatalog:
    return SavedQueryCatalog.load()


@pytest.fixture(scope="module")
def terminator(embedded_server) -> ArcadeDBQueryTerminator:  # type: ignore[no-untyped-def]
    found = ArcadeDBQueryTerminator.for_embedded(embedded_server)
    assert found is not None
    return found


def fingerprint(catalog: SavedQueryCatalog, graph) -> dict:  # type: ignore[no-untyped-def]
    rows = SavedQueryRunner(catalog, timeout_s=30, row_cap=1000).run(graph.driver, graph.database,
                                                                     "graph_fingerprint", {}).rows
    return {(r["kind"], r["name"]): (r["count"], r["properties"], r["checksum"]) for r in rows}


@pytest.mark.parametrize("query", EXTRA_ATTEMPTS, ids=lambda q: ascii(q)[:50])
def test_extra_attempt_is_refused_by_the_checker(query: str) -> None:
    with pytest.raises(UnsafeQuery) as refused:
        check_read_only(query)
    assert str(refused.value).strip()


def test_every_write_attempt_is_refused_by_the_catalog_and_the_runner_and_nothing_changes(
    loaded, shipped, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    before = fingerprint(shipped, loaded)
    counts = loaded.counts()
    for index, query in enumerate(ALL_ATTEMPTS):
        _file(tmp_path, f"attempt_{index}", query)
    attempts = SavedQueryCatalog.load([tmp_path])
    refused = {Path(p.origin).stem for p in attempts.problems}
    assert refused == {f"attempt_{i}" for i in range(len(ALL_ATTEMPTS))}
    assert not any(q.name.startswith("attempt_") for q in attempts)
    through_files = SavedQueryRunner(attempts, timeout_s=10, row_cap=10)
    for index in range(len(ALL_ATTEMPTS)):
        with pytest.raises(UnknownQuery):
            through_files.run(loaded.driver, loaded.database, f"attempt_{index}", {})

    forced = {f"forced_{i}": _smuggled(f"forced_{i}", q) for i, q in enumerate(ALL_ATTEMPTS)}
    runner = SavedQueryRunner(SavedQueryCatalog(forced), timeout_s=10, row_cap=10)
    for name, query in forced.items():
        with pytest.raises(UnsafeQuery):
            runner.run(loaded.driver, loaded.database, name, {})
    assert runner.peak_in_flight == 0  # refused before any session was opened
    assert fingerprint(shipped, loaded) == before
    assert loaded.counts() == counts


# Mutations of a write attempt that must not change the verdict: whitespace outside string literals
# replaced by other whitespace or comments, or a harmless read prefix.
FILLERS = [" ", "\n", "\t", "  ", " /* */ ", " /* CREATE? no */ ", " // note\n", "\r\n", " /**/ "]


def _mutate(query: str, fillers: list[str], prefix: str) -> str:
    try:
        tokens = tokenize(query, keep_comments=True)
    except UnsafeQuery:
        return prefix + query  # not lexable: it stays refused whatever surrounds it
    out: list[str] = []
    position = 0
    previous = None
    for index, token in enumerate(tokens):
        gap = query[position:token.start]
        # the gap after a // comment holds the line break that ends it: left alone
        after_comment = previous is not None and previous.kind is TokenKind.COMMENT
        previous = token
        if gap and gap.isspace() and not after_comment and token.kind is not TokenKind.COMMENT:
            gap = fillers[index % len(fillers)] if fillers else gap
        out.append(gap)
        end = token.start + len(token.text)
        out.append(query[token.start:end])
        position = end
    out.append(query[position:])
    return prefix + "".join(out)


def _mutated_attempts_stay_refused(index: int, fillers: list[str], prefix: str) -> None:
    query = ALL_ATTEMPTS[index % len(ALL_ATTEMPTS)]
    mutated = _mutate(query, fillers, prefix)
    with pytest.raises(UnsafeQuery):
        check_read_only(mutated)


test_mutated_write_attempts_stay_refused, test_mutated_write_attempts_stay_refused_slow = fuzz(
    st.integers(0, 10_000), st.lists(st.sampled_from(FILLERS), max_size=6),
    st.sampled_from(["", "// header\n", "/* a comment */ ", "\ufeff"]), fast=300, slow=5000,
)(_mutated_attempts_stay_refused)


WRITES = ["CREATE (x)", "MERGE (x:Organization {id: 'x'})", "SET n.x = 1", "DETACH DELETE n", "REMOVE n.name",
          "DELETE n", "FOREACH (i IN [1] | CREATE (y))", "SET n:Evil", "CALL apoc.create.node(['X'], {})"]


def _read_then_write(read_index: int, write: str, joiner: str) -> None:
    read = LEGIT_READS[read_index % len(LEGIT_READS)].query
    with pytest.raises(UnsafeQuery):
        check_read_only(f"{read}{joiner}{write}")


test_a_legit_read_with_a_write_appended_is_refused, test_a_legit_read_with_a_write_appended_is_refused_slow = fuzz(
    st.integers(0, 1000), st.sampled_from(WRITES), st.sampled_from(["\n", "\n ", "\n/* */ ", "\n// c\n", ";\n", "\n;"]),
    fast=150, slow=3000,
)(_read_then_write)


# --- legitimate reads run ------------------------------------------------------------------------

PARAM_TYPES = {"skip": ("int", 0), "limit": ("int", 5), "from_year": ("int", 2000), "ids": ("list[string]", []),
               "rows": ("list[string]", [])}

# Corpus reads that pass the checker but are not run here, and why. Anything not listed must run.
HOP_BOUND = "unbounded variable-length pattern: the runner needs an upper bound"
NOT_ON_ARCADEDB = "Neo4j 5 syntax the embedded ArcadeDB does not accept"


def _parameters(query: str) -> tuple[QueryParam, ...]:
    names = []
    for token in tokenize(query):
        if token.kind is TokenKind.PARAMETER:
            name = token.value.lstrip("$").strip("`")
            if name not in names:
                names.append(name)
    params = []
    for name in names:
        kind, default = PARAM_TYPES.get(name, ("string", "x"))
        params.append(QueryParam(name=name, type=kind, default=default))  # type: ignore[arg-type]
    return tuple(params)


def test_every_legit_read_passes_the_checker_and_runs_or_is_accounted_for(loaded, shipped, terminator) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint(shipped, loaded)
    queries = {f"read_{i}": SavedQuery(name=f"read_{i}", title="t", description="d", params=_parameters(c.query),
                                       returns=(), text=cast(LiteralString, c.query), origin=f"line {c.line}")
               for i, c in enumerate(LEGIT_READS)}
    runner = SavedQueryRunner(SavedQueryCatalog(queries), timeout_s=5, row_cap=20, terminator=terminator)
    outcome: dict[str, list[str]] = {"ran": [], HOP_BOUND: [], NOT_ON_ARCADEDB: []}
    failures: dict[str, str] = {}
    for name, query in queries.items():
        check_read_only(query.text)  # every corpus read passes the checker itself
        try:
            runner.run(loaded.driver, loaded.database, name, {})
        except UnsafeQuery as refused:
            assert "upper bound" in str(refused), (query.origin, refused)
            outcome[HOP_BOUND].append(query.origin)
        except QueryFailed as failed:
            outcome[NOT_ON_ARCADEDB].append(query.origin)
            failures[query.origin] = str(failed)[:160]
        except QueryTimeout:  # pragma: no cover - reported below rather than hidden
            failures[query.origin] = "timeout"
            outcome[NOT_ON_ARCADEDB].append(query.origin)
        else:
            outcome["ran"].append(query.origin)
    assert fingerprint(shipped, loaded) == before  # reads leave the graph as it was
    print({k: len(v) for k, v in outcome.items()})
    for origin, reason in failures.items():
        print(f"  not run on ArcadeDB: {origin}: {reason}")
    assert "timeout" not in failures.values()
    # most of the corpus runs; what does not is named above and in the report
    assert len(outcome["ran"]) >= len(LEGIT_READS) * 0.6, outcome
    assert len(outcome[HOP_BOUND]) <= 4, outcome[HOP_BOUND]


def test_saved_queries_cannot_reach_other_databases_or_sessions(loaded, shipped) -> None:  # type: ignore[no-untyped-def]
    """Names that try to escape the catalog or smuggle text are unknown, never run."""
    runner = SavedQueryRunner(shipped, timeout_s=5, row_cap=5)
    for name in ["graph_fingerprint; CREATE (n)", "../graph_fingerprint", "graph_fingerprint\u200b",
                 "GRAPH_FINGERPRINT", "graph_fingerprint ", "graph\u2010fingerprint", ""]:
        with pytest.raises(UnknownQuery):
            runner.run(loaded.driver, loaded.database, name, {})


def test_parameters_are_data_never_cypher(loaded, shipped) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint(shipped, loaded)
    runner = SavedQueryRunner(shipped, timeout_s=10, row_cap=50)
    evil = ["x' }) DETACH DELETE n //", "\") CREATE (n) //", "`) SET n.x = 1 //", "$other", "\u0000",
            "CREATE (n)", "*/ MATCH (n) DETACH DELETE n /*"]
    string_params = [(q.name, p.name) for q in shipped for p in q.params
                     if p.type == "string" and p.values is None]
    assert string_params
    for name, param in string_params:
        query = shipped.get(name)
        required = {p.name: "x" for p in query.params if p.required and p.type == "string"}
        if any(p.required and p.type != "string" for p in query.params):
            continue
        for value in evil:
            try:
                runner.run(loaded.driver, loaded.database, name, {**required, param: value})
            except (QueryFailed, QueryTimeout) as failed:  # a bad value may fail; it must not write
                assert not re.search(r"Traceback", str(failed))
            except ParameterError as refused:  # a value naming nothing is refused before the query runs
                assert "names nothing in the graph" in str(refused)
    assert fingerprint(shipped, loaded) == before

"""Saved-query safety against the real database: the checker's corpora through the catalog and the
runner, and the database's own guards proven with the checker bypassed.

With the checker bypassed (`Unchecked` below), only the database stands between a query and the data:
  * every write sent through the runner's session is refused and nothing changes (Neo4j: the READ
    transaction; ArcadeDB: the read-only user the runner's session authenticates as);
  * a schema change (a new label or type) is refused too: ArcadeDB keeps a new type even when the
    transaction is rolled back, so a rollback alone would not do;
  * `LOAD CSV` of a local file or a URL is refused (ArcadeDB: per-database settings, and the user);
  * transactions are never committed: even as root (no read-only user), a data write is rolled back;
  * ArcadeDB aborts a long statement by its per-database command timeout, with no client deadline.
Assertions specific to one backend are keyed on its `BackendProfile`; the graph fixture is ArcadeDB
until the Neo4j backend (issue 14) gives it a profile of its own.
"""

from __future__ import annotations

import re
import time
import uuid
from pathlib import Path
from typing import LiteralString, cast

import neo4j
import pytest
from hypothesis import strategies as st

from cypher.readonly import TokenKind, UnsafeQuery, check_read_only, tokenize
from cypher.runner import QueryFailed, QueryTimeout, SavedQueryRunner
from cypher.saved import SavedQueryCatalog
from cypher.saved_model import ParameterError, QueryParam, SavedQuery, UnknownQuery
from graph.backend import Backend, BackendProfile, profile
from graph.connection import GraphTarget
from core.settings import Settings
from tests.cypher.cypher_corpus import valid_reads, write_attempts
from tests.cypher.fixture_graph import write_fixture_graph
from tests.cypher.test_readonly import BEYOND_THE_RULES, LEGIT_READS, WRITE_ATTEMPTS
from tests.reliability._fuzz import fuzz

ALL_ATTEMPTS = [case.query for case in WRITE_ATTEMPTS + BEYOND_THE_RULES] + [q for q, _, _ in write_attempts()[::25]]
SLOW = "UNWIND range(1, $n) AS a UNWIND range(1, $n) AS b WITH a, b WHERE (a * b) % 7919 = 99999 RETURN count(*) AS c"


class Unchecked(SavedQueryRunner):
    """The runner with the checker bypassed: what it sends, only the database can refuse."""

    def check(self, text: str) -> None:
        return None


def _query(name: str, text: str, params: tuple[QueryParam, ...] = ()) -> SavedQuery:
    return SavedQuery(name=name, title="t", description="d", params=params, returns=("c",),
                      text=cast(LiteralString, text), origin="test")


def _file(directory: Path, name: str, body: str) -> None:
    (directory / f"{name}.cypher").write_text(
        f"// name: {name}\n// title: {name}\n// description: attempt\n// returns: c\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def loaded(graph):  # type: ignore[no-untyped-def]
    write_fixture_graph(graph.driver, graph.database)
    return graph


@pytest.fixture(scope="module")
def backend(embedded_server) -> BackendProfile:  # type: ignore[no-untyped-def]
    return profile(embedded_server.backend)


@pytest.fixture(scope="module")
def settings(loaded, embedded_server) -> Settings:  # type: ignore[no-untyped-def]
    return Settings(data_dir=embedded_server.data_dir, database=loaded.database, query_timeout_s=10,
                    query_row_cap=100, query_concurrency=4)


@pytest.fixture(scope="module")
def target(loaded, backend, embedded_server) -> GraphTarget:  # type: ignore[no-untyped-def]
    status = embedded_server.status()
    return GraphTarget(status.uri, embedded_server.auth, loaded.database, backend)


def runner_for(catalog: SavedQueryCatalog, settings: Settings, target: GraphTarget, cls: type = SavedQueryRunner):
    """A runner as the CLI and the API make it (`for_target`): same limits, same backend guards."""
    made = SavedQueryRunner.for_target(catalog, settings, target)
    return cls(catalog, timeout_s=made.timeout_s, row_cap=made.row_cap, max_concurrent=made.max_concurrent,
               terminator=made.terminator, session_auth=made.session_auth, database_timeout=made.database_timeout)


@pytest.fixture(scope="module")
def shipped() -> SavedQueryCatalog:
    return SavedQueryCatalog.load()


def fingerprint(catalog: SavedQueryCatalog, graph) -> dict:  # type: ignore[no-untyped-def]
    rows = SavedQueryRunner(catalog, timeout_s=30, row_cap=1000).run(graph.driver, graph.database,
                                                                     "graph_fingerprint", {}).rows
    return {(r["kind"], r["name"]): (r["count"], r["properties"], r["checksum"]) for r in rows}


def schema(graph) -> tuple[set[str], set[str], set[str]]:  # type: ignore[no-untyped-def]
    """Labels (ArcadeDB: every vertex type, with records or not), relationship types, property keys."""
    def names(call: str, column: str) -> set[str]:
        return {str(r[column]) for r in graph.query(f"CALL {call}() YIELD {column} RETURN {column}")}
    return names("db.labels", "label"), names("db.relationshipTypes", "relationshipType"), \
        names("db.propertyKeys", "propertyKey")


# --- the runner as both front ends make it ---------------------------------------------------------


def test_the_cli_and_the_api_get_the_same_guards_from_the_backend(settings, target, backend, embedded_server) -> None:  # type: ignore[no-untyped-def]
    if backend.backend is Backend.ARCADEDB:  # the embedded server's guards need that server running
        arcadedb = SavedQueryRunner.for_target(SavedQueryCatalog(), settings, target)
        assert arcadedb.terminator is not None  # the API's runner had none before
        assert arcadedb.session_auth == embedded_server.reader_auth
        assert not arcadedb.database_timeout  # ArcadeDB ignores the transaction timeout: the runner gives up
        assert (arcadedb.timeout_s, arcadedb.row_cap, arcadedb.max_concurrent, arcadedb.max_hops) == (10, 100, 4, 6)
    neo4j_target = GraphTarget("bolt://localhost:7687", ("neo4j", "x"), "neo4j", profile(Backend.NEO4J))
    on_neo4j = SavedQueryRunner.for_target(SavedQueryCatalog(), settings, neo4j_target, timeout_s=3, row_cap=7)
    assert on_neo4j.terminator is None and on_neo4j.session_auth is None  # Neo4j enforces READ and timeouts
    assert on_neo4j.database_timeout  # the runner waits for Neo4j to abort the transaction itself
    assert (on_neo4j.timeout_s, on_neo4j.row_cap) == (3, 7)


# --- the database's own guards, with the checker bypassed ---------------------------------------------

WRITES_THROUGH_THE_SESSION = [
    "CREATE (n:Organization {id: 'evil'}) RETURN 1 AS c",
    "MATCH (o:Organization) SET o.name = 'evil' RETURN count(o) AS c",
    "MATCH (o:Organization) SET o += {evil: true} RETURN count(o) AS c",
    "MATCH (o:Organization) REMOVE o.name RETURN count(o) AS c",
    "MATCH (o:Organization) DETACH DELETE o RETURN 1 AS c",
    "MATCH ()-[r:APPLIED_FOR]->() DELETE r RETURN 1 AS c",
    "MERGE (r:Region {id: 'evil'}) RETURN 1 AS c",
    "MATCH (a:Organization), (b:Patent) WITH a, b LIMIT 1 CREATE (a)-[:APPLIED_FOR]->(b) RETURN 1 AS c",
    "UNWIND [1, 2] AS i FOREACH (x IN [i] | CREATE (:Organization {id: 'evil' + x})) RETURN 1 AS c",
    "MATCH (o:Organization) WITH o AS as SET as.x = 1 RETURN count(as) AS c",
]
SCHEMA_CHANGES = [
    "CREATE (n:BrandNewType {id: 1}) RETURN 1 AS c",
    "MATCH (o:Organization) SET o:BrandNewLabel RETURN count(o) AS c",
    "MATCH (a:Organization), (b:Organization) WITH a, b LIMIT 1 CREATE (a)-[:BRAND_NEW_TYPE]->(b) RETURN 1 AS c",
    "MATCH (o:Organization) SET o.brand_new_key = 1 RETURN count(o) AS c",
    "CREATE INDEX brand_new_index IF NOT EXISTS FOR (n:Organization) ON (n.brand_new_key)",
]


def test_writes_sent_through_the_runners_session_are_refused_by_the_database(
    loaded, shipped, settings, target, backend, embedded_server  # type: ignore[no-untyped-def]
) -> None:
    before, tokens = fingerprint(shipped, loaded), schema(loaded)
    catalog = SavedQueryCatalog({f"w{i}": _query(q[:40], q) for i, q in enumerate(WRITES_THROUGH_THE_SESSION)})
    runner = runner_for(catalog, settings, target, Unchecked)
    uncommitted = []
    for name in catalog.names():
        try:
            runner.run(loaded.driver, loaded.database, name, {})
        except QueryFailed as refused:
            assert re.search(r"not allowed|read access|forbidden|Writing in read", str(refused), re.I), str(refused)
        else:
            uncommitted.append(catalog.get(name).text)
    assert fingerprint(shipped, loaded) == before
    assert schema(loaded) == tokens
    if backend.enforces_read_access:
        assert uncommitted == []  # Neo4j refuses every write in a READ transaction
        return
    # ArcadeDB checks a user's right to update a record when the transaction commits, not while the
    # statement runs: SET and REMOVE ran in the runner's transaction, which is never committed. Were it
    # committed, ArcadeDB would refuse it: shown here with the same session credentials.
    assert uncommitted and all(re.search(r"\b(SET|REMOVE)\b", text) for text in uncommitted), uncommitted
    driver = neo4j.GraphDatabase.driver(target.uri, auth=embedded_server.auth)
    try:
        for text in uncommitted:
            with driver.session(database=loaded.database, auth=runner.session_auth) as session:
                transaction = session.begin_transaction()
                list(transaction.run(text))
                with pytest.raises(neo4j.exceptions.Neo4jError, match="(?i)forbidden|not allowed|commit"):
                    transaction.commit()
    finally:
        driver.close()
    assert fingerprint(shipped, loaded) == before


def test_a_schema_change_through_the_runner_is_impossible(loaded, settings, target, backend) -> None:  # type: ignore[no-untyped-def]
    labels, types, keys = schema(loaded)
    catalog = SavedQueryCatalog({f"s{i}": _query(f"s{i}", q) for i, q in enumerate(SCHEMA_CHANGES)})
    runner = runner_for(catalog, settings, target, Unchecked)
    for name in catalog.names():
        try:
            runner.run(loaded.driver, loaded.database, name, {})
        except QueryFailed:
            continue
        # only a change ArcadeDB checks at commit may run, and the runner never commits
        assert not backend.enforces_read_access and re.search(r"\bSET\b", catalog.get(name).text), catalog.get(name).text
    after_labels, after_types, after_keys = schema(loaded)
    assert after_labels == labels and "BrandNewType" not in after_labels and "BrandNewLabel" not in after_labels
    assert after_types == types and "BRAND_NEW_TYPE" not in after_types
    assert "brand_new_key" not in after_keys


def test_without_the_read_only_user_a_rollback_still_leaves_a_new_type_on_arcadedb(loaded, backend, target) -> None:  # type: ignore[no-untyped-def]
    """Why the read-only user is needed: ArcadeDB creates a type outside the transaction."""
    if backend.enforces_read_access:
        pytest.skip("this backend refuses writes in READ transactions; there is nothing to show")
    name = f"Leftover_{uuid.uuid4().hex[:6]}"
    runner = Unchecked(SavedQueryCatalog({"t": _query("t", f"CREATE (n:{name}) RETURN 1 AS c")}), timeout_s=10, row_cap=5)
    assert runner.run(loaded.driver, loaded.database, "t", {}).rows == [{"c": 1}]  # root: ArcadeDB runs it
    assert loaded.scalar(f"MATCH (n:{name}) RETURN count(n) AS c") == 0  # the record was rolled back...
    assert name in schema(loaded)[0]  # ...the type was not


def test_saved_queries_run_in_transactions_that_are_never_committed(loaded, shipped, backend) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint(shipped, loaded)
    text = "MATCH (o:Organization) SET o.name = 'changed' RETURN count(o) AS c"
    runner = Unchecked(SavedQueryCatalog({"w": _query("w", text)}), timeout_s=10, row_cap=5)  # as root: no user guard
    if backend.enforces_read_access:
        with pytest.raises(QueryFailed):
            runner.run(loaded.driver, loaded.database, "w", {})
    else:
        assert runner.run(loaded.driver, loaded.database, "w", {}).rows[0]["c"] > 0  # it ran, and was rolled back
    assert loaded.scalar("MATCH (o:Organization {name: 'changed'}) RETURN count(o) AS c") == 0
    assert fingerprint(shipped, loaded) == before


async def test_the_async_path_has_the_same_guards(loaded, shipped, settings, target, embedded_server) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint(shipped, loaded)
    catalog = SavedQueryCatalog({"create": _query("create", WRITES_THROUGH_THE_SESSION[0]),
                                 "delete": _query("delete", WRITES_THROUGH_THE_SESSION[4]),
                                 "new type": _query("new type", SCHEMA_CHANGES[0])})
    runner = runner_for(catalog, settings, target, Unchecked)
    driver = neo4j.AsyncGraphDatabase.driver(target.uri, auth=embedded_server.auth)
    try:
        for name in catalog.names():
            with pytest.raises(QueryFailed):
                await runner.run_async(driver, loaded.database, name, {})
    finally:
        await driver.close()
    assert fingerprint(shipped, loaded) == before


def test_load_csv_of_files_and_urls_is_refused_by_the_database(loaded, settings, target, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.csv"
    secret.write_text("top,secret\n42,hidden-line\n", encoding="utf-8")
    texts = [f"LOAD CSV FROM 'file://{secret}' AS line RETURN line AS c", f"LOAD CSV FROM '{secret}' AS line RETURN line AS c",
             "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line AS c",
             "LOAD CSV WITH HEADERS FROM 'https://example.com/data.csv' AS line RETURN line AS c"]
    catalog = SavedQueryCatalog({f"l{i}": _query(f"l{i}", q) for i, q in enumerate(texts)})
    as_reader = runner_for(catalog, settings, target, Unchecked)
    as_root = Unchecked(catalog, timeout_s=10, row_cap=5)  # no read-only user: the per-database settings alone
    for runner in (as_reader, as_root):
        for name in catalog.names():
            try:
                rows = runner.run(loaded.driver, loaded.database, name, {}).rows
            except QueryFailed as refused:
                assert re.search(r"disabled|not allowed|forbidden|couldn.t load|cannot load|invalid url|not found", str(refused), re.I), str(refused)
            else:  # a backend may resolve file:/// inside its own import directory; it must not find ours
                assert not any("hidden-line" in str(row) or "root:" in str(row) for row in rows), rows


def test_arcadedb_databases_carry_the_guards_as_their_own_settings(loaded, backend, embedded_server) -> None:  # type: ignore[no-untyped-def]
    if backend.backend is not Backend.ARCADEDB:
        pytest.skip("per-database settings are ArcadeDB's")
    for database in (loaded.database, embedded_server.database):
        found = embedded_server.database_settings(database)
        assert found["arcadedb.opencypher.loadCsv.allowFileUrls"] is False
        assert found["arcadedb.opencypher.loadCsv.allowRemoteUrls"] is False
        assert found["arcadedb.command.timeout"] == int(embedded_server.command_timeout_s * 1000)


def test_arcadedb_aborts_a_long_statement_by_its_per_database_timeout(backend, embedded_server) -> None:  # type: ignore[no-untyped-def]
    if backend.honours_transaction_timeout:
        pytest.skip("this backend honours the Bolt transaction timeout; the runner relies on it")
    name = f"t_timeout_{uuid.uuid4().hex[:6]}"
    embedded_server.create_database(name)
    try:
        embedded_server.configure_database(name, command_timeout_s=1.5)
        driver = neo4j.GraphDatabase.driver(embedded_server.status().uri, auth=embedded_server.auth)
        try:
            started = time.perf_counter()
            with pytest.raises(neo4j.exceptions.Neo4jError, match="command.timeout|timed ?out"):
                driver.execute_query(SLOW, {"n": 30_000}, database_=name)  # no client deadline at all
            assert time.perf_counter() - started < 15
        finally:
            driver.close()
    finally:
        embedded_server.drop_database(name)


def test_the_database_reads_string_escapes_as_the_checker_does(loaded) -> None:  # type: ignore[no-untyped-def]
    text = r"""RETURN 'it\'s' AS a, "x\"y" AS b, 'a\\' AS c, '\u0043REATE' AS d, 'x'  /* ' */ AS e"""
    check_read_only(text)
    assert loaded.query(text) == [{"a": "it's", "b": 'x"y', "c": "a\\", "d": "CREATE", "e": "x"}]


# --- the corpora through the catalog and the runner -----------------------------------------------


def test_every_refused_query_is_refused_by_the_catalog_and_the_runner_and_nothing_changes(
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
    for index in range(0, len(ALL_ATTEMPTS), 7):
        with pytest.raises(UnknownQuery):
            through_files.run(loaded.driver, loaded.database, f"attempt_{index}", {})

    forced = {f"forced_{i}": _query(f"forced_{i}", q) for i, q in enumerate(ALL_ATTEMPTS)}
    runner = SavedQueryRunner(SavedQueryCatalog(forced), timeout_s=10, row_cap=10)
    for name in forced:
        with pytest.raises(UnsafeQuery):
            runner.run(loaded.driver, loaded.database, name, {})
    assert runner.peak_in_flight == 0  # refused before any session was opened
    assert fingerprint(shipped, loaded) == before
    assert loaded.counts() == counts


FILLERS = [" ", "\n", "\t", "  ", " /* */ ", " /* CREATE? no */ ", " // note\n", "\r\n", " /**/ ", "\u3000"]


def _mutate(query: str, fillers: list[str], prefix: str) -> str:
    """Whitespace outside string literals replaced by other whitespace or comments, and a prefix."""
    try:
        tokens = tokenize(query, keep_comments=True)
    except UnsafeQuery:
        return prefix + query  # not lexable: it stays refused whatever surrounds it
    out: list[str] = []
    position = 0
    previous = None
    for index, token in enumerate(tokens):
        gap = query[position:token.start]
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
    with pytest.raises(UnsafeQuery):
        check_read_only(_mutate(query, fillers, prefix))


test_mutated_write_attempts_stay_refused, test_mutated_write_attempts_stay_refused_slow = fuzz(
    st.integers(0, 10_000), st.lists(st.sampled_from(FILLERS), max_size=6),
    st.sampled_from(["", "// header\n", "/* a comment */ ", "\ufeff"]), fast=300, slow=5000,
)(_mutated_attempts_stay_refused)


def _mutated_reads_stay_accepted(index: int, fillers: list[str], prefix: str) -> None:
    query = LEGIT_READS[index % len(LEGIT_READS)].query
    check_read_only(_mutate(query, [f for f in fillers if "//" not in f] or [" "], prefix))


test_mutated_reads_stay_accepted, test_mutated_reads_stay_accepted_slow = fuzz(
    st.integers(0, 1000), st.lists(st.sampled_from(FILLERS), max_size=6),
    st.sampled_from(["", "// header\n", "/* a comment */ "]), fast=200, slow=3000,
)(_mutated_reads_stay_accepted)


# --- legitimate reads run ------------------------------------------------------------------------

PARAM_TYPES = {"skip": ("int", 0), "limit": ("int", 5), "from_year": ("int", 2000), "ids": ("list[string]", []),
               "rows": ("list[string]", []), "0": ("int", 1)}


def _parameters(query: str) -> tuple[QueryParam, ...]:
    names = sorted(check_read_only(query).parameters)
    return tuple(QueryParam(name=n, type=PARAM_TYPES.get(n, ("string", "x"))[0],  # type: ignore[arg-type]
                            default=PARAM_TYPES.get(n, ("string", "x"))[1]) for n in names)


def _run_all(runner_catalog: dict[str, SavedQuery], graph, settings, target) -> tuple[list[str], dict[str, str]]:  # type: ignore[no-untyped-def]
    runner = runner_for(SavedQueryCatalog(runner_catalog), settings, target)
    ran: list[str] = []
    failures: dict[str, str] = {}
    for name, query in runner_catalog.items():
        try:
            runner.run(graph.driver, graph.database, name, {})
        except QueryFailed as failed:
            failures[query.origin] = str(failed)[:160]
        except QueryTimeout:  # pragma: no cover - reported rather than hidden
            failures[query.origin] = "timeout"
        else:
            ran.append(query.origin)
    return ran, failures


@pytest.mark.user_cypher  # the corpus is users' Cypher, old syntax included; shipped .cypher files get no pass
def test_every_legit_read_passes_the_checker_and_runs_or_is_accounted_for(loaded, shipped, settings, target) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint(shipped, loaded)
    queries = {f"read_{i}": SavedQuery(name=f"read_{i}", title="t", description="d", params=_parameters(c.query),
                                       returns=(), text=cast(LiteralString, c.query), origin=f"line {c.line}")
               for i, c in enumerate(LEGIT_READS) if "$props" not in c.query and "$filter" not in c.query}
    ran, failures = _run_all(queries, loaded, settings, target)
    assert fingerprint(shipped, loaded) == before  # reads leave the graph as it was
    print(f"ran {len(ran)} of {len(queries)}; not run on this backend:")
    for origin, reason in failures.items():
        print(f"  {origin}: {reason}")
    assert "timeout" not in failures.values()
    # syntax this backend (ArcadeDB) lacks (quantified paths, selectors, IS ::, ...) is named above
    assert len(ran) >= len(queries) * 0.6


def test_generated_reads_run_on_the_database(loaded, shipped, settings, target, backend) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint(shipped, loaded)
    sample = valid_reads(1200, seed=15, scoped_calls=backend.backend is Backend.NEO4J)[::4]
    queries = {f"gen_{i}": SavedQuery(name=f"gen_{i}", title="t", description="d", params=_parameters(text),
                                      returns=(), text=cast(LiteralString, text), origin=f"generated {i}")
               for i, (text, features) in enumerate(sample) if "quantified-path" not in features}
    ran, failures = _run_all(queries, loaded, settings, target)
    assert fingerprint(shipped, loaded) == before
    for origin, reason in list(failures.items())[:20]:
        print(f"  {origin}: {reason}")
    print(f"generated reads: {len(ran)} of {len(queries)} ran")
    assert len(ran) >= len(queries) * 0.95  # the generator writes Cypher a real parser takes


def test_saved_queries_cannot_reach_other_databases_or_sessions(loaded, shipped) -> None:  # type: ignore[no-untyped-def]
    """Names that try to escape the catalog or smuggle text are unknown, never run."""
    runner = SavedQueryRunner(shipped, timeout_s=5, row_cap=5)
    for name in ["graph_fingerprint; CREATE (n)", "../graph_fingerprint", "graph_fingerprint\u200b",
                 "GRAPH_FINGERPRINT", "graph_fingerprint ", "graph\u2010fingerprint", ""]:
        with pytest.raises(UnknownQuery):
            runner.run(loaded.driver, loaded.database, name, {})


def test_parameters_are_data_never_cypher(loaded, shipped, settings, target) -> None:  # type: ignore[no-untyped-def]
    before = fingerprint(shipped, loaded)
    runner = runner_for(shipped, settings, target)
    evil = ["x' }) DETACH DELETE n //", "\") CREATE (n) //", "`) SET n.x = 1 //", "$other", "\u0000",
            "CREATE (n)", "*/ MATCH (n) DETACH DELETE n /*", "file:///etc/passwd"]
    string_params = [(q.name, p.name) for q in shipped for p in q.params if p.type == "string" and p.values is None]
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

"""The saved-query runner against the embedded database: refusals leave the graph untouched, the
deadline holds although ArcadeDB ignores Bolt timeouts, the row cap, the concurrency limit, the log."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import threading
import time
from pathlib import Path
from typing import LiteralString, cast

import neo4j
import pytest

from cypher.readonly import UnsafeQuery, check_read_only
from cypher.runner import (
    BACKSTOP_S,
    ArcadeDBQueryTerminator,
    QueryBusy,
    QueryFailed,
    QueryTimeout,
    SavedQueryRunner,
)
from cypher.saved import SavedQueryCatalog
from cypher.saved_model import ParameterError, SavedQuery, UnknownQuery
from cypher.terminator import CLOCK_SLACK_S
from graph.backend import profile
from tests.backends import running_statements
from tests.cypher.fixture_graph import FIXTURE, expected_counts, write_fixture_graph
from tests.cypher.test_readonly import WRITE_ATTEMPTS

# A cartesian product: ~16M rows, several seconds of server CPU, no data needed.
SLOW = "UNWIND range(1, $n) AS a UNWIND range(1, $n) AS b WITH a, b WHERE (a * b) % 7919 = 99999 RETURN count(*) AS c"
SLOW_N = 4000


def _query_file(directory: Path, name: str, body: str, params: str = "", returns: str = "c") -> Path:
    path = directory / f"{name}.cypher"
    path.write_text(
        f"// name: {name}\n// title: {name}\n// description: test query\n{params}// returns: {returns}\n{body}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def user_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("user_queries")
    _query_file(directory, "slow_count", SLOW, "// param: n int default=4000 range=1..100000\n")
    _query_file(directory, "numbers", "UNWIND range(1, $n) AS x RETURN x", "// param: n int default=10\n", "x")
    _query_file(
        directory,
        "org_names",
        "MATCH (o:Organization) WHERE $since IS NULL OR o.founded >= $since RETURN o.name AS name ORDER BY name",
        "// param: since date\n",
        "name",
    )
    _query_file(directory, "broken_function", "RETURN range(1, 10, 0) AS c")  # the database refuses it
    return directory


@pytest.fixture(scope="module")
def loaded(graph):  # type: ignore[no-untyped-def]
    write_fixture_graph(graph.driver, graph.database)
    return graph


@pytest.fixture(scope="module")
def catalog(user_dir: Path) -> SavedQueryCatalog:
    catalog = SavedQueryCatalog.load([user_dir])
    assert not catalog.problems, catalog.problems
    return catalog


@pytest.fixture(scope="module")
def terminator(embedded_server) -> ArcadeDBQueryTerminator | None:  # type: ignore[no-untyped-def]
    """ArcadeDB's server-side terminator; None on Neo4j, which aborts a timed-out transaction itself."""
    if profile(embedded_server.backend).honours_transaction_timeout:
        return None
    found = ArcadeDBQueryTerminator.for_embedded(embedded_server)
    assert found is not None
    return found


def fingerprint(runner: SavedQueryRunner, graph) -> dict[tuple[str, str], tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    result = runner.run(graph.driver, graph.database, "graph_fingerprint", {})
    return {(r["kind"], r["name"]): (r["count"], r["properties"], r["checksum"]) for r in result.rows}


# --- static guards (no database) ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (a)-[*]-(b) RETURN b",
        "MATCH (a)-[*2..]->(b) RETURN b",
        "MATCH (a)<-[:FEEDS*]-(b) RETURN b",
        "MATCH (a)-[r:APPLIED_FOR|INVENTED *1..]-(b) RETURN b",
        "MATCH (a)-[*..7]-(b) RETURN b",
        "MATCH (a)-[*10]-(b) RETURN b",
        "MATCH p = shortestPath((a)-[*]-(b)) RETURN p",
        "MATCH (a) ((x)-[:FEEDS]->(y)){1,} (b) RETURN b",
        "MATCH (a) ((x)-[:FEEDS]->(y))+ (b) RETURN b",
        "MATCH (a)-[:FEEDS]->+(b) RETURN b",
        "MATCH (a) ((x)-[:FEEDS]->(y)){2,40} (b) RETURN b",
        "MATCH (a)-[*1..3]-(b) WHERE EXISTS { MATCH (b)-[*]->(c) } RETURN b",
    ],
)
def test_unbounded_or_too_deep_patterns_are_refused(query: str) -> None:
    with pytest.raises(UnsafeQuery):
        check_read_only(query, max_hops=6)


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (a)-[*1..3]-(b) RETURN b",
        "MATCH (a)-[:FEEDS*..6]->(b) RETURN b",
        "MATCH (a)-[*2]-(b) RETURN b",
        "MATCH p = shortestPath((a)-[*..6]-(b)) RETURN p",
        "MATCH (a) ((x)-[:FEEDS]->(y)){1,3} (b) RETURN b",
        "MATCH (n) RETURN n.x * 2 AS y, (n.a + 1) * (n.b + 2) AS z, [1, 2] + [3] AS l, {a: 1} AS m",
        "MATCH (a)-[r {w: 2 * 3}]->(b) RETURN count(*) * 10 AS c",
        "CALL (x) { MATCH (x)-->(y) RETURN y } RETURN 1",
    ],
)
def test_bounded_patterns_and_arithmetic_pass(query: str) -> None:
    check_read_only(query, max_hops=6)


def test_every_shipped_query_passes_the_static_guards() -> None:
    catalog = SavedQueryCatalog.load()
    runner = SavedQueryRunner(catalog, timeout_s=5, row_cap=10)
    assert len(catalog) >= 16 and not catalog.problems
    for query in catalog:
        check_read_only(query.text)
        required = {p.name: "x" if p.type == "string" else "1" for p in query.params if p.required}
        runner.prepare(query.name, required)


def test_constructor_rejects_nonsense_limits() -> None:
    catalog = SavedQueryCatalog.load()
    for kwargs in ({"timeout_s": 0, "row_cap": 1}, {"timeout_s": 1, "row_cap": 0}):
        with pytest.raises(ValueError):
            SavedQueryRunner(catalog, **kwargs)  # type: ignore[arg-type]


# --- refusals leave the graph untouched ----------------------------------------------------------

# One of each family of the corpus: writes, admin, procedures, APOC, smuggled keywords.
REFUSAL_SAMPLE = WRITE_ATTEMPTS[:: max(1, len(WRITE_ATTEMPTS) // 40)]


def test_write_attempts_as_user_files_are_refused_and_change_nothing(
    loaded, tmp_path: Path, catalog: SavedQueryCatalog  # type: ignore[no-untyped-def]
) -> None:
    runner = SavedQueryRunner(catalog, timeout_s=30, row_cap=100)
    before = fingerprint(runner, loaded)
    for index, case in enumerate(REFUSAL_SAMPLE):
        _query_file(tmp_path, f"attempt_{index}", case.query, returns="c")
    attempts = SavedQueryCatalog.load([tmp_path])
    refused_files = {Path(p.origin).stem for p in attempts.problems}
    assert refused_files == {f"attempt_{i}" for i in range(len(REFUSAL_SAMPLE))}
    runner_for_attempts = SavedQueryRunner(attempts, timeout_s=10, row_cap=100)
    for index in range(len(REFUSAL_SAMPLE)):
        with pytest.raises(UnknownQuery):  # a refused file never becomes a runnable query
            runner_for_attempts.run(loaded.driver, loaded.database, f"attempt_{index}", {})
    assert fingerprint(runner, loaded) == before
    assert loaded.counts() == (sum(expected_counts().values()) - _rel_total() + 1, _rel_total())


def _rel_total() -> int:
    return sum(v for k, v in expected_counts().items() if k.isupper())


def test_write_attempts_smuggled_into_the_catalog_are_refused_by_the_runner(loaded) -> None:  # type: ignore[no-untyped-def]
    """Defence in depth: a catalog built around the checker (a bug, a tampered object) still cannot write."""
    shipped = SavedQueryCatalog.load()
    fp_runner = SavedQueryRunner(shipped, timeout_s=30, row_cap=100)
    before = fingerprint(fp_runner, loaded)
    smuggled = {
        f"smuggled_{i}": SavedQuery(
            name=f"smuggled_{i}", title="t", description="d", params=(), returns=("c",),
            text=cast(LiteralString, case.query),
            origin="test",
        )
        for i, case in enumerate(REFUSAL_SAMPLE)
    }
    runner = SavedQueryRunner(SavedQueryCatalog(smuggled), timeout_s=10, row_cap=100)
    for name in smuggled:
        with pytest.raises(UnsafeQuery):
            runner.run(loaded.driver, loaded.database, name, {})
    # the plainest write of all, through the runner, explicitly
    plain = SavedQuery("plain", "t", "d", (), ("n",), "CREATE (n:Organization {id: 'evil'}) RETURN n", "test")  # type: ignore[arg-type]
    with pytest.raises(UnsafeQuery, match="CREATE"):
        SavedQueryRunner(SavedQueryCatalog({"plain": plain}), timeout_s=5, row_cap=5).run(
            loaded.driver, loaded.database, "plain", {}
        )
    assert fingerprint(fp_runner, loaded) == before
    assert loaded.scalar("MATCH (n:Organization {id: 'evil'}) RETURN count(n) AS c") == 0


async def test_write_attempts_are_refused_on_the_async_path_too(loaded, embedded_server) -> None:  # type: ignore[no-untyped-def]
    text = "MATCH (o:Organization) SET o.name = 'x' RETURN count(o) AS c"
    query = SavedQuery("w", "t", "d", (), ("c",), text, "test")  # type: ignore[arg-type]
    runner = SavedQueryRunner(SavedQueryCatalog({"w": query}), timeout_s=5, row_cap=5)
    status = embedded_server.status()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=embedded_server.auth)
    try:
        with pytest.raises(UnsafeQuery, match="SET"):
            await runner.run_async(driver, loaded.database, "w", {})
    finally:
        await driver.close()
    names = {r["name"] for r in loaded.query("MATCH (o:Organization) RETURN o.name AS name")}
    assert names == {o.name for o in FIXTURE.orgs.values()}


def test_unbounded_user_query_is_refused_at_load_and_by_the_runner(loaded, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _query_file(tmp_path, "unbounded", "MATCH (a:Organization)-[*]-(b) RETURN count(b) AS c")
    loaded_catalog = SavedQueryCatalog.load([tmp_path], include_shipped=False)
    assert "unbounded" not in loaded_catalog
    assert "without an upper bound" in str(loaded_catalog.problems[0])
    smuggled = SavedQuery("unbounded", "t", "d", (), ("c",), "MATCH (a:Organization)-[*]-(b) RETURN count(b) AS c", "test")  # type: ignore[arg-type]
    runner = SavedQueryRunner(SavedQueryCatalog({"unbounded": smuggled}), timeout_s=5, row_cap=5)
    with pytest.raises(UnsafeQuery, match="upper bound"):
        runner.run(loaded.driver, loaded.database, "unbounded", {})
    assert runner.peak_in_flight == 0


def test_parameters_are_bound_and_checked(loaded, catalog) -> None:  # type: ignore[no-untyped-def]
    runner = SavedQueryRunner(catalog, timeout_s=10, row_cap=100)
    with pytest.raises(ParameterError, match="not an integer"):
        runner.run(loaded.driver, loaded.database, "numbers", {"n": "ten"})
    with pytest.raises(ParameterError, match="unknown parameter"):
        runner.run(loaded.driver, loaded.database, "numbers", {"m": 3})
    with pytest.raises(UnknownQuery, match="did you mean 'numbers'"):
        runner.run(loaded.driver, loaded.database, "number", {})
    assert [r["x"] for r in runner.run(loaded.driver, loaded.database, "numbers", {"n": "4"}).rows] == [1, 2, 3, 4]
    # a date parameter reaches the database as an ISO string, the data model's date form
    rows = runner.run(loaded.driver, loaded.database, "org_names", {"since": "2000-01-01"}).rows
    assert rows == []  # no organisation has `founded`; comparing strings must not fail
    every = runner.run(loaded.driver, loaded.database, "org_names", {}).rows
    assert [r["name"] for r in every] == sorted(o.name for o in FIXTURE.orgs.values())


def test_database_errors_become_query_failed(loaded, catalog) -> None:  # type: ignore[no-untyped-def]
    runner = SavedQueryRunner(catalog, timeout_s=10, row_cap=5)
    with pytest.raises(QueryFailed, match="broken_function"):
        runner.run(loaded.driver, loaded.database, "broken_function", {})
    assert runner.in_flight == 0


# --- row cap -------------------------------------------------------------------------------------


def test_row_cap_truncates_and_reports(loaded, catalog) -> None:  # type: ignore[no-untyped-def]
    runner = SavedQueryRunner(catalog, timeout_s=30, row_cap=25)
    result = runner.run(loaded.driver, loaded.database, "numbers", {"n": 200_000})
    assert result.truncated and result.row_cap == 25
    assert [r["x"] for r in result.rows] == list(range(1, 26))
    exact = runner.run(loaded.driver, loaded.database, "numbers", {"n": 25})
    assert not exact.truncated and len(exact.rows) == 25
    shipped = SavedQueryRunner(SavedQueryCatalog.load(), timeout_s=30, row_cap=3)
    top = shipped.run(loaded.driver, loaded.database, "inventors_most_partners", {"limit": 50})
    assert top.truncated and len(top.rows) == 3 and top.columns[0] == "inventor_id"


async def test_row_cap_on_the_async_path(loaded, catalog, embedded_server) -> None:  # type: ignore[no-untyped-def]
    runner = SavedQueryRunner(catalog, timeout_s=30, row_cap=7)
    status = embedded_server.status()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=embedded_server.auth)
    try:
        result = await runner.run_async(driver, loaded.database, "numbers", {"n": 100_000})
    finally:
        await driver.close()
    assert result.truncated and [r["x"] for r in result.rows] == list(range(1, 8))


# --- timeouts ------------------------------------------------------------------------------------


def _ours(terminator: ArcadeDBQueryTerminator | None, graph) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """The slow statements still running on the server (ArcadeDB's query list, Neo4j's transactions)."""
    if terminator is None:  # Neo4j aborts it itself, within its transaction monitor's interval
        deadline = time.monotonic() + 3.0
        while (running := running_statements(graph, "7919")) and time.monotonic() < deadline:
            time.sleep(0.1)
        return running
    return [q for q in terminator.running(graph.database) if "7919" in str(q.get("text", ""))]


def test_sync_timeout_returns_at_the_deadline_and_stops_the_server_side_work(
    loaded, catalog, terminator  # type: ignore[no-untyped-def]
) -> None:
    # How long the query would take: time a 1,000 x 1,000 product and scale n so that the full one
    # (n^2 rows) needs about ten times the deadline.
    unlimited = SavedQueryRunner(catalog, timeout_s=120, row_cap=5)
    small = min(
        (unlimited.run(loaded.driver, loaded.database, "slow_count", {"n": 1000}) for _ in range(2)),
        key=lambda r: r.duration_ms,
    )  # the faster of two runs: the first warms the server up
    assert small.rows == [{"c": 0}]
    timeout_s = 1.0
    # at least 4,000^2 = 16M rows: seconds of work even on a fast, idle machine
    n = min(30_000, max(SLOW_N, int(1000 * math.sqrt(10 * timeout_s / max(small.duration_ms / 1000, 0.01)))))
    estimated_s = small.duration_ms / 1000 * (n / 1000) ** 2

    runner = SavedQueryRunner(catalog, timeout_s=timeout_s, row_cap=5, terminator=terminator)
    started = time.perf_counter()
    with pytest.raises(QueryTimeout):
        runner.run(loaded.driver, loaded.database, "slow_count", {"n": n})
    elapsed = time.perf_counter() - started
    print(f"slow query n={n}: ~{estimated_s:.1f}s unlimited (1M rows took {small.duration_ms:.0f} ms);"
          f" timeout {timeout_s:.1f}s returned after {elapsed:.2f}s")
    assert timeout_s * 0.9 <= elapsed < timeout_s + 2.5
    assert elapsed < estimated_s / 4
    assert _ours(terminator, loaded) == []  # stopped on the server, not left running
    # the driver's pool is healthy afterwards
    assert runner.run(loaded.driver, loaded.database, "numbers", {"n": 3}).rows == [{"x": 1}, {"x": 2}, {"x": 3}]
    assert runner.in_flight == 0


def test_sync_timeout_without_terminator_still_frees_the_caller(loaded, catalog, terminator) -> None:  # type: ignore[no-untyped-def]
    runner = SavedQueryRunner(catalog, timeout_s=0.5, row_cap=5)
    started = time.perf_counter()
    with pytest.raises(QueryTimeout):
        runner.run(loaded.driver, loaded.database, "slow_count", {"n": SLOW_N})
    assert time.perf_counter() - started < 2.0
    leftover = _ours(terminator, loaded)  # ArcadeDB ignores the closed connection...
    for entry in leftover if terminator is not None else []:  # ...so clean up, for the tests after this one
        terminator.command(f"terminate query {entry['id']}", wait=5000)


async def test_async_timeout_cancels_the_session(loaded, catalog, terminator, embedded_server) -> None:  # type: ignore[no-untyped-def]
    runner = SavedQueryRunner(catalog, timeout_s=0.8, row_cap=5, terminator=terminator)
    status = embedded_server.status()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=embedded_server.auth)
    try:
        started = time.perf_counter()
        with pytest.raises(QueryTimeout):
            await runner.run_async(driver, loaded.database, "slow_count", {"n": SLOW_N})
        elapsed = time.perf_counter() - started
        assert 0.7 <= elapsed < 2.3
        assert _ours(terminator, loaded) == []
        again = await runner.run_async(driver, loaded.database, "numbers", {"n": 2})
        assert again.rows == [{"x": 1}, {"x": 2}]
    finally:
        await driver.close()


@pytest.mark.backend("neo4j")
def test_on_neo4j_the_database_itself_aborts_a_query_past_its_deadline(loaded, catalog) -> None:  # type: ignore[no-untyped-def]
    # as `for_target` makes it for Neo4j: the runner waits for the database's own transaction timeout
    runner = SavedQueryRunner(catalog, timeout_s=1.0, row_cap=5, database_timeout=True)
    started = time.perf_counter()
    with pytest.raises(QueryTimeout) as stopped:
        runner.run(loaded.driver, loaded.database, "slow_count", {"n": 30_000})  # 900M rows: minutes
    elapsed = time.perf_counter() - started
    cause = stopped.value.__cause__  # what the database answered: it, not the runner, stopped the query
    assert isinstance(cause, neo4j.exceptions.Neo4jError) and "TransactionTimedOut" in (cause.code or ""), cause
    assert 0.9 <= elapsed < 1.0 + BACKSTOP_S, elapsed
    assert running_statements(loaded, "7919") == []  # already gone when the caller hears of it
    assert runner.run(loaded.driver, loaded.database, "numbers", {"n": 2}).rows == [{"x": 1}, {"x": 2}]


@pytest.mark.backend("neo4j")
async def test_on_neo4j_the_database_itself_aborts_an_async_query_past_its_deadline(  # type: ignore[no-untyped-def]
    loaded, catalog, embedded_server
) -> None:
    runner = SavedQueryRunner(catalog, timeout_s=1.0, row_cap=5, database_timeout=True)
    driver = neo4j.AsyncGraphDatabase.driver(embedded_server.status().uri, auth=embedded_server.auth)
    try:
        started = time.perf_counter()
        with pytest.raises(QueryTimeout) as stopped:
            await runner.run_async(driver, loaded.database, "slow_count", {"n": 30_000})
        elapsed = time.perf_counter() - started
    finally:
        await driver.close()
    cause = stopped.value.__cause__
    assert isinstance(cause, neo4j.exceptions.Neo4jError) and "TransactionTimedOut" in (cause.code or ""), cause
    assert 0.9 <= elapsed < 1.0 + BACKSTOP_S, elapsed
    assert running_statements(loaded, "7919") == []


@pytest.mark.backend("arcadedb")
def test_the_terminator_stops_the_timed_out_run_and_not_the_same_statement_of_another_client(  # type: ignore[no-untyped-def]
    loaded, catalog, terminator, embedded_server
) -> None:
    text = catalog.get("slow_count").text
    other = neo4j.GraphDatabase.driver(embedded_server.status().uri, auth=embedded_server.reader_auth)
    failures: list[BaseException] = []

    def theirs() -> None:  # the same text, as the same user, begun before ours
        try:
            other.execute_query(text, {"n": 30_000}, database_=loaded.database)
        except neo4j.exceptions.Neo4jError as stopped:  # terminated below, when the test is done
            failures.append(stopped)

    thread = threading.Thread(target=theirs, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not (before := _ours(terminator, loaded)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(before) == 1, before
        time.sleep(CLOCK_SLACK_S * 2)
        runner = SavedQueryRunner(catalog, timeout_s=0.8, row_cap=5, terminator=terminator,
                                  session_auth=embedded_server.reader_auth)
        with pytest.raises(QueryTimeout):
            runner.run(loaded.driver, loaded.database, "slow_count", {"n": 30_000})
        assert [q["id"] for q in _ours(terminator, loaded)] == [before[0]["id"]]  # ours stopped, theirs not
    finally:
        for entry in _ours(terminator, loaded):
            terminator.command(f"terminate query {entry['id']}", wait=5000)
        thread.join(10)
        other.close()
    assert failures and "terminated" in str(failures[0])


# --- concurrency -----------------------------------------------------------------------------


def test_concurrency_limit_holds_and_a_full_runner_says_busy(loaded, catalog, terminator) -> None:  # type: ignore[no-untyped-def]
    # the queue wait is generous: on a shared machine five such runs may take long; the peak is the point
    runner = SavedQueryRunner(catalog, timeout_s=20, row_cap=5, max_concurrent=2, terminator=terminator,
                              queue_timeout_s=120)
    n = 1200  # ~1.4M rows: a fraction of a second each
    spans: list[tuple[float, float]] = []
    lock = threading.Lock()
    errors: list[BaseException] = []

    def one() -> None:
        try:
            result = runner.run(loaded.driver, loaded.database, "slow_count", {"n": n})
            ended = time.perf_counter()
            with lock:
                spans.append((ended - result.duration_ms / 1000, ended))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(150)
    assert not errors and len(spans) == 5
    assert runner.peak_in_flight == 2
    # independent of the runner's own counter: at no instant were more than two runs in the database
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    depth = peak = 0
    for _, step in events:
        depth += step
        peak = max(peak, depth)
    assert peak <= 2

    # a caller that finds both slots taken for longer than the timeout gets QueryBusy, untouched
    busy = SavedQueryRunner(
        catalog, timeout_s=1.5, row_cap=5, max_concurrent=1, terminator=terminator, queue_timeout_s=0.3
    )
    holder = threading.Thread(
        target=lambda: pytest.raises(QueryTimeout, busy.run, loaded.driver, loaded.database, "slow_count", {"n": SLOW_N})
    )
    holder.start()
    time.sleep(0.1)
    started = time.perf_counter()
    with pytest.raises(QueryBusy):
        busy.run(loaded.driver, loaded.database, "numbers", {"n": 1})
    assert 0.25 <= time.perf_counter() - started < 1.0
    holder.join(10)
    assert busy.run(loaded.driver, loaded.database, "numbers", {"n": 1}).rows == [{"x": 1}]


async def test_async_concurrency_limit(loaded, catalog, embedded_server) -> None:  # type: ignore[no-untyped-def]
    runner = SavedQueryRunner(catalog, timeout_s=20, row_cap=5, max_concurrent=2)
    status = embedded_server.status()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=embedded_server.auth)
    try:
        results = await asyncio.gather(
            *(runner.run_async(driver, loaded.database, "slow_count", {"n": 1000}) for _ in range(4))
        )
    finally:
        await driver.close()
    assert [r.rows for r in results] == [[{"c": 0}]] * 4
    assert runner.peak_in_flight == 2


# --- logging -------------------------------------------------------------------------------------


def test_each_run_is_logged_with_name_params_rows_and_duration(loaded, catalog, caplog) -> None:  # type: ignore[no-untyped-def]
    runner = SavedQueryRunner(catalog, timeout_s=10, row_cap=100)
    with caplog.at_level(logging.INFO, logger="innograph.queries"):
        runner.run(loaded.driver, loaded.database, "numbers", {"n": "3"})
        with pytest.raises(ParameterError):
            runner.run(loaded.driver, loaded.database, "numbers", {"n": "x"})
    records = [r for r in caplog.records if r.name == "innograph.queries"]
    message = records[0].getMessage()
    assert "numbers" in message and "'n': 3" in message and "rows=3" in message and "duration=" in message
    assert records[1].levelno == logging.WARNING and "refused" in records[1].getMessage()


def test_result_dataclass_fields() -> None:
    from cypher.runner import QueryResult

    assert [f.name for f in dataclasses.fields(QueryResult)] == [
        "name", "columns", "rows", "duration_ms", "truncated", "row_cap"
    ]


def test_csv_cells_never_become_spreadsheet_formulas() -> None:
    from cypher.export import csv_cell

    assert csv_cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)" and csv_cell("+1") == "'+1" and csv_cell("-2+3") == "'-2+3"
    assert csv_cell(-5) == "-5" and csv_cell(2.5) == "2.5" and csv_cell(True) == "true" and csv_cell(None) == ""
    assert csv_cell(["南京", "苏州"]) == '["南京", "苏州"]' and csv_cell("南京大学") == "南京大学"

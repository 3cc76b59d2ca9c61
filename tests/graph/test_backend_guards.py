"""What the database enforces by itself, checked against the profile `graph/backend.py` claims for it.

InnoGraph's own guards (the read-only checker, the ArcadeDB terminator) stay in front on every
backend; these tests bypass them and talk to the database directly, so a profile that promised a
guard the database lacks (or the reverse) fails here.
"""

from __future__ import annotations

import time

import neo4j
import pytest
from neo4j.exceptions import ClientError, Neo4jError

from graph.backend import Backend


def _regions(graph) -> int:  # type: ignore[no-untyped-def]
    return int(graph.scalar("MATCH (r:Region {id: 'guard-probe'}) RETURN count(r) AS c"))


def test_a_write_in_a_read_transaction_is_refused_by_neo4j_itself(graph) -> None:  # type: ignore[no-untyped-def]
    write = "CREATE (r:Region {id: 'guard-probe'}) RETURN r.id AS id"
    if graph.profile.enforces_read_access:
        with pytest.raises(ClientError) as refused:
            graph.driver.execute_query(write, database_=graph.database, routing_=neo4j.RoutingControl.READ)
        assert refused.value.code == "Neo.ClientError.Statement.AccessMode"
        with graph.driver.session(database=graph.database, default_access_mode=neo4j.READ_ACCESS) as session:
            with pytest.raises(ClientError, match="read access mode"):
                session.execute_read(lambda tx: tx.run(write).consume())
        assert _regions(graph) == 0
    else:  # ArcadeDB: the write runs, which is why the saved-query checker must refuse it first
        graph.driver.execute_query(write, database_=graph.database, routing_=neo4j.RoutingControl.READ)
        assert _regions(graph) == 1
        graph.query("MATCH (r:Region {id: 'guard-probe'}) DELETE r")


SLOW = "UNWIND range(1, $n) AS a UNWIND range(1, $n) AS b WITH a, b WHERE a * b = 7919 RETURN count(*) AS c"


def test_a_transaction_past_its_timeout_is_aborted_by_neo4j_itself(graph) -> None:  # type: ignore[no-untyped-def]
    if not graph.profile.honours_transaction_timeout:
        pytest.skip("ArcadeDB ignores Bolt transaction timeouts (InnoGraph's terminator stops its work instead)")
    began = time.perf_counter()
    with pytest.raises(Neo4jError) as aborted:
        graph.driver.execute_query(neo4j.Query(SLOW, timeout=0.5), {"n": 40_000}, database_=graph.database,
                                   routing_=neo4j.RoutingControl.READ)
    elapsed = time.perf_counter() - began
    assert "TransactionTimedOut" in (aborted.value.code or ""), aborted.value.code
    assert elapsed < 10, elapsed
    leftover = graph.query("SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS '7919' "
                           "AND NOT currentQuery STARTS WITH 'SHOW' RETURN count(*) AS n")
    assert leftover == [{"n": 0}]


def test_uniqueness_constraints_are_the_databases(graph) -> None:  # type: ignore[no-untyped-def]
    graph.query("CREATE (:Region {id: 'unique-probe'})")
    try:
        with pytest.raises(Neo4jError):
            graph.query("CREATE (:Region {id: 'unique-probe'})")
    finally:
        graph.query("MATCH (r:Region {id: 'unique-probe'}) DELETE r")
    assert int(graph.scalar("MATCH (r:Region {id: 'unique-probe'}) RETURN count(r) AS c")) == 0


def test_the_profile_names_the_backend_that_answers(graph) -> None:  # type: ignore[no-untyped-def]
    agent = graph.driver.get_server_info().agent
    assert ("ArcadeDB" in agent) == (graph.backend is Backend.ARCADEDB), agent

"""Issue 16, structural: the data contract, derived from the code.

Every label, relationship type and property a shipped .cypher file or an API converter reads must be
written by a shipped loader (checked on a graph the loaders built from every input format they
read) and listed in docs/data-model.md; test fixtures may write only what the loaders write. This is
the class of bug behind issue 16's findings: statements reading `OWNS` that nothing wrote, fixtures
writing it, `Inventor.patent_count` and `AFFILIATED_WITH.patents` read by the API and never written.
"""

from __future__ import annotations

import pytest

from core.model import RELATIONSHIP_TYPES
from tests.planner.contract import (
    Read, Written, batches_written, converter_reads, cypher_reads, documented, reads_of_statement, written_by,
)
from tests.planner.loaded_graph import load_demo_graph

# Read by the code but written by a loader that has not landed yet; listed, with where it will come from,
# so that nothing else can hide here. Remove an entry when its loader lands.
PENDING: dict[tuple[str, str, str], str] = {}


# Written by a shipped loader only for inputs that none of the test data has; the loader's source must
# write the key (checked), and the reason says which input.
CONDITIONAL: dict[tuple[str, str, str], tuple[str, str]] = {
    ("node_property", "Target", "baseline"): (
        "graph/ingest/policies.py", "a target sentence stating its starting value (from 30% to 50%)"),
    # the contract graph is built by the transactional loaders; the bulk import writes this marker and
    # removes it again (tests/bulk checks that graph equals the transactional one)
    ("any_node_property", "*", "bulk_empty_lists"): (
        "graph/bulk/csv_files.py", "a bulk import (`ingest patents --bulk`), until its lists are restored"),
}


def _key(read: Read) -> tuple[str, str, str]:
    return (read.kind, read.owner, read.name)


def _describe(reads: list[Read]) -> str:
    return "\n".join(f"  {r.where}: {r.kind} {r.owner}{'.' + r.name if r.name else ''}" for r in reads)


@pytest.fixture(scope="module")
def written(graph, shared_dir, tmp_path_factory) -> Written:
    load_demo_graph(graph, tmp_path_factory.mktemp("contract"), shared_dir, patents=300, every_input=True)
    return written_by(graph)


@pytest.fixture(scope="module")
def reads() -> set[Read]:
    found = cypher_reads() | converter_reads()
    assert len(found) > 150  # the parser sees the statements (a broken regex would find nothing)
    return found


def test_the_reader_of_statements_sees_labels_types_and_properties():
    found = {_key(r) for r in reads_of_statement(
        "MATCH (o:Organization {id: $id})-[r:APPLIED_FOR|OWNS]->(p:Patent) "
        "OPTIONAL MATCH (x)-[:MENTIONED_IN]->(m) WITH coalesce(o, x) AS who, p, r "
        "WHERE row.policy = $x AND p.year > 2000 AND (m:Policy) RETURN who.name, r.sequence, x.surface, count(p)", "t")}
    assert {("label", "Organization", ""), ("label", "Patent", ""), ("label", "Policy", ""),
            ("type", "APPLIED_FOR", ""), ("type", "OWNS", ""), ("type", "MENTIONED_IN", ""),
            ("node_property", "Organization", "id"), ("node_property", "Patent", "year"),
            ("rel_property", "APPLIED_FOR", "sequence"), ("rel_property", "OWNS", "sequence"),
            ("any_node_property", "*", "surface")} <= found
    assert not any(name == "policy" for _, _, name in found)  # `row` is a parameter map, not a node


def test_every_read_is_written_by_a_shipped_loader(written, reads):
    missing = sorted(r for r in reads if not written.has(r) and _key(r) not in PENDING and _key(r) not in CONDITIONAL)
    assert not missing, "read but written by no shipped loader:\n" + _describe(missing)


def test_conditional_entries_are_written_by_their_loader():
    from tests.planner.contract import REPO

    for (_, _, name), (source, _why) in CONDITIONAL.items():
        assert f'"{name}"' in (REPO / source).read_text(encoding="utf-8"), f"{source} does not write {name!r}"


def test_pending_entries_are_read_and_still_unwritten(written, reads):
    read_keys = {_key(r) for r in reads}
    assert set(PENDING) <= read_keys, "a PENDING entry is no longer read: remove it"
    assert all(PENDING.values())
    landed = [k for k in PENDING if written.has(Read(*k, where=""))]
    assert not landed, f"now written by a loader, remove from PENDING: {landed}"


def test_every_read_is_listed_in_the_data_model(reads):
    doc = documented()
    missing = sorted(r for r in reads if not doc.has(r))
    assert not missing, "read but not listed in docs/data-model.md:\n" + _describe(missing)


def test_the_model_registry_names_what_loaders_write(written):
    assert written.types <= RELATIONSHIP_TYPES, written.types - RELATIONSHIP_TYPES
    assert RELATIONSHIP_TYPES <= written.types, f"registered but written by no loader: {RELATIONSHIP_TYPES - written.types}"


def _fixtures():
    from tests.analytics import fixtures as analytics
    from tests.analytics.test_projection import _patent_batch
    from tests.api import fixtures as api
    from tests.api.test_analytics_api import extras
    from tests.cypher.fixture_graph import fixture_batch
    from tests.gaps.test_gap_fixture import fixture_batches
    from tests.transactions.test_targets import targets_batch

    return {
        "tests/analytics/fixtures.py": analytics.build(),
        "tests/analytics/test_projection.py": [_patent_batch(["CNC1A"])],
        "tests/api/fixtures.py": api.build(),
        "tests/api/test_analytics_api.py": [extras()],
        "tests/cypher/fixture_graph.py": [fixture_batch()],
        "tests/gaps/test_gap_fixture.py": fixture_batches(),
        "tests/transactions/test_targets.py": [targets_batch()],
    }


@pytest.mark.parametrize("name", sorted(_fixtures()))
def test_fixtures_write_only_what_loaders_write(written, name):
    fixture = batches_written(_fixtures()[name])
    problems = sorted(f"label {label}" for label in fixture.labels - written.labels)
    problems += sorted(f"{label}.{prop}" for label, props in fixture.node_props.items()
                       for prop in props - written.node_props.get(label, set())
                       if ("node_property", label, prop) not in PENDING)
    problems += sorted(f"relationship ({a})-[:{t}]->({b})" for a, t, b in fixture.endpoints - written.endpoints)
    problems += sorted(f"[:{t}].{prop}" for t, props in fixture.rel_props.items()
                       for prop in props - written.rel_props.get(t, set()))
    assert not problems, f"{name} writes what no shipped loader writes:\n  " + "\n  ".join(problems)

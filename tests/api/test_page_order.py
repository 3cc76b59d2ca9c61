"""The API's cached page orders (patents, organisations) against the embedded database: the same
pages as the sorting statements, and a new load seen at the next version check."""

from __future__ import annotations

import neo4j
import pytest

from api.repositories.graph import GraphClient
from api.repositories.organizations import OrganizationFilter, OrganizationRepository
from api.repositories.patents import PatentFilter, PatentRepository
from cypher.catalog import statement
from graph.batch import GraphBatch
from graph.writer import GraphWriter
from tests.api import fixtures as fx

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture
async def repo(api_graph):
    status = api_graph.server.ensure_running()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=api_graph.server.auth)
    client = GraphClient(driver, api_graph.database, timeout_s=30, max_concurrent=4)
    repository = PatentRepository(client)
    repository.order.version.recheck_s = 0  # every call re-reads the version
    yield repository
    await driver.close()


def _statement_page(graph, where: PatentFilter, skip: int, limit: int) -> list[str]:
    rows = graph.query(statement("api/patents_page"), **where.params(), skip=skip, limit=limit)
    return [r["node"]["id"] for r in rows]


@pytest.mark.parametrize("where", [PatentFilter(), PatentFilter(year=2020), PatentFilter(type="invention")])
async def test_cached_pages_equal_the_sorting_statement(repo, api_graph, where):
    assert where.ordered_by_cache()
    for skip, limit in ((0, 5), (5, 7), (20, 10), (fx.PATENT_COUNT - 1, 5)):
        page = await repo.page(where, skip, limit)
        assert [r["id"] for r in page.rows] == _statement_page(api_graph, where, skip, limit)
        assert page.has_next == (len(_statement_page(api_graph, where, skip, limit + 1)) > limit)
    expected = api_graph.scalar(statement("api/patents_count"), **where.params())
    assert await repo.count(where) == expected


async def test_a_new_load_is_seen_at_the_next_version_check(repo, api_graph):
    before = await repo.page(PatentFilter(), 0, 3)
    batch = GraphBatch()
    batch.node("Patent", "pat:order-new", {"number": "CN999A", "year": 2099, "type": "invention"})
    batch.node("Document", "doc:order-new", {"path": "order-new.csv"})  # a new source file, as a load writes
    GraphWriter(api_graph.driver, api_graph.database).write_batch(batch)
    try:
        after = await repo.page(PatentFilter(), 0, 3)
        assert after.rows[0]["id"] == "pat:order-new"
        assert [r["id"] for r in after.rows[1:]] == [r["id"] for r in before.rows[:2]]
        assert await repo.count(PatentFilter()) == fx.PATENT_COUNT + 1
    finally:
        api_graph.query("MATCH (n) WHERE n.id IN ['pat:order-new', 'doc:order-new'] DETACH DELETE n")


async def test_filters_the_cache_cannot_answer_use_their_statements():
    assert not PatentFilter(ipc_prefix="H01M").ordered_by_cache()
    assert not PatentFilter(organization_id="org:x").ordered_by_cache()
    assert not PatentFilter(segment_id="seg:x", year=2020).ordered_by_cache()


@pytest.fixture
async def org_repo(api_graph):
    status = api_graph.server.ensure_running()
    driver = neo4j.AsyncGraphDatabase.driver(status.uri, auth=api_graph.server.auth)
    repository = OrganizationRepository(GraphClient(driver, api_graph.database, timeout_s=30, max_concurrent=4))
    repository.order.version.recheck_s = 0
    yield repository
    await driver.close()


@pytest.mark.parametrize("where", [OrganizationFilter(), OrganizationFilter(kind="university"),
                                   OrganizationFilter(region="Jiangsu"), OrganizationFilter(kind="firm", region="Suzhou")])
async def test_cached_organization_pages_equal_the_sorting_statement(org_repo, api_graph, where):
    assert where.ordered_by_cache()
    params = {"kind": where.kind, "region": where.region, "name": None}
    for skip, limit in ((0, 3), (2, 4), (0, 100)):
        page = await org_repo.page(where, skip, limit)
        rows = api_graph.query(statement("api/organizations_page"), **params, skip=skip, limit=limit + 1)
        assert [r["id"] for r in page.rows] == [r["node"]["id"] for r in rows[:limit]]
        assert page.has_next == (len(rows) > limit)
    assert await org_repo.count(where) == api_graph.scalar(statement("api/organizations_count"), **params)
    assert not OrganizationFilter(name="nanjing").ordered_by_cache()

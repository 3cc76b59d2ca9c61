"""Issue 16 (1): targets a policy states outside every measure (Policy-[:SETS_TARGET]->Target, as the
policy loader writes plan-level goals) are listed, counted, filtered and found by the saved query."""

from __future__ import annotations

import pytest

from extract.chains import load_chains
from graph.ingest.policies import PolicyLoader
from graph.targets import measurable_targets
from graph.writer import GraphWriter
from tests.api.conftest import Api, running, settings_of

TARGETS = """query($measurable: Boolean, $region: String) {
  targets(first: 50, measurable: $measurable, region: $region) {
    totalCount nodes { id metric value unit deadline measure { id } policy { id title } }
  }
}"""


@pytest.fixture(scope="module")
def policy_graph(graph, shared_dir):
    PolicyLoader(GraphWriter(graph.driver, graph.database), chains=load_chains()).load(
        [shared_dir / "corpus" / "policies"])
    return graph


@pytest.fixture(scope="module")
async def policy_api(policy_graph, tmp_path_factory):
    async with running(settings_of(policy_graph, tmp_path_factory.mktemp("plan-targets"))) as (app, http):
        yield Api(app, http, None)


@pytest.fixture(scope="module")
def target_nodes(policy_graph) -> dict[str, dict]:
    rows = policy_graph.query(
        "MATCH (t:Target) OPTIONAL MATCH (p:Policy)-[:SETS_TARGET]->(t) "
        "RETURN t.id AS id, t.metric AS metric, p.id AS direct_policy")
    return {r["id"]: r for r in rows}


def test_the_loader_writes_plan_level_targets(target_nodes):
    # the patent transformation plan states its three goals (80 and 100 billion yuan, 17% of GDP) in
    # its opening paragraph, outside every measure
    plan_level = [t for t in target_nodes.values() if t["direct_policy"]]
    assert len(plan_level) >= 3 and len(target_nodes) >= 4


@pytest.mark.asyncio(loop_scope="session")
async def test_every_target_node_is_listed_and_counted(policy_api, target_nodes):
    data = (await policy_api.data(TARGETS))["targets"]
    assert data["totalCount"] == len(target_nodes)
    assert {n["id"] for n in data["nodes"]} == set(target_nodes)
    for node in data["nodes"]:  # every target names the policy that sets it
        assert node["policy"] and node["policy"]["id"]
        assert (node["measure"] is None) == bool(target_nodes[node["id"]]["direct_policy"])
    amounts = {n["metric"]: n for n in data["nodes"]}
    assert amounts["total amount of technical contracts involving patents"]["value"] == 80.0
    js = (await policy_api.data(TARGETS, {"region": "CN-JS"}))["targets"]
    assert js["totalCount"] == len(target_nodes)  # all four shared plans with targets are Jiangsu's


@pytest.mark.asyncio(loop_scope="session")
async def test_measurable_filter_splits_every_target(policy_api, policy_graph, target_nodes):
    infos = measurable_targets(policy_graph.driver, policy_graph.database)
    assert {i.target_id for i in infos} == set(target_nodes)
    expected = {flag: {i.target_id for i in infos if i.measurable is flag} for flag in (True, False)}
    assert len(expected[False]) >= 2  # patent-intensive products and industries cannot be measured
    for flag in (True, False):
        data = (await policy_api.data(TARGETS, {"measurable": flag}))["targets"]
        assert data["totalCount"] == len(expected[flag])
        assert {n["id"] for n in data["nodes"]} == expected[flag]


@pytest.mark.asyncio(loop_scope="session")
async def test_policy_targets_by_deadline_lists_plan_level_targets(policy_api, target_nodes):
    data = await policy_api.data(
        'query { runSavedQuery(name: "policy_targets_by_deadline", params: {region: "CN-JS"}) { rows } }')
    rows = data["runSavedQuery"]["rows"]
    assert sorted(r["target_id"] for r in rows) == sorted(target_nodes)
    plan_level = [r for r in rows if target_nodes[r["target_id"]]["direct_policy"]]
    assert plan_level and all(r["measure_id"] is None for r in plan_level)
    body = await policy_api.http.post("/queries/policy_targets_by_deadline", json={"region": "CN-JS"},
                                      headers=policy_api.headers())
    assert body.status_code == 200 and len(body.json()["rows"]) == len(rows)

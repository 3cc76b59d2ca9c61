"""Issue 16 (7): a saved-query value or a filter that names nothing in the graph (an unknown region,
segment, chain, organisation) is refused with the nearest names, in the CLI, REST and GraphQL alike,
instead of answering as if it named something (region=Atlantis: "every segment lacks regional
patents")."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from innograph.cli import query as query_cli
from core.settings import get_settings
from tests.backends import server_env
from tests.api import fixtures as fx

ASYNC = pytest.mark.asyncio(loop_scope="session")

RUN = 'query($n: String!, $p: JSON) { runSavedQuery(name: $n, params: $p) { rowCount rows } }'
CASES = [
    # query, params, the refused parameter, a suggestion the message must carry
    ("segments_without_regional_patents", {"chain": fx.CHAIN, "region": "Atlantis"}, "region='Atlantis'", None),
    ("segments_without_regional_patents", {"chain": fx.CHAIN, "region": "Nanjng"}, "region='Nanjng'", "'Nanjing'"),
    ("segments_without_regional_patents", {"chain": "humanoid-robot", "region": "Jiangsu"}, "chain='humanoid-robot'",
     "'humanoid-robots'"),
    ("top_applicants_in_segment", {"segment": "contrl"}, "segment='contrl'", "'control'"),
    ("collaboration_neighbourhood", {"organization": "东南大"}, "organization='东南大'", "'东南大学'"),
    ("policy_targets_by_deadline", {"region": "CN-XX"}, "region='CN-XX'", None),
]


@ASYNC
@pytest.mark.parametrize(("name", "params", "refused", "suggestion"), CASES)
async def test_graphql_and_rest_refuse_a_value_naming_nothing(api, name, params, refused, suggestion):
    body = await api.gql(RUN, {"n": name, "p": params})
    assert body["data"] is None or body["data"]["runSavedQuery"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST" and refused in error["message"]
    assert "names nothing in the graph" in error["message"]
    if suggestion:
        assert f"did you mean {suggestion}" in error["message"] or suggestion in error["message"]
    rest = await api.http.post(f"/queries/{name}", json=params, headers=api.headers())
    assert rest.status_code == 400 and refused in rest.json()["error"]["message"]


@ASYNC
async def test_values_that_name_something_still_run(api):
    ok = await api.data(RUN, {"n": "segments_without_regional_patents", "p": {"chain": fx.CHAIN, "region": "Jiangsu"}})
    # Jiangsu holds control-segment patents; joint and robot have none in the fixture
    assert {r["segment_key"] for r in ok["runSavedQuery"]["rows"]} == {"joint", "robot"}
    for region in ("江苏省", "CN-JS", "Nanjing"):
        await api.data(RUN, {"n": "top_applicants_in_segment", "p": {"segment": "control", "region": region}})


@ASYNC
async def test_graphql_filters_refuse_unknown_regions_and_ids(api):
    orgs = await api.gql('{ organizations(filter: {region: "Nanjng"}) { totalCount } }')
    assert "unknown region 'Nanjng'" in orgs["errors"][0]["message"] and "'Nanjing'" in orgs["errors"][0]["message"]
    gaps = await api.gql(f'{{ chainGaps(chainId: "{fx.CHAIN}", region: "Suzhuo") {{ regionChainPatents }} }}')
    assert "'Suzhou'" in gaps["errors"][0]["message"]
    for filter_text, field in ((f'{{segmentId: "{fx.sid("nope")}"}}', "segmentId"),
                               (f'{{organizationId: "{fx.oid("nope")}"}}', "organizationId")):
        body = await api.gql(f"{{ patents(filter: {filter_text}) {{ totalCount }} }}")
        assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
        assert field in body["errors"][0]["message"]
    named = await api.gql('{ patents(filter: {segmentId: "contrl"}) { totalCount } }')
    assert "'control'" in named["errors"][0]["message"]


def test_the_cli_refuses_it_too(api_graph, embedded_server, monkeypatch):
    for key, value in server_env(embedded_server, api_graph.database).items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    app = typer.Typer()
    app.add_typer(query_cli.app, name="query")
    try:
        result = CliRunner().invoke(app, ["query", "run", "segments_without_regional_patents", "-p", f"chain={fx.CHAIN}",
                                          "-p", "region=Nanjng"], catch_exceptions=False)
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "region='Nanjng' names nothing in the graph" in message and "'Nanjing'" in message

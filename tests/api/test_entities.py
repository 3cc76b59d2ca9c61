"""Every entity query over HTTP against the fixture graph: filters, nested fields, pagination."""

from __future__ import annotations

import pytest

from tests.api import fixtures as fx

pytestmark = pytest.mark.asyncio(loop_scope="session")

PAGE = """query($first: Int, $after: String, $filter: PatentFilterInput) {
  patents(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    edges { cursor node { id number year type title ipc } }
  }
}"""


async def test_patents_paginate_across_pages(api):
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        data = await api.data(PAGE, {"first": 7, "after": after})
        conn = data["patents"]
        assert conn["totalCount"] == fx.PATENT_COUNT
        seen += [e["node"]["id"] for e in conn["edges"]]
        pages += 1
        assert conn["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not conn["pageInfo"]["hasNextPage"]:
            break
        after = conn["pageInfo"]["endCursor"]
        assert after == conn["edges"][-1]["cursor"]
    assert pages == 5  # 7+7+7+7+2
    assert len(seen) == len(set(seen)) == fx.PATENT_COUNT
    assert set(seen) == {fx.pid(n) for n in range(fx.PATENT_COUNT)}
    # newest application year first
    data = await api.data(PAGE, {"first": 30})
    years = [e["node"]["year"] for e in data["patents"]["edges"]]
    assert years == sorted(years, reverse=True)


async def test_an_edge_cursor_resumes_after_that_edge(api):
    first = (await api.data(PAGE, {"first": 10}))["patents"]["edges"]
    resumed = (await api.data(PAGE, {"first": 3, "after": first[4]["cursor"]}))["patents"]["edges"]
    assert [e["node"]["id"] for e in resumed] == [e["node"]["id"] for e in first[5:8]]


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({"year": 2020}, {n for n in range(fx.PATENT_COUNT) if 2019 + n % 4 == 2020}),
        ({"type": "utility_model"}, {n for n in range(fx.PATENT_COUNT) if n % 2}),
        ({"ipcPrefix": "h01m"}, {n for n in range(fx.PATENT_COUNT) if n % 3 == 2}),
        ({"organizationId": fx.oid("seu")}, {n for n in range(fx.PATENT_COUNT) if n % len(fx.ORGS) == 1
                                               or (n % len(fx.ORGS) == 0 and n % 2 == 0)}),
        ({"segmentId": fx.sid("control"), "year": 2019}, {n for n in range(fx.PATENT_COUNT) if n % 3 != 2 and n % 4 == 0}),
        ({"organizationId": fx.oid("nju"), "type": "invention"}, {n for n in range(fx.PATENT_COUNT) if n % 2 == 0}),
    ],
)
async def test_patent_filters(api, filter, expected):
    data = await api.data(PAGE, {"first": 100, "filter": filter})
    got = {e["node"]["id"] for e in data["patents"]["edges"]}
    assert got == {fx.pid(n) for n in expected}
    assert data["patents"]["totalCount"] == len(expected)


async def test_patent_by_id_with_applicants_inventors_segments(api):
    data = await api.data("""query($id: ID!) { patent(id: $id) { number title year
        applicants { id name } inventors { name } segments { key nameEn } } }""", {"id": fx.pid(12)})
    patent = data["patent"]
    assert patent["number"] == "CN100012A"
    # patent 12: first applicant ORGS[0] = nju, so the co-applicant is seu
    assert [a["id"] for a in patent["applicants"]] == [fx.oid("nju"), fx.oid("seu")]
    assert [i["name"] for i in patent["inventors"]] == ["张伟", "李娜"]
    assert [s["key"] for s in patent["segments"]] == ["control"]


async def test_unknown_ids_are_null_without_error(api):
    body = await api.gql('{ patent(id: "pat:nope") { id } organization(id: "org:nope") { id } inventor(id: "x") { id } policy(id: "y") { id } }')
    assert body["data"] == {"patent": None, "organization": None, "inventor": None, "policy": None}
    assert "errors" not in body


ORGS = """query($filter: OrganizationFilterInput, $first: Int) {
  organizations(filter: $filter, first: $first) { totalCount edges { node { id name kind city province region } } }
}"""


@pytest.mark.parametrize(
    ("filter", "expected"),
    [
        ({"kind": "university"}, {"nju", "seu"}),
        ({"region": "江苏"}, {o[0] for o in fx.ORGS if o[3] == "Jiangsu"}),
        ({"region": "Jiangsu"}, {o[0] for o in fx.ORGS if o[3] == "Jiangsu"}),
        ({"region": "南京市"}, {o[0] for o in fx.ORGS if o[4] == "Nanjing"}),
        ({"region": "蘇州", "kind": "firm"}, {o[0] for o in fx.ORGS if o[4] == "Suzhou" and o[2] == "firm"}),
        ({"nameContains": "大學"}, {"nju", "seu"}),
        ({"nameContains": "SOUTHEAST"}, {"seu"}),
        ({"nameContains": "huawei technologies"}, {"huawei"}),
    ],
)
async def test_organization_filters(api, filter, expected):
    data = await api.data(ORGS, {"filter": filter, "first": 100})
    assert {e["node"]["id"] for e in data["organizations"]["edges"]} == {fx.oid(k) for k in expected}
    assert data["organizations"]["totalCount"] == len(expected)


async def test_organization_with_aliases_patents_and_partners(api):
    data = await api.data("""query($id: ID!) { organization(id: $id) {
        name aliases kind region
        patents(first: 4) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
        partners(first: 3) { organization { id name } sharedPatents } } }""", {"id": fx.oid("nju")})
    org = data["organization"]
    assert org["name"] == "南京大学" and "南京大學" in org["aliases"] and "Nanjing University" in org["aliases"]
    assert org["kind"] == "university" and org["region"] == "Nanjing"
    mine = {n for n in range(fx.PATENT_COUNT) if n % len(fx.ORGS) == 0 or n % 2 == 0}
    assert org["patents"]["totalCount"] == len(mine)
    assert len(org["patents"]["edges"]) == 4 and org["patents"]["pageInfo"]["hasNextPage"]
    partners = org["partners"]
    assert len(partners) == 3
    counts = [p["sharedPatents"] for p in partners]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 1
    # the second page of its patents continues the first
    after = org["patents"]["pageInfo"]["endCursor"]
    more = await api.data("""query($id: ID!, $after: String) { organization(id: $id) {
        patents(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage } } } }""",
                          {"id": fx.oid("nju"), "after": after})
    rest = [e["node"]["id"] for e in more["organization"]["patents"]["edges"]]
    firsts = [e["node"]["id"] for e in org["patents"]["edges"]]
    assert len(rest) == len(mine) - 4 and not set(rest) & set(firsts)
    assert set(rest) | set(firsts) == {fx.pid(n) for n in mine}


async def test_inventor_with_patents_coinventors_and_organisations(api):
    data = await api.data("""query($id: ID!) { inventor(id: $id) { name aliases
        patents(first: 100) { totalCount edges { node { id } } }
        coInventors { inventor { name } sharedPatents }
        organizations { organization { name } sharedPatents } } }""", {"id": fx.iid("zhangwei")})
    inv = data["inventor"]
    assert inv["name"] == "张伟" and "Zhang Wei" in inv["aliases"]
    mine = {n for n in range(fx.PATENT_COUNT) if n % 4 in (0, 3)}
    assert inv["patents"]["totalCount"] == len(mine)
    assert {e["node"]["id"] for e in inv["patents"]["edges"]} == {fx.pid(n) for n in mine}
    co = {c["inventor"]["name"]: c["sharedPatents"] for c in inv["coInventors"]}
    assert co == {"李娜": len([n for n in mine if n % 4 == 0]), "刘洋": len([n for n in mine if n % 4 == 3])}
    assert inv["organizations"] == [{"organization": {"name": "南京大学"}, "sharedPatents": 5}]


async def test_policies_measures_targets(api):
    data = await api.data("""{ policies(first: 10) { totalCount edges { node { id title region } } } }""")
    assert [e["node"]["id"] for e in data["policies"]["edges"]] == [fx.POLICY_JS, fx.POLICY_CN]  # newest first
    js = await api.data("""query($f: PolicyFilterInput) { policies(filter: $f) { totalCount nodes { id } } }""",
                        {"f": {"region": "江蘇"}})
    assert [n["id"] for n in js["policies"]["nodes"]] == [fx.POLICY_JS]
    one = await api.data("""query($id: ID!) { policy(id: $id) { title
        measures { ordinal area industries policy { id } targets { metric value unit measure { ordinal } }
                   segments { key } }
        targets { value } } }""", {"id": fx.POLICY_JS})
    policy = one["policy"]
    assert [m["ordinal"] for m in policy["measures"]] == [1, 2]
    assert policy["measures"][0]["policy"]["id"] == fx.POLICY_JS
    assert policy["measures"][0]["segments"] == [{"key": "robot"}]
    assert policy["measures"][1]["targets"] == [{"metric": "产值", "value": 1000.0, "unit": "亿元", "measure": {"ordinal": 2}}]
    assert len(policy["targets"]) == 2


async def test_measures_filters(api):
    query = """query($f: MeasureFilterInput) { measures(filter: $f, first: 50) { totalCount nodes { area } } }"""
    assert (await api.data(query, {"f": {"area": "funding"}}))["measures"]["totalCount"] == 2
    assert (await api.data(query, {"f": {"industry": "Robotics"}}))["measures"]["totalCount"] == 4
    assert (await api.data(query, {"f": {"actor": "工业和信息化"}}))["measures"]["totalCount"] == 4
    assert (await api.data(query, {"f": {"actor": "nobody"}}))["measures"]["totalCount"] == 0
    assert (await api.data(query, {"f": {"policyId": fx.POLICY_CN, "area": "talent"}}))["measures"]["totalCount"] == 1


async def test_targets_by_region(api):
    query = """query($r: String) { targets(region: $r, first: 50) { totalCount nodes { id } } }"""
    assert (await api.data(query, {"r": "Jiangsu"}))["targets"]["totalCount"] == 2
    assert (await api.data(query, {"r": "CN"}))["targets"]["totalCount"] == 4  # CN includes CN-JS
    assert (await api.data(query, {}))["targets"]["totalCount"] == 4


async def test_chains_and_chain_with_segments_and_feeds(api):
    data = await api.data("{ chains { id nameEn } }")
    assert data["chains"] == [{"id": fx.CHAIN_ID, "nameEn": "Humanoid robots"}]
    chain = (await api.data("""query($id: ID!) { chain(id: $id) { nameZh
        segments { key position patentCount feeds { key } fedBy { key } }
        feeds { source { key } target { key } } } }""", {"id": fx.CHAIN_ID}))["chain"]
    assert [s["key"] for s in chain["segments"]] == ["joint", "control", "robot"]
    assert chain["segments"][1] == {"key": "control", "position": "midstream",
                                    "patentCount": len([n for n in range(fx.PATENT_COUNT) if n % 3 != 2]),
                                    "feeds": [{"key": "robot"}], "fedBy": [{"key": "joint"}]}
    assert {(f["source"]["key"], f["target"]["key"]) for f in chain["feeds"]} == {("joint", "control"), ("control", "robot")}


SEARCH = """query($t: String!, $n: Int!) { search(text: $t, first: $n) { kind score node {
  __typename ... on Organization { id name } ... on Inventor { id name } ... on Patent { id title } } } }"""


async def test_search_traditional_input_finds_simplified_names(api):
    hits = (await api.data(SEARCH, {"t": "南京大學", "n": 10}))["search"]
    assert hits[0]["kind"] == "organization" and hits[0]["node"]["id"] == fx.oid("nju") and hits[0]["score"] == 3
    robot = (await api.data(SEARCH, {"t": "機器人", "n": 50}))["search"]
    kinds = {h["kind"] for h in robot}
    assert kinds == {"organization", "patent"}
    assert {h["node"]["id"] for h in robot if h["kind"] == "patent"} == {fx.pid(n) for n in range(fx.PATENT_COUNT) if n % 3 == 0}


async def test_search_latin_is_case_insensitive_and_covers_inventors(api):
    hits = (await api.data(SEARCH, {"t": "NANJING university", "n": 5}))["search"]
    assert hits[0]["node"] == {"__typename": "Organization", "id": fx.oid("nju"), "name": "南京大学"}
    people = (await api.data(SEARCH, {"t": "zhang wei", "n": 5}))["search"]
    assert people[0]["kind"] == "inventor" and people[0]["node"]["name"] == "张伟"
    assert (await api.data(SEARCH, {"t": "robot arm", "n": 3}))["search"][0]["kind"] == "patent"
    assert len((await api.data(SEARCH, {"t": "robot arm", "n": 3}))["search"]) == 3

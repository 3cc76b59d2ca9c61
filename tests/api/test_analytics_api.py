"""The analytics GraphQL fields over HTTP against the embedded database, on the analytics fixture graph
(tests.analytics.fixtures) plus declared consortia and policy targets. Expected values come from the
library run directly on the same database, from independent Cypher counts, or by hand from the fixture."""

from __future__ import annotations

import pytest

from graph.analytics import (
    AnalyticsCache, collaboration_projection, consortium_candidates, fetch_chain_data, score_consortium,
)
from graph.batch import GraphBatch
from core.model import node_id
from graph.writer import GraphWriter
from tests.analytics import fixtures as afx
from tests.analytics.fixtures import CHAIN, INV, MEAS, ORG, PAT, SEG
from tests.analytics.test_consortia import SEGMENTS_OF
from tests.api.conftest import Api, running

pytestmark = pytest.mark.asyncio(loop_scope="session")

KEY = {v: k for k, v in {**ORG, **INV}.items()}
PKEY = {v: k for k, v in PAT.items()}
SEG_KEY = {v: k for k, v in SEG.items()}

D1 = node_id("Consortium", "fixture-reducer-consortium")  # U3 (lead), F2, F1; for the robot chain; 2021
D2 = node_id("Consortium", "fixture-motion-alliance")  # F1, X1; no chain; 2023
D3 = node_id("Consortium", "fixture-cultivation-centre")  # U1; cultivation centre; 2022
POLICY = node_id("Policy", "fixture js plan")
T_CONSORTIA = node_id("Target", "fixture", "consortia")
T_AGENCIES = node_id("Target", "fixture", "agencies")


REGIONS = {  # code: (name, name_zh, level, parent code)
    "CN": ("China", "中国", "country", None),
    "CN-JS": ("Jiangsu", "江苏省", "province", "CN"),
    "CN-SH": ("Shanghai", "上海市", "province", "CN"),
    "CN-JS-Nanjing": ("Nanjing", "南京市", "city", "CN-JS"),
    "CN-JS-Suzhou": ("Suzhou", "苏州市", "city", "CN-JS"),
    "CN-JS-Wuxi": ("Wuxi", "无锡市", "city", "CN-JS"),
}
CITY_CODE = {"Nanjing": "CN-JS-Nanjing", "Suzhou": "CN-JS-Suzhou", "Wuxi": "CN-JS-Wuxi", "Shanghai": "CN-SH"}


def rid(code: str) -> str:
    return node_id("Region", code)


def extras() -> GraphBatch:
    batch = GraphBatch()
    for code, (name, zh, level, parent) in REGIONS.items():
        batch.node("Region", rid(code), {"code": code, "name": name, "name_zh": zh, "level": level})
        if parent:
            batch.relationship("LOCATED_IN", ("Region", rid(code)), ("Region", rid(parent)))
    for key, (_name, _kind, city, _province) in afx.ORGS.items():
        batch.relationship("LOCATED_IN", ("Organization", ORG[key]), ("Region", rid(CITY_CODE[city])))
    for cid, name, kind, year, chain, members in [
        (D1, "Reducer innovation consortium", "consortium", 2021, CHAIN, [("U3", "lead"), ("F2", "member"), ("F1", "member")]),
        (D2, "Motion alliance", "consortium", 2023, None, [("F1", "lead"), ("X1", "member")]),
        (D3, "Vision cultivation centre", "cultivation_centre", 2022, None, [("U1", "lead")]),
    ]:
        batch.node("Consortium", cid, {"name": name, "kind": kind, "declared": True, "year": year, "region": "江苏",
                                       "chain_id": "humanoid-robots" if chain else None})
        for org, role in members:
            batch.relationship("MEMBER_OF", ("Organization", ORG[org]), ("Consortium", cid), {"role": role})
        if chain:
            batch.relationship("FOR_CHAIN", ("Consortium", cid), ("IndustrialChain", chain))
    batch.node("Policy", POLICY, {"title": "Jiangsu IP plan (fixture)", "region": "CN-JS", "period_start": 2021,
                                  "period_end": 2025})
    mid = node_id("Measure", POLICY, "1")
    batch.node("Measure", mid, {"ordinal": 1, "text": "targets"})
    batch.relationship("HAS_MEASURE", ("Policy", POLICY), ("Measure", mid), {"ordinal": 1})
    for tid, metric, value in [(T_CONSORTIA, "innovation consortia for key industrial chains", 10.0),
                               (T_AGENCIES, "number of patent agencies", 500.0)]:
        batch.node("Target", tid, {"metric": metric, "comparator": "at_least", "value": value, "unit": "个",
                                   "normalised_value": value, "normalised_unit": "个", "deadline": 2025})
        batch.relationship("SETS_TARGET", ("Measure", mid), ("Target", tid))
    batch.rows = 1
    return batch


@pytest.fixture(scope="module")
def api_graph(graph):
    """This module's database: the analytics fixture graph and the extras above."""
    GraphWriter(graph.driver, graph.database).write_all([*afx.build(), extras()])
    return graph


@pytest.fixture(scope="module")
def lib(api_graph):
    """The library's view of the same database (blocking driver, own cache), for expected values."""
    cache = AnalyticsCache()
    return {
        "projection": collaboration_projection(api_graph.driver, api_graph.database, cache=cache),
        "chain": fetch_chain_data(api_graph.driver, api_graph.database, CHAIN, cache=cache),
    }


async def error_code(api: Api, query: str, variables: dict | None = None) -> tuple[str, str]:
    body = await api.gql(query, variables)
    assert body.get("errors"), body
    error = body["errors"][0]
    return error["extensions"]["code"], error["message"]


# -- collaboration paths ----------------------------------------------------------------------------

PATHS = """query($from: ID!, $to: ID!, $maxHops: Int, $k: Int, $via: [String!]) {
  collaborationPaths(fromId: $from, toId: $to, maxHops: $maxHops, k: $k, via: $via) {
    distance hopCount nodeIds nodes { id type name organization { id name } inventor { id name } }
    hops { source target type count length otherTypes evidence { patentId citedPatentId year patent { id number } } }
  }
}"""


async def test_paths_between_two_fixture_orgs(api):
    data = await api.data(PATHS, {"from": ORG["F5"], "to": ORG["F1"], "maxHops": 4, "k": 3})
    paths = data["collaborationPaths"]
    # by hand (tests/analytics/test_paths.py): via inventor f1, the citation to U1, and via inventor b1
    assert [[KEY[n] for n in p["nodeIds"]] for p in paths] == [
        ["F5", "f1", "U1", "U2", "F1"], ["F5", "U1", "U2", "F1"], ["F5", "U1", "U2", "b1", "F1"]]
    assert [p["hopCount"] for p in paths] == [4, 3, 4]
    assert [p["distance"] for p in paths] == sorted(p["distance"] for p in paths)
    second = paths[1]
    assert [h["type"] for h in second["hops"]] == ["citation", "co_applicant", "co_applicant"]
    citation = second["hops"][0]["evidence"]
    assert [(e["patentId"], e["citedPatentId"], e["patent"]["number"]) for e in citation] == [
        (PAT["p27"], PAT["p02"], "CNP27A")]
    assert [e["patentId"] for e in second["hops"][2]["evidence"]] == [PAT["p16"], PAT["p15"]]
    first = paths[0]["nodes"]
    assert [(n["type"], n["name"]) for n in first] == [
        ("organization", "Nanjing Vision AI"), ("inventor", "f1"), ("organization", "Nanjing University"),
        ("organization", "Southeast University"), ("organization", "Nanjing Servo Tech")]
    assert first[0]["organization"]["name"] == "Nanjing Vision AI" and first[0]["inventor"] is None
    assert first[1]["inventor"]["id"] == INV["f1"] and first[1]["organization"] is None


async def test_paths_bounds_and_via(api):
    assert (await api.data(PATHS, {"from": ORG["F5"], "to": ORG["F1"], "maxHops": 2}))["collaborationPaths"] == []
    assert (await api.data(PATHS, {"from": ORG["F5"], "to": ORG["F1"], "via": ["co_applicant"]}))[
        "collaborationPaths"] == []
    via = await api.data(PATHS, {"from": ORG["F5"], "to": ORG["F1"], "via": ["CO_APPLICANT", "citation"]})
    assert [[KEY[n] for n in p["nodeIds"]] for p in via["collaborationPaths"]] == [["F5", "U1", "U2", "F1"]]
    assert (await api.data(PATHS, {"from": ORG["F6"], "to": ORG["F1"]}))["collaborationPaths"] == []


async def test_paths_batch_entity_reads(api):
    """Evidence patents and path organisations come through the DataLoaders: one read per kind."""
    await api.data(PATHS, {"from": ORG["F5"], "to": ORG["F1"], "k": 3})  # warm the projection
    before = api.stats.queries
    await api.data(PATHS, {"from": ORG["F5"], "to": ORG["F1"], "k": 3})
    # one slot for the (cached) projection, one patents batch, one organisations batch, one inventors batch
    assert api.stats.queries - before <= 4


@pytest.mark.parametrize(("variables", "code", "text"), [
    ({"from": "org:nope", "to": ORG["F1"]}, "UNKNOWN_ID", "org:nope"),
    ({"from": ORG["F1"], "to": PAT["p01"]}, "UNKNOWN_ID", PAT["p01"]),
    ({"from": ORG["F5"], "to": ORG["F1"], "maxHops": 7}, "OUT_OF_RANGE", "maxHops"),
    ({"from": ORG["F5"], "to": ORG["F1"], "k": 0}, "OUT_OF_RANGE", "k must be"),
    ({"from": ORG["F5"], "to": ORG["F1"], "via": ["friendship"]}, "INVALID_ARGUMENT", "via"),
    ({"from": ORG["F5"], "to": ORG["F5"]}, "INVALID_ARGUMENT", "differ"),
])
async def test_paths_errors(api, variables, code, text):
    got, message = await error_code(api, PATHS, variables)
    assert got == code and text in message


# -- consortium candidates --------------------------------------------------------------------------

CANDIDATES = """query($chain: ID!, $region: String, $size: Int, $min: Int, $max: Int, $must: [ID!], $exclude: [ID!],
                      $minU: Int! = 0, $minF: Int! = 0, $limit: Int! = 5, $seed: Int! = 0) {
  consortiumCandidates(chainId: $chain, region: $region, size: $size, minSize: $min, maxSize: $max,
                       mustInclude: $must, exclude: $exclude, minUniversities: $minU, minFirms: $minF,
                       limit: $limit, seed: $seed) {
    rank total memberIds anchorId community
    parts { name value weight contribution }
    members { organizationId capacity organization { name kind }
              segments { segmentId segmentKey patentIds measureIds patents { id } } }
    coverage { segmentId segmentKey covered memberIds members { id } evidence { organizationId patentIds } }
    uncoveredSegmentIds uncoveredSegments { id key }
    ties { aId bId coApplications sharedInventors citations strength a { name } }
    potentialPairs { aId bId potential }
    supportMeasures { measureId policyId matchedBy segmentIds coveredSegmentIds measure { id text } }
    declared { relation sameChain jaccard sharedIds addedIds missingIds summary consortium { id name kind } }
  }
}"""


async def test_a_repeated_candidate_question_is_answered_from_the_cache(api):
    variables = {"chain": CHAIN, "region": "Jiangsu", "limit": 3, "seed": 11}
    first = (await api.data(CANDIDATES, variables))["consortiumCandidates"]
    cache = api.app.state.services.analytics_cache
    builds = cache.builds
    again = (await api.data(CANDIDATES, variables))["consortiumCandidates"]
    assert again == first and cache.builds == builds
    other = (await api.data(CANDIDATES, {**variables, "seed": 12}))["consortiumCandidates"]
    assert cache.builds == builds + 1 and [c["rank"] for c in other] == [1, 2, 3]


async def test_candidates_match_the_library_and_constraints(api, lib):
    variables = {"chain": CHAIN, "region": "Jiangsu", "min": 3, "max": 5, "must": [ORG["F1"]],
                 "exclude": [ORG["U2"]], "minU": 1, "limit": 3, "seed": 7}
    found = (await api.data(CANDIDATES, variables))["consortiumCandidates"]
    expected = consortium_candidates(lib["chain"], lib["projection"], region="Jiangsu", min_size=3, max_size=5,
                                     must_include=[ORG["F1"]], exclude=[ORG["U2"]], min_universities=1, limit=3,
                                     seed=7)
    assert [c["memberIds"] for c in found] == [list(c.members) for c in expected]
    assert [c["total"] for c in found] == pytest.approx([c.score.total for c in expected])
    assert [c["rank"] for c in found] == [1, 2, 3]
    for c, lib_c in zip(found, expected, strict=True):
        keys = {KEY[m] for m in c["memberIds"]}
        assert "F1" in keys and "U2" not in keys and "X1" not in keys and 3 <= len(keys) <= 5
        assert any(k.startswith("U") for k in keys)
        parts = {p["name"]: p for p in c["parts"]}
        assert set(parts) == {"coverage", "complementarity", "ties", "capacity", "proximity", "potential"}
        assert {k: p["value"] for k, p in parts.items()} == pytest.approx(lib_c.score.parts)
        assert sum(p["contribution"] for p in c["parts"]) == pytest.approx(c["total"])
        assert parts["coverage"]["weight"] == 0.3
        # coverage by hand: the union of the members' segments
        covered = set().union(*(SEGMENTS_OF[k] for k in keys))
        assert parts["coverage"]["value"] == pytest.approx(len(covered) / 8)
        assert {SEG_KEY[s] for s in c["uncoveredSegmentIds"]} == set(afx.SEGMENT_KEYS) - covered
        assert {s["key"] for s in c["uncoveredSegments"]} == set(afx.SEGMENT_KEYS) - covered
        assert [cov["segmentKey"] for cov in c["coverage"]] == sorted(afx.SEGMENT_KEYS)
        # per member: the segments it covers, with evidence patents it applied for in that segment
        for member in c["members"]:
            key = KEY[member["organizationId"]]
            assert {s["segmentKey"] for s in member["segments"]} == SEGMENTS_OF[key]
            for seg in member["segments"]:
                own = {p for p, (_y, s, applicants, _i, _e) in afx.PATENTS.items()
                       if s == seg["segmentKey"] and key in applicants}
                assert seg["patentIds"] and {PKEY[p] for p in seg["patentIds"]} <= own
                assert len(seg["patentIds"]) == min(3, len(own))
                assert [p["id"] for p in seg["patents"]] == seg["patentIds"]
                assert seg["measureIds"] == ([MEAS["m1"]] if seg["segmentKey"] == "sensor" else [])
            assert member["organization"]["name"] == afx.ORGS[key][0]
        # support measures: m1 (targets sensor) when sensor is covered; m3 (industry) always; m2, m4 never
        measures = {m["measureId"]: m for m in c["supportMeasures"]}
        assert set(measures) == ({MEAS["m1"], MEAS["m3"]} if "sensor" in covered else {MEAS["m3"]})
        assert measures[MEAS["m3"]]["matchedBy"] == "industry" and measures[MEAS["m3"]]["measure"]["text"] == "measure m3"
        # the declared consortia sharing members (D1 and D2 both contain F1; D3 only U1)
        related = {d["consortium"]["id"]: d for d in c["declared"]}
        assert set(related) == {D1, D2} | ({D3} if "U1" in keys else set())
        assert related[D1]["sameChain"] is True and related[D2]["sameChain"] is False
        assert ORG["F1"] in related[D1]["sharedIds"]


async def test_candidates_extending_a_declared_consortium(api):
    found = (await api.data(CANDIDATES, {"chain": CHAIN, "region": "Jiangsu", "size": 4,
                                         "must": [ORG["U3"], ORG["F2"], ORG["F1"]], "limit": 3}))["consortiumCandidates"]
    assert found
    for c in found:
        assert len(c["memberIds"]) == 4 and {ORG["U3"], ORG["F2"], ORG["F1"]} <= set(c["memberIds"])
        d1 = next(d for d in c["declared"] if d["consortium"]["id"] == D1)
        added = [m for m in c["memberIds"] if m not in (ORG["U3"], ORG["F2"], ORG["F1"])]
        assert d1["relation"] == "extends" and d1["addedIds"] == added and d1["missingIds"] == []
        assert d1["jaccard"] == pytest.approx(3 / 4)
        assert d1["summary"] == f"extends consortium Reducer innovation consortium with {afx.ORGS[KEY[added[0]]][0]}"


@pytest.mark.parametrize("region", ["Suzhou", "苏州", "CN-JS-Suzhou"])
async def test_candidates_region_and_chain_key(api, region):
    found = (await api.data(CANDIDATES, {"chain": "humanoid-robots", "region": region, "min": 3, "max": 4,
                                         "minF": 2}))["consortiumCandidates"]
    assert found
    for c in found:
        keys = {KEY[m] for m in c["memberIds"]}
        assert keys <= {"U3", "I1", "F2", "F4"}  # the Suzhou organisations with chain patents
        assert sum(1 for k in keys if k.startswith("F")) >= 2


@pytest.mark.parametrize(("variables", "code", "text"), [
    ({"chain": "chain:nope"}, "UNKNOWN_CHAIN", "chain:nope"),
    ({"chain": CHAIN, "region": "Atlantis"}, "UNKNOWN_REGION", "Atlantis"),
    ({"chain": CHAIN, "size": 9}, "OUT_OF_RANGE", "size must be between 3 and 8"),
    ({"chain": CHAIN, "size": 2}, "OUT_OF_RANGE", "size"),
    ({"chain": CHAIN, "min": 5, "max": 4}, "INVALID_ARGUMENT", "minSize"),
    ({"chain": CHAIN, "limit": 21}, "OUT_OF_RANGE", "limit"),
    ({"chain": CHAIN, "must": ["org:missing"]}, "UNKNOWN_ID", "org:missing"),
    ({"chain": CHAIN, "exclude": [PAT["p01"]]}, "UNKNOWN_ID", PAT["p01"]),
    ({"chain": CHAIN, "must": [ORG["F1"]], "exclude": [ORG["F1"]]}, "INVALID_ARGUMENT", "exclude"),
    ({"chain": CHAIN, "size": 3, "minU": 2, "minF": 2}, "OUT_OF_RANGE", "minUniversities + minFirms"),
])
async def test_candidates_errors(api, variables, code, text):
    got, message = await error_code(api, CANDIDATES, variables)
    assert got == code and text in message, message


# -- declared consortia -----------------------------------------------------------------------------

SCORE = """query($id: ID!, $chain: ID) {
  scoreConsortium(consortiumId: $id, chainId: $chain) {
    chainId total parts { name value weight } memberIds unscoredMemberIds
    members { organizationId role segments { segmentKey patentIds } }
    coverage { segmentKey covered } uncoveredSegmentIds ties { aId bId coApplications }
    supportMeasures { measureId } consortium { id name kind year members { role organization { name } } }
  }
}"""


async def test_score_a_declared_consortium_for_its_chain(api, api_graph, lib):
    score = (await api.data(SCORE, {"id": D1}))["scoreConsortium"]
    members = sorted([ORG["F1"], ORG["F2"], ORG["U3"]])  # declared members, by id
    expected = score_consortium(members, lib["chain"], lib["projection"])
    assert score["chainId"] == CHAIN and score["memberIds"] == members and score["unscoredMemberIds"] == []
    assert score["total"] == pytest.approx(expected.total)
    assert {p["name"]: p["value"] for p in score["parts"]} == pytest.approx(expected.parts)
    # coverage: U3 reducer, F2 reducer + screw_bearing, F1 servo_actuator = 3 of 8, as an independent count says
    covered = api_graph.scalar(
        "MATCH (c:IndustrialChain {id: $chain})-[:HAS_SEGMENT]->(s:ChainSegment)<-[:IN_SEGMENT]-(:Patent)"
        "<-[:APPLIED_FOR]-(o:Organization)-[:MEMBER_OF]->(:Consortium {id: $d}) RETURN count(DISTINCT s) AS n",
        chain=CHAIN, d=D1)
    assert covered == 3
    assert {p["name"]: p["value"] for p in score["parts"]}["coverage"] == pytest.approx(covered / 8)
    assert {c["segmentKey"] for c in score["coverage"] if c["covered"]} == {"reducer", "screw_bearing", "servo_actuator"}
    assert len(score["uncoveredSegmentIds"]) == 5
    roles = {m["organizationId"]: m["role"] for m in score["members"]}
    assert roles == {ORG["U3"]: "lead", ORG["F2"]: "member", ORG["F1"]: "member"}
    assert {frozenset((t["aId"], t["bId"])) for t in score["ties"] if t["coApplications"]} >= {
        frozenset((ORG["U3"], ORG["F2"]))}  # co-applied p19
    assert [m["measureId"] for m in score["supportMeasures"]] == [MEAS["m3"]]  # sensor is not covered
    assert score["consortium"]["kind"] == "consortium" and score["consortium"]["year"] == 2021


async def test_score_errors_and_chain_override(api):
    assert (await error_code(api, SCORE, {"id": "cons:nope"}))[0] == "UNKNOWN_ID"
    code, message = await error_code(api, SCORE, {"id": D2})
    assert code == "INVALID_ARGUMENT" and "targets no chain" in message
    code, message = await error_code(api, SCORE, {"id": D3, "chain": CHAIN})
    assert code == "INVALID_ARGUMENT" and "at least two" in message
    score = (await api.data(SCORE, {"id": D2, "chain": CHAIN}))["scoreConsortium"]
    assert {c["segmentKey"] for c in score["coverage"] if c["covered"]} == {"servo_actuator", "controller"}
    assert (await error_code(api, SCORE, {"id": D2, "chain": "chain:nope"}))[0] == "UNKNOWN_CHAIN"


async def test_declared_consortia_list(api):
    data = await api.data("""query($chain: ID) { declaredConsortia(chainId: $chain) {
        id name kind chainIds members { role organization { id } } } }""", {"chain": CHAIN})
    assert [d["id"] for d in data["declaredConsortia"]] == [D1]
    everything = await api.data("{ declaredConsortia { id } }")
    assert {d["id"] for d in everything["declaredConsortia"]} == {D1, D2, D3}


# -- transfer ---------------------------------------------------------------------------------------

TRANSFER = """query($org: ID!, $limit: Int! = 10) {
  transferMatches(organizationId: $org, limit: $limit) {
    patentId title year score parts { name value } sharedIpc sharedConcepts ownerIds
    patent { number } owners { id name kind }
  }
}"""


async def test_transfer_matches_include_the_university_patent(api):
    found = (await api.data(TRANSFER, {"org": ORG["F5"], "limit": 5}))["transferMatches"]
    top = found[0]
    assert PKEY[top["patentId"]] == "p33" and {PKEY[m["patentId"]] for m in found[1:3]} == {"p02", "p04"}
    assert top["patent"]["number"] == "CNP33A" and [o["name"] for o in top["owners"]] == ["Nanjing University"]
    assert top["sharedConcepts"] == ["machine_vision"] and set(top["sharedIpc"]) == {"G06T7/73", "G06N3/08"}
    parts = {p["name"]: p["value"] for p in top["parts"]}
    assert set(parts) == {"fit", "region", "status", "term"} and parts["region"] == 0.1 and parts["status"] == 0.06
    assert top["score"] == pytest.approx(sum(parts.values()))
    assert all(o["kind"] in ("university", "research_institute") for m in found for o in m["owners"])
    f1 = {PKEY[m["patentId"]] for m in (await api.data(TRANSFER, {"org": ORG["F1"], "limit": 20}))["transferMatches"]}
    assert {"p34", "p05"} <= f1 and "p35" not in f1  # p35 is marked transferred


FIRMS = """query($p: ID!) { firmsForPatent(patentId: $p) { organizationId name score parts { name value }
    organization { city } } }"""


async def test_firms_for_patent(api):
    firms = (await api.data(FIRMS, {"p": PAT["p34"]}))["firmsForPatent"]
    assert [KEY[f["organizationId"]] for f in firms] == ["F1", "X1"]
    assert firms[0]["organization"]["city"] == "Nanjing"
    assert {p["name"]: p["value"] for p in firms[0]["parts"]}["region"] == 0.1
    assert (await api.data(FIRMS, {"p": PAT["p36"]}))["firmsForPatent"] == []  # moved (transferred to F6)


@pytest.mark.parametrize(("query", "variables", "code"), [
    (TRANSFER, {"org": "org:missing"}, "UNKNOWN_ID"),
    (TRANSFER, {"org": ORG["F1"], "limit": 0}, "OUT_OF_RANGE"),
    (FIRMS, {"p": "pat:missing"}, "UNKNOWN_ID"),
])
async def test_transfer_errors(api, query, variables, code):
    assert (await error_code(api, query, variables))[0] == code


# -- targets ----------------------------------------------------------------------------------------

PROGRESS = """query($id: ID!) { targetProgress(targetId: $id) {
    targetId metric measurable reason binding compare targetValue baselineYear baseline currentYear current
    achieved met trend onTrack series { year value } figures { role query params year value } target { id metric }
} }"""


async def test_target_progress_counts_declared_consortia(api, api_graph):
    p = (await api.data(PROGRESS, {"id": T_CONSORTIA}))["targetProgress"]
    assert p["measurable"] and p["binding"] == "innovation_consortia_count" and p["compare"] == "count"
    # independent count: declared consortia of kind consortium, by the latest year declared
    latest = api_graph.scalar("MATCH (c:Consortium {declared: true, kind: 'consortium'}) RETURN max(c.year) AS y")
    count = api_graph.scalar("MATCH (c:Consortium {declared: true, kind: 'consortium'}) WHERE c.year <= $y "
                             "RETURN count(c) AS n", y=latest)
    assert (p["currentYear"], p["current"]) == (latest, count) == (2023, 2)
    assert (p["baselineYear"], p["baseline"]) == (2020, 0)  # the year before the plan period (2021)
    assert p["targetValue"] == 10 and p["met"] is False and p["onTrack"] is False
    assert p["series"][-4:] == [{"year": 2020, "value": 0}, {"year": 2021, "value": 1}, {"year": 2022, "value": 1},
                                {"year": 2023, "value": 2}]
    current = next(f for f in p["figures"] if f["role"] == "current")
    assert current["query"] == "declared_consortia_by_year" and current["params"]["to_year"] == 2023
    assert p["target"] == {"id": T_CONSORTIA, "metric": "innovation consortia for key industrial chains"}
    agencies = (await api.data(PROGRESS, {"id": T_AGENCIES}))["targetProgress"]
    assert agencies["measurable"] is False and "no binding" in agencies["reason"]
    code, message = await error_code(api, PROGRESS, {"id": "tgt:nope"})
    assert code == "UNKNOWN_ID" and "tgt:nope" in message


async def test_targets_measurable_filter_and_progress_field(api):
    query = """query($m: Boolean) { targets(region: "CN-JS", measurable: $m) { totalCount
        nodes { id progress { measurable current } } } }"""
    measurable = (await api.data(query, {"m": True}))["targets"]
    assert measurable["totalCount"] == 1
    assert measurable["nodes"] == [{"id": T_CONSORTIA, "progress": {"measurable": True, "current": 2}}]
    other = (await api.data(query, {"m": False}))["targets"]
    assert [n["id"] for n in other["nodes"]] == [T_AGENCIES] and other["totalCount"] == 1
    everything = (await api.data(query, {"m": None}))["targets"]
    assert {n["id"] for n in everything["nodes"]} == {T_CONSORTIA, T_AGENCIES}


# -- chain gaps -------------------------------------------------------------------------------------

GAPS = """query($chain: ID!, $region: String!, $bench: String, $from: Int, $to: Int) {
  chainGaps(chainId: $chain, region: $region, benchmark: $bench, from: $from, to: $to) {
    chainId chain { nameEn } region { id name level } benchmark { id name } fromYear toYear
    regionChainPatents benchmarkChainPatents benchmarkKind benchmarkLabel benchmarkOverlap notes
    segments { segmentId key gapScore flags regionPatents benchmarkPatents share shareRatio externalShare
               region { patents inventions highValue byYear { year patents } } benchmark { patents }
               topHoldersInRegion { organizationId patents organization { name } } topHoldersOutside { organizationId }
               measures { measureId policyTitle measure { id } } measureCount segment { key } }
    feeds { source target } definitions { name text }
  }
}"""

COUNT = """MATCH (:IndustrialChain {id: $chain})-[:HAS_SEGMENT]->(s:ChainSegment)<-[:IN_SEGMENT]-(p:Patent)
WHERE ($from IS NULL OR p.year >= $from) AND ($to IS NULL OR p.year <= $to)
  AND ($region IS NULL OR EXISTS { MATCH (p)<-[:APPLIED_FOR]-(:Organization)-[:LOCATED_IN*1..3]->(:Region {id: $region}) })
RETURN s.key AS key, count(DISTINCT p) AS n"""


def counts(graph, region: str | None, start: int | None = None, end: int | None = None) -> dict[str, int]:
    found = {r["key"]: r["n"] for r in graph.query(COUNT, chain=CHAIN, region=region, **{"from": start, "to": end})}
    return {k: found.get(k, 0) for k in afx.SEGMENT_KEYS}


async def test_chain_gaps_equal_independent_counts(api, api_graph):
    report = (await api.data(GAPS, {"chain": CHAIN, "region": "江苏"}))["chainGaps"]
    assert report["region"] == {"id": rid("CN-JS"), "name": "Jiangsu", "level": "province"}
    assert report["benchmark"] is None and report["chain"]["nameEn"] == "Humanoid robots"
    # by default the benchmark is everything outside the region
    assert (report["benchmarkKind"], report["benchmarkLabel"], report["benchmarkOverlap"]) == (
        "outside", "outside Jiangsu", 0.0)
    segments = {s["key"]: s for s in report["segments"]}
    assert set(segments) == set(afx.SEGMENT_KEYS) and len(report["feeds"]) == 7
    region, everything = counts(api_graph, rid("CN-JS")), counts(api_graph, None)
    assert {k: s["regionPatents"] for k, s in segments.items()} == region
    assert {k: s["benchmarkPatents"] for k, s in segments.items()} == {k: everything[k] - region[k] for k in region}
    all_patents = (await api.data(GAPS, {"chain": CHAIN, "region": "江苏", "bench": "all"}))["chainGaps"]
    assert all_patents["benchmarkKind"] == "all" and all_patents["benchmarkLabel"] == "all patents"
    assert {s["key"]: s["benchmarkPatents"] for s in all_patents["segments"]} == everything
    # by hand: servo_actuator has U2's p05 p06, F1's p14 p15 p16 p17 p41 in Jiangsu, X1's p31 p48 in Shanghai
    assert (region["servo_actuator"], everything["servo_actuator"]) == (7, 9)
    servo = segments["servo_actuator"]
    assert servo["region"]["patents"] == 7 and servo["segment"]["key"] == "servo_actuator"
    assert servo["externalShare"] == pytest.approx(2 / 9)
    assert [h["organizationId"] for h in servo["topHoldersInRegion"]][:2] == [ORG["F1"], ORG["U2"]]
    assert servo["topHoldersInRegion"][0]["patents"] == 5 and servo["topHoldersOutside"][0]["organizationId"] == ORG["X1"]
    sensor = segments["sensor"]
    assert sensor["measureCount"] == 2 and {m["measureId"] for m in sensor["measures"]} == {MEAS["m1"], MEAS["m2"]}
    assert all(0 <= s["gapScore"] <= 1 for s in report["segments"])
    assert {d["name"] for d in report["definitions"]} >= {"gap_score", "share_ratio"}


async def test_chain_gaps_benchmark_and_window(api, api_graph):
    report = (await api.data(GAPS, {"chain": "humanoid-robots", "region": "Suzhou", "bench": "Shanghai",
                                    "from": 2022, "to": 2024}))["chainGaps"]
    assert report["benchmark"]["name"] == "Shanghai" and (report["fromYear"], report["toYear"]) == (2022, 2024)
    segments = {s["key"]: s for s in report["segments"]}
    assert {k: s["regionPatents"] for k, s in segments.items()} == counts(api_graph, rid("CN-JS-Suzhou"), 2022, 2024)
    assert {k: s["benchmarkPatents"] for k, s in segments.items()} == counts(api_graph, rid("CN-SH"), 2022, 2024)
    # whole_machine in Suzhou 2022..2024: p10 (I1), p25 (F4, I1); p23 is 2021, p45 2025
    assert segments["whole_machine"]["regionPatents"] == 2
    assert segments["servo_actuator"]["benchmarkPatents"] == 2  # X1's p31, p48


GRAPH = """query($chain: ID!, $region: String!) { chainGraph(chainId: $chain, region: $region) {
    chainId region { name } nodes { id key label gapScore flags metrics { patents benchmarkPatents share } }
    edges { source target } } }"""


async def test_chain_graph(api, api_graph):
    graph = (await api.data(GRAPH, {"chain": CHAIN, "region": "CN-JS"}))["chainGraph"]
    assert graph["chainId"] == CHAIN and graph["region"]["name"] == "Jiangsu"
    assert {n["key"]: n["metrics"]["patents"] for n in graph["nodes"]} == counts(api_graph, rid("CN-JS"))
    assert {(e["source"], e["target"]) for e in graph["edges"]} == {
        (SEG["reducer"], SEG["servo_actuator"]), (SEG["screw_bearing"], SEG["servo_actuator"]),
        (SEG["servo_actuator"], SEG["whole_machine"]), (SEG["sensor"], SEG["whole_machine"]),
        (SEG["controller"], SEG["whole_machine"]), (SEG["vision"], SEG["whole_machine"]),
        (SEG["whole_machine"], SEG["application"])}


@pytest.mark.parametrize(("variables", "code", "text"), [
    ({"chain": "chain:nope", "region": "Jiangsu"}, "UNKNOWN_CHAIN", "chain:nope"),
    ({"chain": CHAIN, "region": "Atlantis"}, "UNKNOWN_REGION", "Atlantis"),
    ({"chain": CHAIN, "region": "Jiangsu", "bench": "Atlantis"}, "UNKNOWN_REGION", "benchmark"),
    ({"chain": CHAIN, "region": "Jiangsu", "from": 1700}, "OUT_OF_RANGE", "from=1700"),
    ({"chain": CHAIN, "region": "Jiangsu", "from": 2024, "to": 2020}, "OUT_OF_RANGE", "from=2024"),
])
async def test_chain_gaps_errors(api, variables, code, text):
    got, message = await error_code(api, GAPS, variables)
    assert got == code and text in message, message


# -- time limit -------------------------------------------------------------------------------------

async def test_analytics_answer_within_the_time_limit(settings_for, keys):
    async with running(settings_for(query_timeout_s=0.001)) as (app, http):
        api = Api(app, http, keys["reader"])
        code, message = await error_code(api, PATHS, {"from": ORG["F5"], "to": ORG["F1"]})
        assert code == "QUERY_TIMEOUT" and "request id" in message

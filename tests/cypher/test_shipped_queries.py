"""Every shipped saved query runs on the embedded database against the fixture graph, and returns
what a plain-Python reading of the fixture definition says it should."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import pytest

from cypher.runner import QueryResult, SavedQueryRunner
from cypher.saved import SavedQueryCatalog
from cypher.saved_model import ParameterError
from tests.cypher.fixture_graph import CHAIN as CHAIN_KEY
from tests.cypher.fixture_graph import FIXTURE, Org, Pat, expected_counts, write_fixture_graph

FX = FIXTURE
ORGS = FX.orgs
PATS = FX.patents
CATALOG = SavedQueryCatalog.load()


@pytest.fixture(scope="module")
def runner() -> SavedQueryRunner:
    return SavedQueryRunner(CATALOG, timeout_s=60, row_cap=1000)


@pytest.fixture(scope="module")
def run(graph, runner):  # type: ignore[no-untyped-def]
    write_fixture_graph(graph.driver, graph.database)
    seen: set[str] = set()

    def call(name: str, **params: Any) -> QueryResult:
        result = runner.run(graph.driver, graph.database, name, params)
        assert result.columns == list(CATALOG.get(name).returns), name  # the header tells the truth
        assert not result.truncated
        seen.add(name)
        return result

    call.seen = seen  # type: ignore[attr-defined]
    call.graph = graph  # type: ignore[attr-defined]
    return call


def applicants(p: Pat) -> list[Org]:
    return [ORGS[k] for k in p.applicants]


def segs(p: Pat) -> set[str]:
    return {s for s, _, _ in p.segments}


def years(patents: Iterable[Pat]) -> tuple[int, int]:
    ys = [p.year for p in patents]
    return min(ys), max(ys)


def test_catalog_ships_at_least_fifteen_clean_queries() -> None:
    assert not CATALOG.problems
    assert len(CATALOG) >= 16
    assert all(q.shipped for q in CATALOG)
    assert "graph_fingerprint" in CATALOG


def test_top_applicants_in_segment(run) -> None:  # type: ignore[no-untyped-def]
    def expect(segment: str, where=lambda o: True, min_conf: float = 0.0) -> list[tuple[str, int, int, int, int]]:
        per: dict[str, list[Pat]] = defaultdict(list)
        for p in PATS:
            if any(s == segment and c >= min_conf for s, _, c in p.segments):
                for o in applicants(p):
                    if where(o):
                        per[o.name].append(p)
        rows = [(name, len(ps), sum(p.type == "invention" for p in ps), *years(ps)) for name, ps in per.items()]
        return sorted(rows, key=lambda r: (-r[1], r[0]))

    def got(result: QueryResult) -> list[tuple[str, int, int, int, int]]:
        return [(r["name"], r["patents"], r["inventions"], r["first_year"], r["last_year"]) for r in result.rows]

    assert got(run("top_applicants_in_segment", segment="ai_model")) == expect("ai_model")
    in_js = expect("ai_model", lambda o: o.province == "Jiangsu")
    assert got(run("top_applicants_in_segment", segment="ai_model", region="Jiangsu")) == in_js
    # a segment by its Chinese name, a region by its Chinese name through LOCATED_IN
    nanjing = expect("perception", lambda o: o.city == "Nanjing")
    assert got(run("top_applicants_in_segment", segment="感知与视觉", region="南京市")) == nanjing
    assert got(run("top_applicants_in_segment", segment="perception", region="CN-JS-320100")) == nanjing
    firms = expect("whole_robot", lambda o: o.kind == "firm")
    assert got(run("top_applicants_in_segment", segment="whole_robot", kind="firm")) == firms
    sure = expect("whole_robot", min_conf=0.85)
    assert got(run("top_applicants_in_segment", segment="whole_robot", min_confidence=0.85)) == sure
    assert sure != expect("whole_robot")
    assert len(run("top_applicants_in_segment", segment="reducer", limit=2).rows) == 2
    with pytest.raises(ParameterError, match="segment='no such segment' names nothing in the graph"):
        run("top_applicants_in_segment", segment="no such segment")  # not an empty answer (issue 16)


def test_university_firm_pairs(run) -> None:  # type: ignore[no-untyped-def]
    def expect(academic_kinds: set[str], region: str = "") -> Counter[tuple[str, str]]:
        pairs: Counter[tuple[str, str]] = Counter()
        for p in PATS:
            for u in applicants(p):
                for f in applicants(p):
                    if u.kind in academic_kinds and f.kind == "firm":
                        if not region or region in (u.province, u.city, f.province, f.city):
                            pairs[(u.name, f.name)] += 1
        return pairs

    rows = run("university_firm_pairs").rows
    assert Counter({(r["academic"], r["firm"]): r["patents"] for r in rows}) == expect({"university"})
    with_inst = run("university_firm_pairs", include_institutes=True).rows
    assert Counter({(r["academic"], r["firm"]): r["patents"] for r in with_inst}) == expect(
        {"university", "research_institute"}
    )
    zhejiang = run("university_firm_pairs", region="Zhejiang").rows
    assert {(r["academic"], r["firm"]) for r in zhejiang} == set(expect({"university"}, "Zhejiang"))
    sz = next(r for r in rows if r["academic"] == "南京大学" and r["firm"] == "苏州智行机器人有限公司")
    assert (sz["first_year"], sz["last_year"], sz["cities"]) == (2021, 2021, "Nanjing - Suzhou")


def test_organizations_bridging_cities(run) -> None:  # type: ignore[no-untyped-def]
    partners: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for p in PATS:
        for o in applicants(p):
            for q in applicants(p):
                if q.key != o.key:
                    partners[o.name][q.city].add(q.name)
    expected = {
        name: (sorted(by_city["Nanjing"]), sorted(by_city["Suzhou"]))
        for name, by_city in partners.items()
        if by_city["Nanjing"] and by_city["Suzhou"]
    }
    rows = run("organizations_bridging_cities", city_a="Nanjing", city_b="Suzhou").rows
    assert {r["name"]: (sorted(r["partners_a"]), sorted(r["partners_b"])) for r in rows} == expected
    assert len(expected) >= 3


def test_inventors_most_partners(run) -> None:  # type: ignore[no-untyped-def]
    partners: dict[str, set[str]] = defaultdict(set)
    count: Counter[str] = Counter()
    for p in PATS:
        for i in p.inventors:
            count[i] += 1
            partners[i].update(set(p.inventors) - {i})
    expected = sorted(
        ((FX.people[i].name, len(partners[i]), count[i]) for i in count),
        key=lambda r: (-r[1], -r[2], r[0]),
    )
    rows = run("inventors_most_partners", limit=100).rows
    assert [(r["name"], r["partners"], r["patents"]) for r in rows] == expected
    assert rows[0]["organizations"] == [ORGS[FX.people[next(k for k, v in FX.people.items() if v.name == rows[0]["name"])].org].name]
    suzhou = run("inventors_most_partners", region="Suzhou").rows
    assert {r["name"] for r in suzhou} == {p.name for p in FX.people.values() if ORGS[p.org].city == "Suzhou"}


def test_key_inventors_of_chain(run) -> None:  # type: ignore[no-untyped-def]
    parent = {r.code: r.parent for r in FX.regions}

    def inside(org: str, code: str) -> bool:
        here = FX.org_region.get(org)
        while here is not None and here != code:
            here = parent.get(here)
        return here == code

    def expect(code: str, years: range = range(0, 9999)) -> list[tuple[str, int, int, set[str]]]:
        local = [p for p in PATS if segs(p) and p.year in years and any(inside(o, code) for o in p.applicants)]
        count = Counter(i for p in local for i in p.inventors)
        team = {i: {c for p in local if i in p.inventors for c in p.inventors} - {i} for i in count}
        where = {i: {s for p in local if i in p.inventors for s in segs(p)} for i in count}
        rows = [(FX.people[i].name, n, len(team[i]), where[i]) for i, n in count.items()]
        return sorted(rows, key=lambda r: (-r[1], r[0]))

    def got(result: QueryResult) -> list[tuple[str, int, int, set[str]]]:
        return [(r["name"], r["patents"], r["team_size"], set(r["segments"])) for r in result.rows]

    js = expect("CN-JS")
    assert len(js) >= 3
    assert got(run("key_inventors_of_chain", chain=CHAIN_KEY, region="Jiangsu", limit=200)) == js
    assert got(run("key_inventors_of_chain", chain="人形机器人", region="CN-JS", limit=2)) == js[:2]
    top = run("key_inventors_of_chain", chain=CHAIN_KEY, region="江苏省", limit=1).rows[0]
    assert len(top["team"]) == min(5, top["team_size"]) and top["name"] not in top["team"]
    recent = expect("CN-JS-320500", range(2021, 2100))
    assert got(run("key_inventors_of_chain", chain=CHAIN_KEY, region="Suzhou", from_year=2021, limit=200)) == recent


def test_consortium_patents_by_segment(run) -> None:  # type: ignore[no-untyped-def]
    members = set(FX.consortium[2])
    per: dict[str, set[str]] = defaultdict(set)
    who: dict[str, set[str]] = defaultdict(set)
    for p in PATS:
        ms = members & set(p.applicants)
        for s in segs(p):
            if ms:
                per[s].add(p.number)
                who[s].update(ORGS[m].name for m in ms)
    for key in (FX.consortium[0], FX.consortium_id):
        rows = run("consortium_patents_by_segment", consortium=key).rows
        assert {r["segment_key"]: r["patents"] for r in rows} == {s: len(n) for s, n in per.items()}
        assert {r["segment_key"]: set(r["members"]) for r in rows} == who


def test_segments_without_regional_patents(run) -> None:  # type: ignore[no-untyped-def]
    def expect(in_region) -> set[str]:  # type: ignore[no-untyped-def]
        covered = {s for p in PATS for s in segs(p) if any(in_region(o) for o in applicants(p))}
        return set(FX.segments) - covered

    assert expect(lambda o: o.province == "Jiangsu") == {"dexterous_hand"}
    rows = run("segments_without_regional_patents", chain="humanoid-robots", region="Jiangsu").rows
    assert {r["segment_key"] for r in rows} == {"dexterous_hand"}
    hand = [p for p in PATS if "dexterous_hand" in segs(p)]
    assert rows[0]["patents_elsewhere"] == len(hand)
    assert set(rows[0]["top_holders"]) == {o.name for p in hand for o in applicants(p)}
    wuxi = run("segments_without_regional_patents", chain="Humanoid robots", region="无锡市").rows
    assert {r["segment_key"] for r in wuxi} == expect(lambda o: o.city == "Wuxi")


def test_policy_targets_by_deadline(run) -> None:  # type: ignore[no-untyped-def]
    targets = [
        (t.deadline, t.metric, pol.region, pol.title, m.ordinal)
        for pol in FX.policies for m in pol.measures for t in m.targets
    ]
    rows = run("policy_targets_by_deadline").rows
    assert [r["deadline"] for r in rows] == sorted(t[0] for t in targets)
    assert sorted((r["deadline"], r["metric"]) for r in rows) == sorted((t[0], t[1]) for t in targets)
    js = run("policy_targets_by_deadline", region="CN-JS", from_year=2027, to_year=2027).rows
    assert sorted(r["metric"] for r in js) == sorted(t[1] for t in targets if t[2] == "CN-JS" and t[0] == 2027)
    shipped = next(r for r in rows if r["metric"] == "整机出货量")
    assert (shipped["value"], shipped["unit"], shipped["comparator"]) == (10000.0, "台", "reach")


def test_measures_naming_industry(run) -> None:  # type: ignore[no-untyped-def]
    def expect(term: str) -> set[tuple[str, int]]:
        return {
            (pol.title, m.ordinal)
            for pol in FX.policies for m in pol.measures
            if term in m.industries or term in m.text
            or any(term in (s, FX.segments[s].name_en, FX.segments[s].name_zh) for s in m.segments)
        }

    for term in ("servo_motor", "artificial_intelligence", "减速器", "Whole humanoid robots"):
        rows = run("measures_naming_industry", term=term).rows
        assert {(r["policy_title"], r["ordinal"]) for r in rows} == expect(term), term
        assert expect(term)
    chips = run("measures_naming_industry", term="integrated_circuits").rows
    assert [sorted(r["segments"]) for r in chips] == [["controller_chip", "servo_motor"]]
    assert run("measures_naming_industry", term="robotics", region="CN").rows
    assert {r["policy_region"] for r in run("measures_naming_industry", term="robotics", region="CN").rows} == {"CN"}


def test_organizations_in_policies_and_patents(run) -> None:  # type: ignore[no-untyped-def]
    mentioned: dict[str, int] = Counter()
    for pol in FX.policies:
        for k in pol.mentions:
            mentioned[k] += 1
        for m in pol.measures:
            for k in m.mentions:
                mentioned[k] += 1
    patents = Counter(k for p in PATS for k in p.applicants)
    expected = {ORGS[k].name: (mentioned[k], patents[k]) for k in mentioned if patents[k]}
    rows = run("organizations_in_policies_and_patents").rows
    assert {r["name"]: (r["mentions"], r["patents"]) for r in rows} == expected
    assert [r["patents"] for r in rows] == sorted((r["patents"] for r in rows), reverse=True)
    assert all(r["policies"] == ["江苏省人形机器人产业创新发展行动方案"] for r in rows)


def test_collaboration_neighbourhood(run) -> None:  # type: ignore[no-untyped-def]
    def co(key: str) -> Counter[str]:
        return Counter(q for p in PATS if key in p.applicants for q in p.applicants if q != key)

    start = "nju"
    first = co(start)
    second: dict[str, set[str]] = defaultdict(set)
    for n1 in first:
        for n2 in co(n1):
            if n2 != start and n2 not in first:
                second[n2].add(ORGS[n1].name)
    rows = run("collaboration_neighbourhood", organization=ORGS[start].name).rows
    hop1 = {r["name"]: r["shared_patents"] for r in rows if r["hops"] == 1}
    hop2 = {r["name"]: set(r["via"]) for r in rows if r["hops"] == 2}
    assert hop1 == {ORGS[k].name: n for k, n in first.items()}
    assert hop2 == {ORGS[k].name: via for k, via in second.items()}
    assert [r["hops"] for r in rows] == sorted(r["hops"] for r in rows)
    by_id = run("collaboration_neighbourhood", organization=ORGS[start].id).rows
    assert by_id == rows


def test_transfer_candidates(run) -> None:  # type: ignore[no-untyped-def]
    firm = "sz_robot"
    portfolio = {c[:4] for p in PATS if firm in p.applicants for c in p.ipc}
    expected = {
        (p.number, o.name): sorted({c[:4] for c in p.ipc if c[:4] in portfolio})
        for p in PATS
        if p.type == "invention" and firm not in p.applicants and any(c[:4] in portfolio for c in p.ipc)
        for o in applicants(p)
        if o.kind in ("university", "research_institute")
    }
    rows = run("transfer_candidates", firm=ORGS[firm].name, limit=1000).rows
    assert {(r["number"], r["holder"]): sorted(r["subclasses"]) for r in rows} == expected
    assert [r["year"] for r in rows] == sorted((r["year"] for r in rows), reverse=True)
    assert "CN110000041A" in {r["number"] for r in rows}  # a university patent in no segment, IPC H02K


def test_invention_growth_by_city(run) -> None:  # type: ignore[no-untyped-def]
    def expect(match, region: str = "Jiangsu") -> dict[tuple[str, int], int]:  # type: ignore[no-untyped-def]
        cells: dict[tuple[str, int], set[str]] = defaultdict(set)
        for p in PATS:
            if p.type == "invention" and match(p):
                for o in applicants(p):
                    if not region or o.province == region:
                        cells[(o.city, p.year)].add(p.number)
        return {k: len(v) for k, v in cells.items()}

    ai = lambda p: any(c.startswith("G06N") for c in p.ipc)  # noqa: E731
    rows = run("invention_growth_by_city").rows
    assert {(r["city"], r["year"]): r["patents"] for r in rows} == expect(ai)
    assert [(r["city"], r["year"]) for r in rows] == sorted((r["city"], r["year"]) for r in rows)
    everywhere = run("invention_growth_by_city", region="", from_year=2023, to_year=2024).rows
    assert {(r["city"], r["year"]): r["patents"] for r in everywhere} == {
        k: v for k, v in expect(ai, "").items() if 2023 <= k[1] <= 2024
    }
    by_segment = run("invention_growth_by_city", ipc_prefix="", segment="reducer").rows
    assert {(r["city"], r["year"]): r["patents"] for r in by_segment} == expect(lambda p: "reducer" in segs(p))


def test_ipc_cooccurrence_in_segment(run) -> None:  # type: ignore[no-untyped-def]
    for segment in ("perception", "whole_robot", "ai_model"):
        pairs: Counter[tuple[str, str]] = Counter()
        for p in PATS:
            if segment in segs(p):
                subs = sorted({c[:4] for c in p.ipc})
                for i, a in enumerate(subs):
                    for b in subs[i + 1 :]:
                        pairs[(a, b)] += 1
        rows = run("ipc_cooccurrence_in_segment", segment=segment).rows
        assert Counter({(r["ipc_a"], r["ipc_b"]): r["patents"] for r in rows}) == pairs, segment
    assert run("ipc_cooccurrence_in_segment", segment="perception", min_patents=2).rows == [
        {"ipc_a": "G06N", "ipc_b": "G06V", "patents": 2}
    ]


def test_university_partners_outside_province(run) -> None:  # type: ignore[no-untyped-def]
    for uni in ("seu", "nju", "thu"):
        home = "Jiangsu"
        shared: dict[str, list[Pat]] = defaultdict(list)
        for p in PATS:
            if uni in p.applicants:
                for o in applicants(p):
                    if o.key != uni and o.province != home:
                        shared[o.name].append(p)
        rows = run("university_partners_outside_province", university=ORGS[uni].name).rows
        assert {r["name"]: (r["patents"], r["first_year"], r["last_year"]) for r in rows} == {
            n: (len(ps), *years(ps)) for n, ps in shared.items()
        }
    beijing = run("university_partners_outside_province", university=ORGS["thu"].name, province="Beijing").rows
    assert {r["province"] for r in beijing} == {"Shanghai", "Jiangsu"}


def test_measure_evidence(run) -> None:  # type: ignore[no-untyped-def]
    pol = FX.policies[1]
    m = pol.measures[1]
    for params in ({"measure": pol.measure_id(m.ordinal)}, {"policy": pol.doc_number, "ordinal": m.ordinal},
                   {"policy": pol.title, "ordinal": m.ordinal}):
        rows = run("measure_evidence", **params).rows
        assert len(rows) == 1
        row = rows[0]
        assert (row["text"], row["span_start"], row["span_end"]) == (m.text, m.span[0], m.span[1])
        assert (row["policy_title"], row["doc_number"], row["policy_date"]) == (pol.title, pol.doc_number, pol.date)
        name = ORGS["sz_robot"].name
        start = m.span[0] + m.text.index(name)
        assert row["organizations"] == [{"name": name, "surface": name, "span_start": start, "span_end": start + len(name)}]
        assert row["targets"] == [{"metric": "整机出货量", "comparator": "reach", "value": 10000.0, "unit": "台",
                                   "deadline": 2026}]
        assert row["segments"] == ["whole_robot"]
    bare = run("measure_evidence", measure=FX.policies[0].measure_id(1)).rows[0]
    assert bare["organizations"] == [] and bare["targets"] == []
    with pytest.raises(ParameterError, match="measure='meas:nope' names nothing"):
        run("measure_evidence", measure="meas:nope")


def test_upstream_of_segment(run) -> None:  # type: ignore[no-untyped-def]
    distance: dict[str, int] = {}
    frontier = {"whole_robot"}
    for step in range(1, 4):
        frontier = {up for up, down in FX.feeds if down in frontier}
        for s in frontier:
            distance.setdefault(s, step)
    rows = run("upstream_of_segment", segment="whole_robot", region="Jiangsu").rows
    assert {r["segment_key"]: r["distance"] for r in rows} == distance
    for r in rows:
        ps = [p for p in PATS if r["segment_key"] in segs(p)]
        assert r["patents"] == len(ps)
        assert r["regional_patents"] == sum(any(o.province == "Jiangsu" for o in applicants(p)) for p in ps)
    assert run("upstream_of_segment", segment="reducer").rows == []


# --- the fingerprint -----------------------------------------------------------------------------

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.:/,;()[]{}|=+*#%&@!?<>~^$"


def _text(value: object) -> str:
    items = value if isinstance(value, list) else [value]
    return "".join("|" + (("true" if x else "false") if isinstance(x, bool) else str(x)) for x in items)


def _hash(text: str) -> int:
    h = 7
    for ch in text:
        index = _ALPHABET.find(ch)
        h = (h * 131 + (index if index >= 0 else len(_ALPHABET))) % 2147483647
    return h


def _python_fingerprint(graph) -> dict[tuple[str, str], tuple[int, int, int]]:  # type: ignore[no-untyped-def]
    """The fingerprint recomputed in Python from raw properties read with the driver."""
    out: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in graph.query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"):
        r["props"].pop("first_load", None)  # load provenance is left out of the fingerprint
        for label in r["labels"]:
            cell = out[("node", label)]
            cell[0] += 1
            cell[1] += len(r["props"])
            cell[2] += sum(_hash(f"{k}={_text(v)}") for k, v in r["props"].items())
    rels = graph.query("MATCH (a)-[r]->(b) RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS props")
    for r in rels:
        cell = out[("relationship", r["t"])]
        cell[0] += 1
        cell[1] += len(r["props"])
        cell[2] += _hash(f">{r['a'] or ''}>{r['b'] or ''}") + sum(_hash(f"{k}={_text(v)}") for k, v in r["props"].items())
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def test_graph_fingerprint_counts_and_checksums(run) -> None:  # type: ignore[no-untyped-def]
    rows = run("graph_fingerprint").rows
    got = {(r["kind"], r["name"]): (r["count"], r["properties"], r["checksum"]) for r in rows}
    counts = {name: c for (_, name), (c, _, _) in got.items()}
    assert counts == {**expected_counts(), "SchemaVersion": 1}
    assert got == _python_fingerprint(run.graph)
    assert run("graph_fingerprint").rows == rows  # stable
    cheap = run("graph_fingerprint", content=False).rows
    assert [(r["name"], r["count"]) for r in cheap] == [(r["name"], r["count"]) for r in rows]
    assert all(r["checksum"] == 0 for r in cheap)


def test_graph_fingerprint_sees_a_same_length_property_edit_and_its_undo(run) -> None:  # type: ignore[no-untyped-def]
    graph = run.graph
    before = run("graph_fingerprint").rows
    pid = PATS[0].id
    graph.query("MATCH (p:Patent {id: $id}) SET p.year = 2018", id=pid)  # 2019 -> 2018: same length
    try:
        changed = run("graph_fingerprint").rows
        diff = [(a["name"], a["checksum"] != b["checksum"]) for a, b in zip(before, changed, strict=True)]
        assert [name for name, differs in diff if differs] == ["Patent"]
        assert [r["count"] for r in changed] == [r["count"] for r in before]
    finally:
        graph.query("MATCH (p:Patent {id: $id}) SET p.year = $year", id=pid, year=PATS[0].year)
    assert run("graph_fingerprint").rows == before
    graph.query("MATCH (o:Organization {id: $id})-[r:APPLIED_FOR]->(p:Patent {id: $pid}) SET r.sequence = 9",
                id=ORGS["cz_drive"].id, pid=pid)
    try:
        edited = {r["name"]: r["checksum"] for r in run("graph_fingerprint").rows}
        assert edited["APPLIED_FOR"] != {r["name"]: r["checksum"] for r in before}["APPLIED_FOR"]
    finally:
        graph.query("MATCH (o:Organization {id: $id})-[r:APPLIED_FOR]->(p:Patent {id: $pid}) SET r.sequence = 1",
                    id=ORGS["cz_drive"].id, pid=pid)
    assert run("graph_fingerprint").rows == before


def test_every_shipped_query_was_exercised(run) -> None:  # type: ignore[no-untyped-def]
    assert set(CATALOG.names()) <= run.seen

"""Transformation metrics on synthetic data, each checked against counts made from the generated CSVs.

The independent side never touches the graph: it reads the generated patent CSV and transaction CSV
with the csv module and applies the metric's definition in plain Python.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date

import pytest

from extract.chains import load_chains
from extract.orgs import classify_kind, extract_region
from demo_data.patents import generate_cnipa_csv
from demo_data.transactions import generate_transactions
from graph.ingest.chains import load_chains_into_graph
from graph.ingest.patents import PatentLoader
from graph.ingest.ownership import owner_at
from graph.ingest.transaction_events import AVAILABLE_FOR_TRANSFER
from graph.ingest.transactions import TransactionLoader
from graph.transformation import (
    pledge_volume,
    province_share,
    run_metric,
    sme_receivers,
    top_receiving_firms,
    transformation_rate,
)
from graph.writer import GraphWriter

N_PATENTS = 2500
SEED = 11


@pytest.fixture(scope="module")
def world(graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic-tx")
    patents_csv, tx_csv = folder / "patents.csv", folder / "transactions.csv"
    generate_cnipa_csv(patents_csv, N_PATENTS, seed=SEED)
    generated = generate_transactions(patents_csv, tx_csv, seed=SEED)
    writer = GraphWriter(graph.driver, graph.database)
    chains = load_chains()
    load_chains_into_graph(writer, chains)
    PatentLoader(writer, batch_size=500, chains=chains).load([patents_csv])
    # a fresh resolver: parties must reach the applicants' nodes through the graph, not shared state
    report = TransactionLoader(writer, batch_size=200).load([tx_csv])
    with open(patents_csv, encoding="utf-8-sig", newline="") as handle:
        patents = {r["公开(公告)号"]: r for r in csv.DictReader(handle)}
    with open(tx_csv, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {"patents": patents, "rows": rows, "report": report, "generated": generated, "graph": graph}


def test_every_row_loads_and_parties_are_the_applicants_nodes(world, graph):
    report = world["report"]
    assert report.rejects == []
    assert report.unknown_patents == []
    assert report.events == len(world["rows"]) > 100
    assert graph.scalar("MATCH (t:PatentTransaction) RETURN count(t) AS c") == len(world["rows"])
    # every assignor of a university transfer is an applicant node of that very patent
    mismatched = graph.scalar(
        "MATCH (t:PatentTransaction {kind: 'transfer'})-[:FROM_PARTY]->(o:Organization), "
        "(t)-[:TRANSACTION_OF]->(p:Patent) WHERE NOT EXISTS { MATCH (o)-[:APPLIED_FOR]->(p) } RETURN count(*) AS c")
    assert mismatched == 0
    # no organisation name is split over two nodes
    names = graph.query("MATCH (o:Organization) RETURN o.name AS name")
    assert len(names) == len({r["name"] for r in names})
    # banks are new organisations, with their city
    banks = graph.query("MATCH (t:PatentTransaction {kind: 'pledge'})-[:TO_PARTY]->(b:Organization) "
                        "RETURN DISTINCT b.name AS name, b.city AS city")
    assert banks and all("银行" in b["name"] for b in banks)
    assert sum(1 for b in banks if b["city"]) >= len(banks) * 0.8


def _valid(row):
    return row["法律状态"] == "有效"


def _add_years(day: str, years: int) -> str:
    return f"{int(day[:4]) + years}{day[4:]}"


def test_transformation_rate_matches_csv_counts(world, graph):
    patents, rows = world["patents"], world["rows"]
    years = 3
    valid: dict[str, set[str]] = defaultdict(set)
    done: dict[str, set[str]] = defaultdict(set)
    for number, row in patents.items():
        for name in row["申请(专利权)人"].split(";"):
            if classify_kind(name)[0] in ("university", "research_institute") and _valid(row):
                valid[name].add(number)
    for r in rows:
        if r["event_type"] in ("transfer", "licence") and r["event"] == "effective":
            filed = patents[r["patent_number"]]["申请日"].replace(".", "-")
            if r["date"] <= _add_years(filed, years):
                for name in r["from_party"].split(";"):
                    if r["patent_number"] in valid.get(name, ()):
                        done[name].add(r["patent_number"])
    result = {row["name"]: row for row in transformation_rate(graph.driver, graph.database, years=years)}
    expected = {n: (len(v), len(done[n])) for n, v in valid.items()}
    assert {n: (r["valid_patents"], r["transformed"]) for n, r in result.items()} == expected
    assert sum(len(d) for d in done.values()) > 10  # the window leaves enough to test
    top = max(result.values(), key=lambda r: r["rate"])
    assert top["rate"] == pytest.approx(top["transformed"] / top["valid_patents"])
    # a wider window can only add
    wide = {r["name"]: r["transformed"] for r in transformation_rate(graph.driver, graph.database, years=20)}
    assert all(wide[n] >= r["transformed"] for n, r in result.items())
    assert sum(wide.values()) > sum(r["transformed"] for r in result.values())


def test_top_receiving_firms_match_csv_counts(world, graph):
    received: dict[str, set[str]] = defaultdict(set)
    for r in world["rows"]:
        if r["event_type"] in ("transfer", "licence") and r["event"] == "effective":
            for name in r["to_party"].split(";"):
                if name not in r["from_party"].split(";") and classify_kind(name)[0] == "firm":
                    received[name].add(r["patent_number"])
    ranked = top_receiving_firms(graph.driver, graph.database, limit=1000)
    assert {r["name"]: r["patents"] for r in ranked} == {n: len(p) for n, p in received.items()}
    counts = [r["patents"] for r in ranked]
    assert counts == sorted(counts, reverse=True)
    assert len(top_receiving_firms(graph.driver, graph.database, limit=3)) == 3


def test_sme_receivers_follow_the_heuristic(world, graph):
    filed: dict[str, int] = defaultdict(int)
    for row in world["patents"].values():
        for name in row["申请(专利权)人"].split(";"):
            filed[name] += 1
    received: dict[str, set[str]] = defaultdict(set)
    for r in world["rows"]:
        if r["event_type"] in ("transfer", "licence") and r["event"] == "effective":
            for name in r["to_party"].split(";"):
                if name not in r["from_party"].split(";") and classify_kind(name)[0] == "firm":
                    received[name].add(r["patent_number"])
    k = 10
    smes = {n for n in received if filed.get(n, 0) < k and "集团" not in n}
    result = sme_receivers(graph.driver, graph.database, max_patents=k)
    assert result.receivers == len(received)
    assert result.sme_receivers == len(smes)
    assert result.patents_to_smes == sum(len(received[n]) for n in smes)
    assert 0 < result.sme_receivers < result.receivers  # both classes occur at K = 10
    assert sme_receivers(graph.driver, graph.database, max_patents=100000).sme_receivers >= result.sme_receivers


def test_pledge_volume_by_city_and_year_matches_csv(world, graph):
    patents = world["patents"]
    expected: dict[tuple[str, int], dict] = defaultdict(lambda: {"patents": set(), "contracts": {}})
    for r in world["rows"]:
        if r["event_type"] == "pledge" and r["event"] == "effective":
            address = patents[r["patent_number"]]["申请人地址"]
            city = extract_region(r["from_party"], address, None, None).city
            cell = expected[(city, int(r["date"][:4]))]
            cell["patents"].add(r["patent_number"])
            cell["contracts"][r["contract_number"]] = float(r["amount"])
    rows = pledge_volume(graph.driver, graph.database)
    got = {(r["city"], r["year"]): (r["patents"], r["contracts"], round(r["amount"])) for r in rows}
    want = {k: (len(v["patents"]), len(v["contracts"]), round(sum(v["contracts"].values())))
            for k, v in expected.items()}
    assert got == want
    assert sum(c for _, c, _ in got.values()) < sum(p for p, _, _ in got.values())  # contracts bundle patents


def test_share_staying_in_province_matches_csv(world, graph):
    # generator truth: every applicant of the synthetic set is in Jiangsu; receivers that never filed
    # are the generator's out-of-province firms (Shanghai, Hangzhou, Shenzhen, ...)
    jiangsu = {n for row in world["patents"].values() for n in row["申请(专利权)人"].split(";")}
    inside = outflow = total = 0
    for r in world["rows"]:
        if r["event_type"] in ("transfer", "licence") and r["event"] == "effective":
            parties = r["from_party"].split(";") + r["to_party"].split(";")
            total += 1
            inside += all(p in jiangsu for p in parties)
            outflow += any(n not in jiangsu for n in r["to_party"].split(";"))
    share = province_share(graph.driver, graph.database)
    assert (share.transactions, share.within, share.outflow) == (total, inside, outflow)
    assert 0.5 < share.share_within < 1.0


def test_flags_and_available_for_transfer(world, graph):
    transferred = {r["patent_number"] for r in world["rows"] if r["event_type"] == "transfer"}
    flagged = {r["n"] for r in graph.query("MATCH (p:Patent) WHERE p.transferred = true RETURN p.number AS n")}
    assert flagged == transferred
    # exclusive / sole licences still in force (no cancel of the same contract)
    cancelled = {r["contract_number"] for r in world["rows"] if r["event_type"] == "licence" and r["event"] == "cancel"}
    exclusive = {r["patent_number"] for r in world["rows"] if r["event_type"] == "licence" and r["event"] == "effective"
                 and r["licence_kind"] in ("exclusive", "sole") and r["contract_number"] not in cancelled}
    got = {r["n"] for r in graph.query("MATCH (p:Patent) WHERE p.exclusively_licensed = true RETURN p.number AS n")}
    assert got == exclusive
    available = graph.query(f"MATCH (p:Patent) WHERE p.valid = true AND {AVAILABLE_FOR_TRANSFER} RETURN p.number AS n")
    assert not ({r["n"] for r in available} & (transferred | exclusive))
    university = graph.scalar("MATCH (o:Organization {name: '东南大学'}) RETURN o.id AS id")
    rows = run_metric(graph.driver, graph.database, "available_for_transfer", organization_id=university, limit=10000)
    assert rows and not ({r["number"] for r in rows} & (transferred | exclusive))


def test_owner_at_follows_synthetic_transfers(world, graph):
    transfers = [r for r in world["rows"] if r["event_type"] == "transfer"]
    sample = transfers[:: max(1, len(transfers) // 8)]
    for r in sample:
        day = date.fromisoformat(r["date"])
        before = owner_at(graph.driver, graph.database, r["patent_number"], date(day.year, 1, 1).isoformat()
                          if day.month > 1 else (day.replace(day=1)).isoformat())
        after = owner_at(graph.driver, graph.database, r["patent_number"], r["date"])
        assert after.basis == "transfer" and [o["name"] for o in after.owners] == r["to_party"].split(";")
        if before.date < r["date"] and before.basis != "before_filing":
            assert before.basis == "applicants"
            assert [o["name"] for o in before.owners] == world["patents"][r["patent_number"]]["申请(专利权)人"].split(";")

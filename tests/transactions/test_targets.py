"""Policy-target progress on synthetic data: bound targets against counts made from the generated CSVs."""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from pathlib import Path

import pytest

from extract.chains import load_chains
from extract.orgs import classify_kind
from demo_data.patents import generate_cnipa_csv
from demo_data.transactions import generate_transactions
from graph.batch import GraphBatch
from graph.ingest.chains import load_chains_into_graph
from graph.ingest.consortia import ConsortiumLoader
from graph.ingest.patents import PatentLoader
from graph.ingest.transactions import TransactionLoader
from core.model import node_id
from graph.targets import load_bindings, measurable_targets, shipped_bindings, target_progress
from graph.writer import GraphWriter

N_PATENTS = 2000
SEED = 5
POLICY = "江苏省“十四五”知识产权发展规划 (test)"
TARGETS = {
    # id suffix: (metric, comparator, value, unit, deadline)
    "ai": ("growth of effective invention patents in the AI field", "at_least", 20.0, "%", 2025),
    "consortia": ("innovation consortia for key industrial chains", "at_least", 10.0, "个", 2025),
    "univ": ("patents transferred or licensed by universities and research institutes each year", "at_least",
             60.0, "件", 2025),
    "amount": ("total amount of technical contracts involving patents", "reach", 0.05, "billion yuan", 2025),
    "gdp": ("added value of patent-intensive industries", "reach", 17.0, "%", 2025),
    "agencies": ("number of patent agencies", "at_least", 500.0, "家", 2025),
}


def tid(key: str) -> str:
    return node_id("Target", "test-measure", key)


@pytest.fixture(scope="module")
def world(graph, tmp_path_factory):
    folder = tmp_path_factory.mktemp("targets")
    patents_csv, tx_csv = folder / "patents.csv", folder / "tx.csv"
    generate_cnipa_csv(patents_csv, N_PATENTS, seed=SEED)
    generate_transactions(patents_csv, tx_csv, seed=SEED)
    writer = GraphWriter(graph.driver, graph.database)
    chains = load_chains()
    load_chains_into_graph(writer, chains)
    PatentLoader(writer, batch_size=500, chains=chains).load([patents_csv])
    TransactionLoader(writer).load([tx_csv])
    consortia = folder / "consortia.yaml"
    consortia.write_text(
        "consortia:\n"
        "  - {name: 人形机器人创新联合体, kind: consortium, lead: 东南大学, members: [南京航空航天大学], year: 2021}\n"
        "  - {name: 集成电路创新联合体, kind: consortium, lead: 东南大学, members: [江南大学], year: 2023}\n"
        "  - {name: 新能源汽车创新联合体, kind: consortium, lead: 江苏大学, members: [], year: 2024}\n"
        "  - {name: 生物医药高价值专利培育中心, kind: cultivation_centre, lead: 江南大学, year: 2022}\n",
        encoding="utf-8")
    ConsortiumLoader(writer).load([consortia])
    writer.write_batch(targets_batch())
    with open(patents_csv, encoding="utf-8-sig", newline="") as handle:
        patents = list(csv.DictReader(handle))
    with open(tx_csv, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {"patents": patents, "rows": rows, "folder": folder}


def targets_batch() -> GraphBatch:
    """A test policy with one measure setting the TARGETS."""
    batch = GraphBatch()
    pid = node_id("Policy", POLICY)
    mid = node_id("Measure", pid, "1")
    batch.node("Policy", pid, {"title": POLICY, "region": "CN-JS", "period_start": 2021, "period_end": 2025})
    batch.node("Measure", mid, {"ordinal": 1, "text": "test measure"})
    batch.relationship("HAS_MEASURE", ("Policy", pid), ("Measure", mid), {"ordinal": 1})
    for ordinal, (key, (metric, comparator, value, unit, deadline)) in enumerate(TARGETS.items(), 1):
        batch.node("Target", tid(key), {"ordinal": ordinal, "metric": metric, "comparator": comparator,
                                         "value": value, "unit": unit, "normalised_value": value,
                                         "normalised_unit": unit, "deadline": deadline, "policy_id": pid})
        batch.relationship("SETS_TARGET", ("Measure", mid), ("Target", tid(key)))
    return batch


def _trend(series: dict[int, float], last: int, deadline: int) -> float:
    years = [y for y in range(last - 4, last + 1)]
    fit = statistics.linear_regression(years, [series.get(y, 0.0) for y in years])
    return fit.intercept + fit.slope * deadline


def test_shipped_bindings_pick_the_right_figures(world, graph):
    infos = {i.target_id: i for i in measurable_targets(graph.driver, graph.database, "CN-JS")}
    assert {k: infos[tid(k)].binding for k in TARGETS} == {
        "ai": "ai_effective_invention_patent_growth", "consortia": "innovation_consortia_count",
        "univ": "university_transformation_count", "amount": "patent_technology_contract_amount",
        "gdp": None, "agencies": None}
    assert "national accounts" in infos[tid("gdp")].reason and not infos[tid("agencies")].measurable
    assert measurable_targets(graph.driver, graph.database, "CN-BJ") == []


def test_ai_invention_growth_against_csv(world, graph):
    # a bindings file of the test's own: G06N only, so the count can be made from the CSV's IPC column
    bindings = world["folder"] / "bindings.yaml"
    bindings.write_text(
        "bindings:\n"
        f"  - {{name: ai_g06n, query: invention_patents_by_year, target_ids: ['{tid('ai')}'],\n"
        "     params: {province: Jiangsu, chain: '', ipc_prefix: G06N}, series: stock, compare: growth_pct,\n"
        "     baseline_year: period_start-1}\n", encoding="utf-8")
    progress = target_progress(graph.driver, graph.database, tid("ai"), bindings=load_bindings(bindings),
                               current_year=2025)
    per_year: dict[int, int] = defaultdict(int)
    for row in world["patents"]:
        if row["专利类型"] == "发明专利" and row["法律状态"] == "有效" and any(
                c.startswith("G06N") for c in row["分类号"].split(";")):
            per_year[int(row["申请日"][:4])] += 1
    stock = lambda year: sum(n for y, n in per_year.items() if y <= year)  # noqa: E731
    assert (progress.baseline_year, progress.current_year) == (2020, 2025)
    assert (progress.baseline, progress.current) == (stock(2020), stock(2025))
    assert progress.achieved == pytest.approx((stock(2025) / stock(2020) - 1) * 100)
    assert progress.met is True and progress.on_track is True  # the deadline year is the current year
    assert progress.target_value == 20.0 and progress.deadline == 2025
    baseline = next(f for f in progress.figures if f.role == "baseline")
    assert baseline.query == "invention_patents_by_year" and baseline.params["to_year"] == 2020
    # the shipped binding (chain or G06N) counts at least as many
    shipped = target_progress(graph.driver, graph.database, tid("ai"), current_year=2025)
    assert shipped.binding == "ai_effective_invention_patent_growth" and shipped.current >= progress.current


def test_consortia_count_with_trend(world, graph):
    progress = target_progress(graph.driver, graph.database, tid("consortia"), current_year=2024)
    # declared consortia of kind consortium: 2021, 2023, 2024 (the cultivation centre does not count)
    assert (progress.baseline_year, progress.baseline, progress.current) == (2020, 0, 3)
    assert progress.met is False
    series = {2020: 0, 2021: 1, 2022: 1, 2023: 2, 2024: 3}
    assert progress.trend == pytest.approx(_trend(series, 2024, 2025))
    assert progress.on_track is False  # about 3.4 by 2025, short of 10
    assert progress.series[-5:] == [(y, float(v)) for y, v in series.items()]


def test_university_transformation_count_against_csv(world, graph):
    per_year: dict[int, set[str]] = defaultdict(set)
    for r in world["rows"]:
        if r["event_type"] in ("transfer", "licence") and r["event"] == "effective" and any(
                classify_kind(n)[0] in ("university", "research_institute") for n in r["from_party"].split(";")):
            per_year[int(r["date"][:4])].add(r["patent_number"])
    latest = max(per_year)
    progress = target_progress(graph.driver, graph.database, tid("univ"))
    assert progress.current_year == latest and progress.current == len(per_year[latest])
    assert progress.baseline == len(per_year.get(2020, ()))
    series = {y: float(len(per_year.get(y, ()))) for y in range(latest - 4, latest + 1)}
    assert progress.trend == pytest.approx(_trend(series, latest, max(2025, latest)))
    assert progress.met == (progress.current >= 60)
    if latest >= 2025:  # the deadline has come: on track means met
        assert progress.on_track == progress.met


def test_contract_amount_is_a_proxy_in_yuan(world, graph):
    amounts: dict[int, dict[str, float]] = defaultdict(dict)
    for i, r in enumerate(world["rows"]):
        if r["event_type"] in ("transfer", "licence") and r["event"] == "effective" and r["amount"]:
            amounts[int(r["date"][:4])][r["contract_number"] or f"row{i}"] = float(r["amount"])
    progress = target_progress(graph.driver, graph.database, tid("amount"), current_year=2024)
    assert progress.proxy and "技术合同" in progress.note
    assert progress.target_value == pytest.approx(0.05e9)
    assert progress.current == pytest.approx(sum(amounts[2024].values()))
    assert progress.baseline == pytest.approx(sum(amounts[2020].values()))
    assert progress.met == (progress.current >= 0.05e9)


def test_unmeasurable_and_unbound_targets(world, graph):
    gdp = target_progress(graph.driver, graph.database, tid("gdp"))
    assert not gdp.measurable and "national accounts" in gdp.reason and gdp.figures == []
    agencies = target_progress(graph.driver, graph.database, tid("agencies"))
    assert not agencies.measurable and "no binding" in agencies.reason
    assert target_progress(graph.driver, graph.database, "tgt:none").reason == "no such target"


def test_shared_policy_targets_are_bound(shared_dir):
    """The targets the policy extractor finds in the shared documents get the intended bindings."""
    from extract.policy.pipeline import extract_policies

    result = extract_policies(Path(shared_dir) / "corpus" / "policies")
    bindings = shipped_bindings()
    found = {}
    for ex in result.extractions:
        for t in ex.targets:
            hit = bindings.find({"id": t.id, "metric": t.metric, "policy_title": ex.title, "policy_region": ex.region})
            found[t.metric] = getattr(hit, "name", None) or "unmeasurable"
    assert found["growth of effective invention patents in the AI field"] == "ai_effective_invention_patent_growth"
    assert found["total amount of technical contracts involving patents"] == "patent_technology_contract_amount"
    assert found["annual output value of registered patent-intensive products"] == "unmeasurable"
    assert found["added value of patent-intensive industries"] == "unmeasurable"


def test_no_baseline_and_no_current_before_the_data_reaches_the_baseline_year(world, graph):
    """Issue 16: "baseline 0.0 (2025), current 622.0 (2024)" - a baseline year after the data's last
    year has no baseline (not 0) and the data's last year is not a current value before it."""
    free = target_progress(graph.driver, graph.database, tid("ai"))
    latest = free.current_year
    assert latest is not None and free.baseline is not None
    late = target_progress(graph.driver, graph.database, tid("ai"), baseline_year=latest + 1)
    assert late.baseline_year == latest + 1
    assert late.baseline is None and late.current is None and late.current_year is None
    assert late.achieved is None and late.met is None
    assert (late.latest_year, late.latest) == (latest, free.current)
    assert f"no data for the baseline year {latest + 1}" in late.reason
    assert [f.role for f in late.figures] == ["series"]


def test_the_target_value_is_known_before_any_figure(world, graph):
    """Issue 16: `targetValue` was null for "80 billion yuan" while no amount was loaded."""
    bindings = world["folder"] / "empty-amounts.yaml"
    bindings.write_text(
        "bindings:\n"
        f"  - {{name: nowhere_amounts, query: transaction_amount_by_year, target_ids: ['{tid('amount')}'],\n"
        "     params: {province: Atlantis, kinds: [transfer, licence]}, series: flow, compare: amount_sum}\n",
        encoding="utf-8")
    progress = target_progress(graph.driver, graph.database, tid("amount"), bindings=load_bindings(bindings))
    assert progress.reason == "the figure has no data yet"
    assert progress.stated_value == 0.05 and progress.unit == "billion yuan"
    assert progress.target_value == pytest.approx(0.05e9)
    assert progress.baseline is None and progress.current is None

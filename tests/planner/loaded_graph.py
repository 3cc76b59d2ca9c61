"""A graph built the way a user builds one: every shipped loader on real inputs.

`load_demo_graph` is what `innograph demo run` loads, small: a synthetic Jiangsu export from the
shipped generator (and its synthetic transactions), the shipped chains, ../shared (PatentsView mentions,
USPTO grant XML, an IPC excerpt, the policy documents) and the example consortium declaration.
`load_every_input` adds every other input format the loaders read (the test fixtures of the readers,
transaction tables and USPTO assignments, CNIPA legal status, consortia as CSV), so that what the
loaders can write is written at least once. `demo_fixtures` makes the module fixtures the planner and
report tests share: that graph, the API over it and a CLI runner of some `innograph` command groups.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from demo_data.patents import generate_cnipa_csv
from demo_data.transactions import generate_transactions
from graph.classify import classify_graph
from graph.ingest.consortia import ConsortiumLoader
from graph.ingest.ipc import load_ipc_titles
from graph.ingest.pipeline import ingest_patent_files
from graph.ingest.policies import PolicyLoader
from graph.ingest.transactions import TransactionLoader
from graph.writer import GraphWriter
from core.settings import get_settings
from tests.api.conftest import Api, running, settings_of
from tests.backends import server_env

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_CONSORTIA = REPO / "extract" / "data" / "examples" / "consortia_example.yaml"
PATENT_FIXTURES = REPO / "tests" / "fixtures" / "patents"
TX_FIXTURES = REPO / "tests" / "transactions" / "data"
POLICY_FIXTURES = REPO / "tests" / "fixtures" / "policies"


@dataclass
class LoadedGraph:
    graph: object  # tests.conftest.GraphFixture
    synthetic_csv: Path
    transactions_csv: Path
    reports: dict[str, object] = field(default_factory=dict)


def _ipc_excerpt(synthetic: Path, shared: Path, out: Path) -> Path:
    """Sections, classes and subclasses, and the groups of the synthetic export's subclasses, from the
    IPC titles file (all of it is 75k classes)."""
    import csv

    with open(synthetic, encoding="utf-8-sig", newline="") as handle:
        subclasses = {code.strip()[:4] for row in csv.DictReader(handle) for code in row["分类号"].split(";")}
    with open(shared / "data" / "ipc" / "ipc-titles-en.tsv", encoding="utf-8") as source, \
            open(out, "w", encoding="utf-8") as target:
        for line in source:
            symbol = line.split("\t", 1)[0]
            if len(symbol) < 4 or symbol[:4] in subclasses:
                target.write(line)
    return out


def load_demo_graph(graph, folder: Path, shared: Path, *, patents: int = 600, seed: int = 3,  # noqa: ANN001
                    every_input: bool = False) -> LoadedGraph:
    """Load the demo data (and, with `every_input`, every other input format) into `graph`."""
    writer = GraphWriter(graph.driver, graph.database)
    synthetic = folder / "jiangsu.csv"
    generate_cnipa_csv(synthetic, patents, seed)
    transactions = folder / "transactions.csv"
    generate_transactions(synthetic, transactions, seed=seed)
    loaded = LoadedGraph(graph, synthetic, transactions)
    files = [synthetic, shared / "data" / "patentsview-jiangsu" / "mentions.jsonl",
             *sorted((shared / "data" / "uspto-xml").glob("*.XML"))]
    if every_input:
        files += [PATENT_FIXTURES / "cnipa_zh.csv", PATENT_FIXTURES / "cnipa_en.csv",
                  PATENT_FIXTURES / "canonical.jsonl", PATENT_FIXTURES / "patentsview_tables",
                  TX_FIXTURES / "cnipa_legal_status.csv"]
    done = ingest_patent_files(writer, files, batch_size=500, rejects_path=folder / "rejects.jsonl")
    chains = done.chains
    assert chains is not None
    loaded.reports["patents"] = done.patents
    load_ipc_titles(writer, _ipc_excerpt(synthetic, shared, folder / "ipc.tsv"))
    loaded.reports["classify"] = classify_graph(graph.driver, graph.database, chains)
    tx_files = [transactions] + ([TX_FIXTURES / "transactions.csv", TX_FIXTURES / "uspto_assignments.xml"]
                                 if every_input else [])
    loaded.reports["transactions"] = TransactionLoader(writer).load(tx_files)
    consortia = [EXAMPLE_CONSORTIA] + ([TX_FIXTURES / "consortia.yaml", TX_FIXTURES / "consortia.csv"]
                                       if every_input else [])
    loaded.reports["consortia"] = ConsortiumLoader(writer).load(consortia)
    policies = [shared / "corpus" / "policies"] + ([shared / "corpus" / "policies-more", POLICY_FIXTURES]
                                                   if every_input else [])
    loaded.reports["policies"] = PolicyLoader(writer, chains=chains).load(policies)
    return loaded


def demo_fixtures(name: str, commands: dict[str, typer.Typer]) -> tuple[Callable[..., Any], ...]:
    """Module fixtures `demo` (the demo graph: 800 patents, seed 7), `api` (the app and an HTTP client
    over it) and `cli` (runs `innograph <group> ...` for the `commands` groups against the test
    database); assign them in a test module: `demo, api, cli = demo_fixtures("report", {...})`."""

    @pytest.fixture(scope="module", name="demo")
    def demo(graph, shared_dir, tmp_path_factory):  # type: ignore[no-untyped-def]
        return load_demo_graph(graph, tmp_path_factory.mktemp(name), shared_dir, patents=800, seed=7)

    @pytest.fixture(scope="module", name="api")
    async def api(demo, graph, tmp_path_factory):  # type: ignore[no-untyped-def]
        async with running(settings_of(graph, tmp_path_factory.mktemp(f"{name}-api"))) as (app, http):
            yield Api(app, http, None)

    @pytest.fixture(name="cli")
    def cli(graph, embedded_server, monkeypatch):  # type: ignore[no-untyped-def]
        for key, value in server_env(embedded_server, graph.database).items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        app = typer.Typer()
        for group, sub in commands.items():
            app.add_typer(sub, name=group)
        runner = CliRunner()
        yield lambda *args: runner.invoke(app, list(args), catch_exceptions=False)
        get_settings.cache_clear()

    return demo, api, cli

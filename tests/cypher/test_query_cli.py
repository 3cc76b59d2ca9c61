"""`innograph query list|show|run` against the embedded server (reached as a Neo4j URI)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from innograph.cli import query as query_cli
from core.settings import get_settings
from tests.cypher.fixture_graph import FIXTURE, write_fixture_graph

REPO = Path(__file__).resolve().parents[2]

app = typer.Typer()
app.add_typer(query_cli.app, name="query")


@pytest.fixture(scope="module")
def user_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("cli_queries")
    (directory / "org_cities.cypher").write_text(
        "// name: org_cities\n// title: Organisations per city\n// description: how many per city\n"
        "// param: min int default=1 range=1..\n// returns: city, organizations\n"
        "MATCH (o:Organization) WITH o.city AS city, count(*) AS organizations\n"
        "WHERE organizations >= $min RETURN city, organizations ORDER BY organizations DESC, city\n",
        encoding="utf-8",
    )
    (directory / "sneaky_write.cypher").write_text(
        "// name: sneaky_write\n// title: t\n// description: d\n// returns: n\n"
        "MATCH (n:Organization) SET n.name = 'pwned' RETURN n\n",
        encoding="utf-8",
    )
    return directory


@pytest.fixture(scope="module")
def env(graph, embedded_server, user_dir: Path) -> dict[str, str]:  # type: ignore[no-untyped-def]
    write_fixture_graph(graph.driver, graph.database)
    return {
        **graph.env(),
        "INNOGRAPH_CYPHER_PATH": f"{user_dir}{os.pathsep}{user_dir / 'missing'}",
        "INNOGRAPH_QUERY_ROW_CAP": "1000",
    }


@pytest.fixture
def cli(env: dict[str, str], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(app, ["query", *args], catch_exceptions=False)

    yield invoke
    get_settings.cache_clear()


def test_list_shows_shipped_and_user_queries_and_warns_about_bad_files(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("list")
    assert result.exit_code == 0
    assert "org_cities" in result.stdout and "graph_fingerprint" in result.stdout
    assert "sneaky_write" not in result.stdout
    assert "warning:" in result.stderr and "sneaky_write.cypher" in result.stderr and "SET" in result.stderr
    assert "missing" in result.stderr and "not a directory" in result.stderr
    assert "2 file(s) skipped, each named in a warning above." in result.stdout


def test_run_on_the_embedded_backend_reads_as_the_read_only_user(env, embedded_server, graph, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Without INNOGRAPH_NEO4J_URI the CLI takes the embedded ArcadeDB, and its runner's guards."""
    for key in ("INNOGRAPH_NEO4J_URI", "INNOGRAPH_NEO4J_USER", "INNOGRAPH_NEO4J_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("INNOGRAPH_DATA_DIR", str(embedded_server.data_dir))
    monkeypatch.setenv("INNOGRAPH_NEO4J_DATABASE", graph.database)
    monkeypatch.setenv("INNOGRAPH_CYPHER_PATH", env["INNOGRAPH_CYPHER_PATH"])
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["query", "run", "org_cities", "--format", "json"], catch_exceptions=False)
    get_settings.cache_clear()
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["rows"]
    assert sum(row["organizations"] for row in rows) == len(FIXTURE.orgs)


def test_show_describes_parameters_and_cypher(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("show", "top_applicants_in_segment")
    assert result.exit_code == 0
    for text in ("Top applicants in a chain segment", "segment", "required", "limit", "range=1..1000",
                 "MATCH (s:ChainSegment)", "returns: organization_id"):
        assert text in result.stdout, text


def test_run_json_with_typed_parameters(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "top_applicants_in_segment", "-p", "segment=ai_model", "--param", "region=Jiangsu",
                 "-p", "limit=3", "--format", "json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    per = Counter(
        o for p in FIXTURE.patents if "ai_model" in {s for s, _, _ in p.segments}
        for o in p.applicants if FIXTURE.orgs[o].province == "Jiangsu"
    )
    top = sorted(per.items(), key=lambda kv: (-kv[1], FIXTURE.orgs[kv[0]].name))[:3]
    assert [(r["name"], r["patents"]) for r in payload["rows"]] == [(FIXTURE.orgs[k].name, n) for k, n in top]
    assert payload["columns"][0] == "organization_id" and payload["truncated"] is False
    assert "3 rows in" in result.stderr


def test_run_csv_and_user_query(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "org_cities", "-p", "min=2", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    per_city = Counter(o.city for o in FIXTURE.orgs.values())
    expected = sorted(((c, n) for c, n in per_city.items() if n >= 2), key=lambda cn: (-cn[1], cn[0]))
    assert [(r["city"], int(r["organizations"])) for r in rows] == expected


def test_run_table_prints_rows_and_a_footer_with_truncation(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "policy_targets_by_deadline", "--row-cap", "2")
    assert result.exit_code == 0, result.stderr
    assert "deadline" in result.stdout and "2025" in result.stdout
    assert "2 rows in" in result.stdout and "truncated at the row cap of 2" in result.stdout


def test_csv_list_values_are_json(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "measure_evidence", "-p", f"measure={FIXTURE.policies[1].measure_id(2)}", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert json.loads(row["segments"]) == ["whole_robot"]
    assert json.loads(row["targets"])[0]["deadline"] == 2026


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("run", "top_applicant_in_segment"), "did you mean 'top_applicants_in_segment'"),
        (("show", "graph_fingerprnt"), "did you mean 'graph_fingerprint'"),
        (("run", "top_applicants_in_segment"), "missing required parameter 'segment'"),
        (("run", "top_applicants_in_segment", "-p", "segment=x", "-p", "limit=many"), "'many' is not an integer"),
        (("run", "top_applicants_in_segment", "-p", "segment=x", "-p", "limit=0"), "outside the range 1..1000"),
        (("run", "top_applicants_in_segment", "-p", "segment=x", "-p", "kind=startup"), "is not one of"),
        (("run", "top_applicants_in_segment", "-p", "segmnt=x"), "did you mean 'segment'"),
        (("run", "top_applicants_in_segment", "-p", "segment"), "must look like name=value"),
        (("run", "sneaky_write"), "query 'sneaky_write' was not loaded"),
        (("run", "org_cities", "--format", "xml"), "xml"),
    ],
)
def test_usage_errors_exit_2_with_one_clear_line(cli, args: tuple[str, ...], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_refused_write_left_the_graph_alone(cli, graph) -> None:  # type: ignore[no-untyped-def]
    cli("run", "sneaky_write")
    names = {r["n"] for r in graph.query("MATCH (o:Organization) RETURN o.name AS n")}
    assert "pwned" not in names and len(names) == len(FIXTURE.orgs)


def test_timeout_is_reported_as_an_error(cli, user_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("run", "org_cities", "--timeout", "0.1")
    # Fast enough to finish, or stopped at the deadline with exit 1; never a traceback.
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        assert "ran longer than" in result.stderr


def test_the_real_cli_registers_the_query_group(env: dict[str, str]) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "innograph", "query", "list"],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, **env}, timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert "graph_fingerprint" in completed.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "innograph", "query", "run", "nope"],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, **env}, timeout=120,
    )
    assert bad.returncode == 2 and "unknown query 'nope'" in bad.stderr

"""What the CLI prints when its output is a log, not a terminal (issue 16, "the demo's words").

The real `innograph` command runs in a subprocess with stdout and stderr piped (not a terminal),
against a fresh database of the session's embedded server, and its words are read as a planner
reading a log would: no table cut at 80 columns, no "already present" on an empty database, what
loading chains and classifying did, no empty rejects file, no jieba start-up chatter.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from demo_data.patents import generate_cnipa_csv
from tests.backends import server_env

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[2]
ZH_POLICY = REPO / "tests" / "fixtures" / "policies" / "zh-hans-synthetic-city-plan.txt"
PATENTS = 300


@pytest.fixture(scope="module")
def run(graph, embedded_server, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    data_dir = tmp_path_factory.mktemp("cli-data")
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNOGRAPH_") and k != "COLUMNS"}
    env.update(server_env(embedded_server, graph.database))
    env.update({"INNOGRAPH_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "utf-8"})

    def invoke(*args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "innograph", *args], env=env, cwd=REPO, capture_output=True,
                              text=True, encoding="utf-8", timeout=600, check=False)
        assert done.returncode == 0, f"innograph {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done

    invoke.data_dir = data_dir  # type: ignore[attr-defined]
    return invoke


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean synthetic export under a long path (longer than 80 columns by itself)."""
    folder = tmp_path_factory.mktemp("exports") / "jiangsu-planning-office" / "patent-exports-2024-quarterly"
    folder.mkdir(parents=True)
    path = folder / "synthetic-cnipa-export-for-the-humanoid-robot-chain.csv"
    generate_cnipa_csv(path, PATENTS, seed=5)
    assert len(str(path)) > 80
    return path


@pytest.fixture(scope="module")
def first_load(run, export: Path) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    return run("ingest", "patents", str(export))


def _figures(text: str, what: str) -> tuple[int, int]:
    """(created, already in the graph) of the "nodes: ..." or "relationships: ..." part of a summary."""
    m = re.search(rf"{what}: ([\d,]+) created, ([\d,]+) already in the graph", text)
    assert m, f"no {what} figures in:\n{text}"
    return int(m[1].replace(",", "")), int(m[2].replace(",", ""))


def test_a_load_into_an_empty_database_finds_nothing_already_there(first_load) -> None:  # type: ignore[no-untyped-def]
    out = first_load.stdout
    assert "already present" not in out
    nodes_created, nodes_there = _figures(out, "nodes")
    rels_created, rels_there = _figures(out, "relationships")
    assert nodes_created > PATENTS and rels_created > PATENTS
    # chains were loaded by the same command, just before: segments are there, nothing else is
    assert nodes_there <= 100 and rels_there == 0, out


def test_a_second_load_says_everything_was_already_there(run, export: Path, first_load) -> None:  # type: ignore[no-untyped-def]
    created, _ = _figures(first_load.stdout, "nodes")
    again = run("ingest", "patents", "--force", str(export))
    assert _figures(again.stdout, "nodes")[0] == 0 and _figures(again.stdout, "relationships")[0] == 0
    assert _figures(again.stdout, "nodes")[1] >= created  # every node of the first load, found once
    # without --force the file is skipped: the summary says so instead of "0 organisations; 0 inventors"
    skipped = run("ingest", "patents", str(export))
    assert "nothing new to load (1 file with 300 records already loaded" in skipped.stdout, skipped.stdout
    assert "0 organisations" not in skipped.stdout and "records/s" not in skipped.stdout


def test_tables_are_not_cut_when_output_is_not_a_terminal(first_load, export: Path) -> None:  # type: ignore[no-untyped-def]
    row = next((line for line in first_load.stdout.splitlines() if str(export) in line), None)
    assert row is not None, f"the file name is cut:\n{first_load.stdout}"
    assert "cnipa-csv" in row and f"{PATENTS:,}" in row  # every column on the file's line
    assert "…" not in first_load.stdout


def test_a_clean_load_leaves_no_rejects_file(run, first_load) -> None:  # type: ignore[no-untyped-def]
    assert re.search(r"\b0 rejected\b", first_load.stdout)
    rejects = run.data_dir / "rejects"
    assert not rejects.exists() or list(rejects.iterdir()) == []


def test_loading_chains_and_classifying_say_what_they_did(run, first_load) -> None:  # type: ignore[no-untyped-def]
    assert re.search(r"chains: 5 chains, \d+ segments, \d+ FEEDS edges; \d+ nodes and \d+ relationships created",
                     first_load.stdout), first_load.stdout
    classified = re.search(rf"classified into 5 chains: ([\d,]+) of {PATENTS} patents in at least one segment, "
                           r"([\d,]+) segment links", first_load.stdout)
    assert classified and 0 < int(classified[1]) <= PATENTS, first_load.stdout
    chains = run("ingest", "chains")
    assert "chains: 5 chains" in chains.stdout and "already in the graph, unchanged" in chains.stdout
    again = run("classify")
    m = re.search(r"classified ([\d,]+) patents into 5 chains: ([\d,]+) in at least one segment, "
                  r"([\d,]+) segment links \(0 new\); 0 stale links removed", again.stdout)
    assert m, again.stdout
    assert int(m[2]) == int(classified[1]) and m[3] == classified[2]
    assert "classifying patents" in again.stderr  # the progress line


def test_jieba_start_up_lines_do_not_leak(run, first_load) -> None:  # type: ignore[no-untyped-def]
    done = run("ingest", "policies", str(ZH_POLICY))
    assert "zh-Hans" in done.stdout  # the Chinese pipeline (jieba) did run
    for chatter in ("Building prefix dict", "Loading model", "Prefix dict has been built"):
        assert chatter not in done.stdout and chatter not in done.stderr, done.stderr

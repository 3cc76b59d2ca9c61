"""Issue 16 (7): `innograph ingest transactions` refuses a file that is not a transaction table - random
bytes, other columns, a half-right header - with one error naming the file and the column, a non-zero
exit, and nothing written; a good file still loads beside a bad one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from innograph.cli import ingest as ingest_cli
from core.settings import get_settings
from tests.backends import server_env

REPO = Path(__file__).resolve().parents[2]
GOOD = REPO / "tests" / "transactions" / "data" / "transactions.csv"

app = typer.Typer()
app.add_typer(ingest_cli.app, name="ingest")


@pytest.fixture
def cli(graph, embedded_server, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    for key, value in {**server_env(embedded_server, graph.database), "INNOGRAPH_DATA_DIR": str(tmp_path)}.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, ["ingest", *args], catch_exceptions=False)
    get_settings.cache_clear()


def _transactions(graph) -> int:  # type: ignore[no-untyped-def]
    return int(graph.scalar("MATCH (t:PatentTransaction) RETURN count(t) AS n"))


@pytest.mark.parametrize(("name", "content", "named"), [
    ("random.csv", os.urandom(4000), "not a transaction table"),
    ("other.csv", b"a,b,c\n1,2,3\n", "not a transaction table"),
    ("half.csv", b"patent_number,event_type,evnt,date,from_party,to_prty\nCN1,transfer,effective,2020-01-01,A,B\n",
     "'to_prty' is not a transaction column (did you mean 'to_party'?)"),
    ("typo.csv", b"patent_number,event_type,evnt,date,from_party,to_party\nCN1,transfer,effective,2020-01-01,A,B\n",
     "'evnt' is not a transaction column (did you mean 'event'?)"),
    ("all-bad.csv", b"patent_number,event_type,event,date,from_party,to_party\nCN1,gift,effective,2020-01-01,A,B\n",
     "none of its 1 rows could be read"),
])
def test_a_bad_transaction_file_is_refused(cli, graph, tmp_path, name, content, named) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(content)
    before = _transactions(graph)
    result = cli("transactions", str(path))
    assert result.exit_code == 1
    errors = " ".join(result.stderr.split())  # rich wraps long lines
    assert "not loaded:" in errors and str(path) in errors and named in errors
    assert _transactions(graph) == before


def test_a_good_file_loads_beside_a_bad_one(cli, graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"a,b,c\n1,2,3\n")
    result = cli("transactions", str(GOOD), str(bad))
    assert result.exit_code == 1 and str(bad) in " ".join(result.stderr.split())
    assert _transactions(graph) > 0

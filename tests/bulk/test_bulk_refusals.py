"""`innograph ingest patents --bulk` refused where it must not run, with one line and a non-zero exit,
before anything starts: ArcadeDB (no import tool) and an external server (its files are not ours).
No database is needed, so these run on either backend (the load itself: test_bulk_load.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.bulk.load import BulkRefused, bulk_target
from tests.bulk.test_bulk_load import bulk_settings, cli, one_error_line


@pytest.fixture(scope="module")
def mentions(shared_dir: Path) -> Path:
    return shared_dir / "data" / "patentsview-jiangsu" / "mentions.jsonl"


def test_arcadedb_and_an_external_server_are_refused(tmp_path: Path, mentions: Path) -> None:
    with pytest.raises(BulkRefused, match="ArcadeDB"):
        bulk_target(bulk_settings(tmp_path, backend="arcadedb"))
    with pytest.raises(BulkRefused, match="INNOGRAPH_NEO4J_URI"):
        bulk_target(bulk_settings(tmp_path, neo4j_uri="bolt://127.0.0.1:7687"))
    line = one_error_line(cli({"INNOGRAPH_DATA_DIR": str(tmp_path), "INNOGRAPH_BACKEND": "arcadedb"},
                                str(mentions)))
    assert "ArcadeDB" in line
    line = one_error_line(cli({"INNOGRAPH_DATA_DIR": str(tmp_path), "INNOGRAPH_NEO4J_URI": "bolt://127.0.0.1:1",
                                 "INNOGRAPH_NEO4J_PASSWORD": "x"}, str(mentions)))
    assert "INNOGRAPH_NEO4J_URI" in line
    assert not (tmp_path / "arcadedb").exists() and not (tmp_path / "neo4j").exists(), "nothing was started"

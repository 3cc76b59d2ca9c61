"""The backend switch: INNOGRAPH_NEO4J_URI is honoured, and a bad one is a clear error, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from graph.backend import Backend
from graph.connection import GraphUnavailable, open_driver, resolve_target
from innograph.settings import Settings


def test_uri_setting_selects_neo4j(monkeypatch):
    monkeypatch.setenv("INNOGRAPH_NEO4J_URI", "neo4j://graph.example:7687")
    monkeypatch.setenv("INNOGRAPH_NEO4J_PASSWORD", "s3cret")
    settings = Settings()
    target = resolve_target(settings)
    assert target.backend is Backend.NEO4J
    assert target.uri == "neo4j://graph.example:7687"
    assert target.database == "neo4j"
    assert target.auth == ("neo4j", "s3cret")
    assert target.profile.enforces_read_access


def test_unset_uri_means_embedded(monkeypatch, tmp_path):
    monkeypatch.delenv("INNOGRAPH_NEO4J_URI", raising=False)
    monkeypatch.setenv("INNOGRAPH_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.embedded and settings.database == "innograph"
    with pytest.raises(GraphUnavailable, match="innograph db start"):
        resolve_target(settings, start_embedded=False)


@pytest.mark.parametrize("uri", ["http://localhost:7474", "localhost:7687", "bolt://", "bolt://host:notaport"])
def test_bad_uri_is_named(monkeypatch, uri):
    monkeypatch.setenv("INNOGRAPH_NEO4J_URI", uri)
    with pytest.raises(GraphUnavailable, match="INNOGRAPH_NEO4J_URI"):
        resolve_target(Settings())


def test_unreachable_neo4j_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("INNOGRAPH_NEO4J_URI", "bolt://127.0.0.1:1")
    target = resolve_target(Settings())
    with pytest.raises(GraphUnavailable, match="cannot reach Neo4j 5 at bolt://127.0.0.1:1"):
        open_driver(target, retries=1)


def test_cli_prints_one_line_for_a_bad_uri(tmp_path):
    env = dict(os.environ, INNOGRAPH_NEO4J_URI="bolt://127.0.0.1:1", INNOGRAPH_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "innograph", "db", "migrate"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "cannot reach Neo4j 5 at bolt://127.0.0.1:1" in done.stderr

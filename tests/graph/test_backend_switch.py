"""The backend switch: INNOGRAPH_NEO4J_URI is honoured, and a bad one is a clear error, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from graph.backend import Backend
from graph.connection import GraphUnavailable, open_driver, resolve_target
from core.settings import Settings


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


# --- INNOGRAPH_BACKEND ------------------------------------------------------------------------------


def test_docker_compose_runs_the_neo4j_version_maven_pins():
    from pathlib import Path

    from graph.neo4j_install import POM, pinned_version

    compose = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text(encoding="utf-8")
    assert f"image: neo4j:{pinned_version(POM)}-community" in compose
    assert pinned_version(POM).startswith("5.26.")


def test_backend_setting_is_checked(tmp_path):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        Settings(_env_file=None, backend="postgres", data_dir=tmp_path)


def test_arcadedb_asked_for_is_arcadedb(tmp_path):
    from graph.connection import choose_backend

    choice = choose_backend(Settings(_env_file=None, backend="arcadedb", data_dir=tmp_path))
    assert choice.backend is Backend.ARCADEDB and choice.local and "INNOGRAPH_BACKEND=arcadedb" in choice.reason


def test_auto_keeps_the_backend_whose_graph_is_already_there(tmp_path):
    from graph.connection import choose_backend

    (tmp_path / "arcadedb" / "databases").mkdir(parents=True)
    choice = choose_backend(Settings(_env_file=None, data_dir=tmp_path))
    assert choice.backend is Backend.ARCADEDB and "graph of earlier runs" in choice.reason


def test_auto_takes_the_local_neo4j_where_it_is_installed(tmp_path):
    from graph.connection import choose_backend
    from graph.neo4j_install import Neo4jNotInstalled, installation

    try:
        found = installation()
    except Neo4jNotInstalled as exc:
        choice = choose_backend(Settings(_env_file=None, data_dir=tmp_path))
        assert choice.backend is Backend.ARCADEDB and str(exc) in choice.reason
        return
    choice = choose_backend(Settings(_env_file=None, data_dir=tmp_path))
    assert choice.backend is Backend.NEO4J and choice.local
    assert f"Java {found.java.version}" in choice.reason and found.neo4j_version in choice.reason


def test_a_uri_with_backend_neo4j_must_answer_as_neo4j(embedded_server):
    """A user who asked for Neo4j never silently gets another server (here: the test backend's)."""
    status = embedded_server.ensure_running()
    user, password = embedded_server.auth
    settings = Settings(_env_file=None, neo4j_uri=status.uri, neo4j_user=user, neo4j_password=password,
                        backend="neo4j" if embedded_server.backend is Backend.ARCADEDB else "arcadedb")
    with pytest.raises(GraphUnavailable, match="but the server at .* is"):
        resolve_target(settings)
    auto = resolve_target(settings.model_copy(update={"backend": "auto"}))
    assert auto.backend is embedded_server.backend and not auto.local

"""The local Neo4j's bad cases: Java missing or too old, jars missing or damaged, Maven unreachable, a
taken port, a data directory held by another Neo4j, a damaged store. Each is one clear line naming
the cause and the fix, a non-zero exit from the CLI, and nothing left running.

These need the local Neo4j's installation (Java 17+ and `neo4j/target`); without it they skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from graph.connection import GraphUnavailable, choose_backend
from graph.local_server import LocalServerError
from graph.neo4j_install import (
    LAUNCHER_CLASS,
    LAUNCHER_JAR,
    MANIFEST,
    Neo4jNotInstalled,
    find_java,
    install,
    installation,
)
from graph.neo4j_local import LocalNeo4j
from core.settings import Settings

pytestmark = pytest.mark.backend("neo4j")  # the local Neo4j's manager; the ArcadeDB run skips them


@pytest.fixture(scope="module")
def installed():
    try:
        return installation()
    except Neo4jNotInstalled as exc:
        pytest.skip(f"the local Neo4j is not installed here: {exc}")


def _nothing_running(server: LocalNeo4j) -> None:
    assert server.status() is None
    assert not server.state_file.exists(), "a failed start left a server.json behind"
    ours = [p for p in psutil.process_iter(["cmdline"]) if str(server.root) in (p.info["cmdline"] or [])]
    assert not ours, [p.info["cmdline"][:3] for p in ours]


def _cli(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("INNOGRAPH_")}
    return subprocess.run([sys.executable, "-m", "innograph", *args], capture_output=True, text=True, timeout=300,
                          cwd=data_dir.parent, env={**clean, "INNOGRAPH_DATA_DIR": str(data_dir), **env})


def _one_error_line(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines and lines[0].startswith("error:"), done.stderr
    text = "".join(done.stderr.split())  # the console wraps long lines, even inside a path
    for needle in needles:
        assert "".join(needle.split()) in text, done.stderr


def _fake_java(directory: Path, version: str) -> Path:
    """A JAVA_HOME whose bin/java says it is `version` (and can run nothing)."""
    java = directory / "bin" / "java"
    java.parent.mkdir(parents=True)
    java.write_text(f"#!/bin/sh\necho 'openjdk version \"{version}\" 2018-09-25' >&2\nexit 0\n")
    java.chmod(0o755)
    return directory


# --- Java ---------------------------------------------------------------------------------------


def test_java_missing_is_named_and_auto_falls_back_to_arcadedb(installed, tmp_path, monkeypatch):
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    with pytest.raises(Neo4jNotInstalled, match="Java is missing"):
        find_java()
    auto = choose_backend(Settings(_env_file=None, data_dir=tmp_path / "var"))
    assert auto.backend.value == "arcadedb" and "Java is missing" in auto.reason
    with pytest.raises(GraphUnavailable, match="INNOGRAPH_BACKEND=neo4j, but the local Neo4j cannot run: Java is missing"):
        choose_backend(Settings(_env_file=None, backend="neo4j", data_dir=tmp_path / "var"))
    done = _cli(["db", "start"], tmp_path / "var", INNOGRAPH_BACKEND="neo4j", JAVA_HOME=str(tmp_path / "no-jdk"))
    _one_error_line(done, "Java is missing", "set JAVA_HOME")
    _nothing_running(LocalNeo4j(tmp_path / "var"))


def test_java_too_old_is_named(installed, tmp_path):
    home = _fake_java(tmp_path / "jdk11", "11.0.2")
    done = _cli(["db", "start"], tmp_path / "var", INNOGRAPH_BACKEND="neo4j", JAVA_HOME=str(home))
    _one_error_line(done, "Java 11.0.2", "too old", "Java 17+")
    _nothing_running(LocalNeo4j(tmp_path / "var"))
    status = _cli(["db", "status"], tmp_path / "var", JAVA_HOME=str(home))  # auto: says why it is not Neo4j
    assert "backend: ArcadeDB (local) — auto: the local Neo4j is not available (Java 11.0.2" in " ".join(status.stdout.split())


def test_a_graph_on_neo4j_is_never_silently_swapped_for_arcadedb(installed, tmp_path):
    (tmp_path / "var" / "neo4j" / "data" / "databases").mkdir(parents=True)  # a store of earlier runs
    home = _fake_java(tmp_path / "jdk8", "1.8.0_292")
    done = _cli(["db", "status"], tmp_path / "var", JAVA_HOME=str(home))
    _one_error_line(done, "the graph of earlier runs is in the local Neo4j", "Java 1.8.0_292", "INNOGRAPH_BACKEND=arcadedb")


# --- the jars and Maven -------------------------------------------------------------------------


def _copy_installation(installed, target: Path) -> Path:
    """A copy of the installation whose jars are links to the real ones (the test damages copies only)."""
    (target / "lib").mkdir(parents=True)
    shutil.copy(installed.target / MANIFEST, target / MANIFEST)
    shutil.copy(installed.target / LAUNCHER_JAR, target / LAUNCHER_JAR)
    for jar in (installed.target / "lib").glob("*.jar"):
        (target / "lib" / jar.name).symlink_to(jar)
    return target


def test_jars_missing_are_named(installed, tmp_path):
    done = _cli(["db", "start"], tmp_path / "var", INNOGRAPH_BACKEND="neo4j",
                INNOGRAPH_NEO4J_JARS=str(tmp_path / "nowhere"))
    _one_error_line(done, "jars are not installed", "scripts/bootstrap.sh")
    lib = _copy_installation(installed, tmp_path / "partial")
    (lib / "lib" / "neo4j-kernel-" f"{installed.neo4j_version}.jar").unlink()
    done = _cli(["db", "start"], tmp_path / "var", INNOGRAPH_BACKEND="neo4j", INNOGRAPH_NEO4J_JARS=str(lib))
    _one_error_line(done, "a Neo4j jar is missing", "neo4j-kernel", "scripts/bootstrap.sh")
    _nothing_running(LocalNeo4j(tmp_path / "var"))


def test_a_damaged_jar_is_named_whether_its_size_changed_or_not(installed, tmp_path):
    lib = _copy_installation(installed, tmp_path / "damaged")
    launcher = lib / LAUNCHER_JAR
    size = launcher.stat().st_size
    launcher.write_bytes(b"\0" * (size // 2))  # truncated: found before the JVM starts
    done = _cli(["db", "start"], tmp_path / "var", INNOGRAPH_BACKEND="neo4j", INNOGRAPH_NEO4J_JARS=str(lib))
    _one_error_line(done, "a Neo4j jar is damaged", LAUNCHER_JAR)
    launcher.write_bytes(b"\0" * size)  # same size, garbage: the JVM finds it
    server = LocalNeo4j(tmp_path / "var", jars=lib, heap="256m")
    with pytest.raises(LocalServerError, match="jars in .* are damaged or incomplete"):
        server.start()
    _nothing_running(server)
    with pytest.raises(Neo4jNotInstalled, match="damaged"):  # and the set-up's check says so too
        from graph.neo4j_install import check_jars

        check_jars(lib, hashes=True)


def test_maven_unreachable_is_one_line(installed, tmp_path):
    settings = tmp_path / "settings.xml"
    settings.write_text(
        "<settings><mirrors><mirror><id>closed</id><mirrorOf>*</mirrorOf>"
        "<url>http://127.0.0.1:9/maven2</url></mirror></mirrors></settings>", encoding="utf-8")
    with pytest.raises(Neo4jNotInstalled) as raised:
        install(tmp_path / "target", maven_args=["-s", str(settings), f"-Dmaven.repo.local={tmp_path / 'm2'}"])
    message = str(raised.value)
    assert "\n" not in message and "Maven could not download the Neo4j jars" in message, message
    assert not (tmp_path / "target" / MANIFEST).exists()


# --- ports, a held data directory, a damaged store ---------------------------------------------------


def test_a_taken_port_is_named(installed, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = _cli(["db", "start"], tmp_path / "var", INNOGRAPH_BACKEND="neo4j",
                    INNOGRAPH_EMBEDDED_BOLT_PORT=str(port))
    _one_error_line(done, f"port {port} on 127.0.0.1 is taken", "INNOGRAPH_EMBEDDED_BOLT_PORT")
    _nothing_running(LocalNeo4j(tmp_path / "var"))


def test_a_data_directory_held_by_another_neo4j_is_named(installed, tmp_path):
    server = LocalNeo4j(tmp_path / "var", heap="384m", page_cache="32m")
    server.root.mkdir(parents=True)
    password = server.password()
    assert password
    other = subprocess.Popen(  # a Neo4j on the same files that is not this InnoGraph's (no server.json)
        [installed.java.path, "-Xmx384m", "-cp", installed.classpath, LAUNCHER_CLASS, "--home", str(server.root),
         "--bolt-port", "0", "--password-file", str(server.password_file), "--page-cache-mb", "32"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in other.stdout:  # type: ignore[union-attr]
            if line.startswith("INNOGRAPH-"):
                assert line.startswith("INNOGRAPH-READY"), line
                break
        with pytest.raises(LocalServerError, match="held by another Neo4j process") as raised:
            server.start()
        assert "INNOGRAPH_DATA_DIR" in str(raised.value)
        assert server.status() is None and not server.state_file.exists()
    finally:
        other.terminate()
        other.wait(60)


def test_a_damaged_store_is_named_and_nothing_runs(installed, tmp_path):
    server = LocalNeo4j(tmp_path / "var", heap="384m", page_cache="32m")
    server.start()
    status = server.status()
    import neo4j

    with neo4j.GraphDatabase.driver(status.uri, auth=server.auth) as driver:
        driver.execute_query("UNWIND range(1, 100) AS i CREATE (:Region {id: i})", database_=server.database)
    server.stop()
    store = server.root / "data" / "databases" / server.database
    metadata = store / "neostore"
    metadata.write_bytes(b"\xff" * metadata.stat().st_size)  # the store's metadata overwritten
    done = _cli(["db", "start"], tmp_path / "var", INNOGRAPH_BACKEND="neo4j", INNOGRAPH_EMBEDDED_HEAP="384m",
                INNOGRAPH_EMBEDDED_PAGE_CACHE="32m")
    _one_error_line(done, f"database '{server.database}'", "failed to start", "restore it from a backup")
    _nothing_running(server)

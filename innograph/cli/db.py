"""`innograph db`: manage the local database (Neo4j or ArcadeDB) and the schema."""

from __future__ import annotations

import time

import typer
from rich.table import Table

from graph.backend import Backend
from graph.connection import BackendChoice, choose_backend, local_server
from innograph.cli.common import console, err, runtime
from core.settings import get_settings

app = typer.Typer(help="Start, stop and inspect the database; apply the schema.", no_args_is_help=True)


def backend_line(choice: BackendChoice) -> str:
    """Which backend runs and why, in one line (the demo's first line, `db status`'s and `db start`'s)."""
    where = "local" if choice.local else "at INNOGRAPH_NEO4J_URI"
    name = {Backend.NEO4J: "Neo4j", Backend.ARCADEDB: "ArcadeDB"}[choice.backend]
    return f"backend: {name} ({where}) — {choice.reason}"


def _local_choice() -> BackendChoice:
    settings = get_settings()
    choice = choose_backend(settings)
    if not choice.local:
        err.print(f"INNOGRAPH_NEO4J_URI is set ({settings.neo4j_uri}): that server is managed outside InnoGraph.")
        raise typer.Exit(2)
    return choice


@app.command()
def start() -> None:
    """Start the local database (reuses a running one) and apply the schema."""
    choice = _local_choice()
    console.print(backend_line(choice), highlight=False)
    began = time.perf_counter()
    server = local_server(get_settings(), choice.backend)
    already = server.status()
    status = already or server.start()
    with runtime() as rt:
        _ = rt.driver  # opening the driver applies the schema when it is missing or older
    word = "already running" if already else f"started in {time.perf_counter() - began:.1f}s"
    console.print(f"{server.label} {word}: {status.uri} (pid {status.pid}, database {status.database})")


@app.command()
def stop() -> None:
    """Stop the local servers under INNOGRAPH_DATA_DIR (a clean shutdown; SIGKILL if one does not end)."""
    settings = get_settings()
    if settings.neo4j_uri is not None:
        err.print(f"INNOGRAPH_NEO4J_URI is set ({settings.neo4j_uri}): that server is managed outside InnoGraph.")
        raise typer.Exit(2)
    stopped = [server.label for server in (local_server(settings, b) for b in Backend) if server.stop()]
    console.print(f"{' and '.join(stopped)} stopped" if stopped else "no local database was running")


@app.command()
def status() -> None:
    """Say which backend runs and why, where, and what the graph holds."""
    settings = get_settings()
    choice = choose_backend(settings)
    console.print(backend_line(choice), highlight=False)
    if choice.local:
        server = local_server(settings, choice.backend)
        state = server.status()
        if state is None:
            console.print(f"{server.label}: not running (data in {server.root})")
            raise typer.Exit(3)
        console.print(f"{server.label}: running at {state.uri}, pid {state.pid}, database {state.database}")
    with runtime() as rt:
        from graph.stats import graph_counts

        counts = graph_counts(rt.driver, rt.database)
    table = Table("label / type", "count", title="graph")
    for name, count in counts.items():
        table.add_row(name, f"{count:,}")
    console.print(table)


@app.command()
def migrate() -> None:
    """Apply `cypher/schema/*.cypher` (idempotent) and record the schema version."""
    from graph.schema import migrate as apply_schema

    with runtime() as rt:
        report = apply_schema(rt.driver, rt.database)
    console.print(
        f"schema version {report.version}: {report.statements} statements from "
        f"{', '.join(report.files)} applied in {report.seconds:.2f}s"
    )

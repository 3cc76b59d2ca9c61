"""`innograph db`: manage the embedded database and the schema."""

from __future__ import annotations

import time

import typer
from rich.table import Table

from graph.connection import embedded_database
from innograph.cli.common import console, err, runtime
from innograph.settings import get_settings

app = typer.Typer(help="Start, stop and inspect the database; apply the schema.", no_args_is_help=True)


def _require_embedded() -> None:
    settings = get_settings()
    if not settings.embedded:
        err.print(f"INNOGRAPH_NEO4J_URI is set ({settings.neo4j_uri}): Neo4j is managed outside InnoGraph.")
        raise typer.Exit(2)


@app.command()
def start() -> None:
    """Start the embedded ArcadeDB server (reuses a running one) and apply the schema."""
    _require_embedded()
    began = time.perf_counter()
    db = embedded_database(get_settings())
    already = db.status()
    status = already or db.start()
    with runtime() as rt:
        rt.driver  # applies the schema when it is missing or older
    word = "already running" if already else f"started in {time.perf_counter() - began:.1f}s"
    console.print(f"embedded database {word}: {status.uri} (pid {status.pid}, database {status.database})")


@app.command()
def stop() -> None:
    """Stop the embedded server (SIGTERM, then SIGKILL if the JVM ignores it)."""
    _require_embedded()
    if embedded_database(get_settings()).stop():
        console.print("embedded database stopped")
    else:
        console.print("embedded database was not running")


@app.command()
def status() -> None:
    """Say whether the embedded server runs, where, and what the graph holds."""
    settings = get_settings()
    if settings.embedded:
        state = embedded_database(settings).status()
        if state is None:
            console.print(f"embedded database: not running (data in {settings.data_dir.resolve()})")
            raise typer.Exit(3)
        console.print(f"embedded database: running at {state.uri}, pid {state.pid}, database {state.database}")
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

"""The `innograph` command line."""

from __future__ import annotations

import logging
import sys

import typer
from rich.console import Console

from innograph.cli import db as db_commands

app = typer.Typer(
    name="innograph",
    help="InnoGraph: a knowledge graph of patents, organisations, policies and industrial chains.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_commands.app, name="db")

err = Console(stderr=True)


def _register_optional() -> None:
    # Sub-apps are imported here rather than at module top so `innograph db ...` stays quick.
    from innograph.cli import ingest as ingest_commands

    app.add_typer(ingest_commands.app, name="ingest")
    from innograph.cli import query as query_commands

    app.add_typer(query_commands.app, name="query")

    from innograph.cli import apikey as apikey_commands
    from innograph.cli import serve as serve_commands

    app.add_typer(apikey_commands.app, name="apikey")
    app.command("serve")(serve_commands.serve)
    from innograph.cli import demo as demo_commands
    from innograph.cli.classify import classify

    app.add_typer(demo_commands.app, name="demo")
    from innograph.cli import targets as targets_commands

    app.add_typer(targets_commands.app, name="targets")

    app.command("classify")(classify)


def main() -> None:
    """Entry point: run the CLI and turn expected failures into one clear line, not a traceback."""
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    from graph.connection import GraphUnavailable
    from graph.embedded import EmbeddedDatabaseError
    from graph.writer import WriteRejected

    # the driver logs each retry of an unreachable server; the one error line below says it all
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    _register_optional()
    try:
        app()
    except (GraphUnavailable, EmbeddedDatabaseError, WriteRejected) as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        sys.exit(1)
    except (ServiceUnavailable, SessionExpired) as exc:
        # the database went away mid-command (after the driver's own retries); every load resumes
        err.print(
            f"[bold red]error:[/] lost the connection to the graph database: {exc}. "
            "Committed batches are kept; run the same command again to complete a load.",
            markup=True, highlight=False,
        )
        sys.exit(1)

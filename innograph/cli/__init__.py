"""The `innograph` command line."""

from __future__ import annotations

import logging
import sys

import typer

from innograph.cli import db as db_commands
from innograph.cli.common import err, fit_consoles_to_output

app = typer.Typer(
    name="innograph",
    help="InnoGraph: a knowledge graph of patents, organisations, policies and industrial chains.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_commands.app, name="db")


def _register_optional() -> None:
    # Registered when the CLI runs, not on import, so importing `innograph.cli` (tests, `-m`) stays cheap.
    from innograph.cli import apikey, demo, ingest, query, report, serve, targets
    from innograph.cli.classify import classify

    for name, module in (("ingest", ingest), ("query", query), ("apikey", apikey), ("demo", demo),
                         ("targets", targets), ("report", report)):
        app.add_typer(module.app, name=name)
    app.command("serve")(serve.serve)
    app.command("classify")(classify)


def main() -> None:
    """Entry point: run the CLI and turn expected failures into one clear line, not a traceback."""
    from neo4j.exceptions import ServiceUnavailable, SessionExpired

    from graph.connection import GraphUnavailable
    from graph.embedded import EmbeddedDatabaseError
    from graph.writer import WriteRejected

    # the driver logs each retry of an unreachable server; the one error line below says it all
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    fit_consoles_to_output()
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

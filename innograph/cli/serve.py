"""`innograph serve`: run the API (one uvicorn worker, or --workers N processes), or export the GraphQL schema.

With several workers each process is a whole API: its own driver (one per process), its own caches,
warmed on its own; uvicorn's parent hands connections to them. They share nothing but the database,
so N workers hold N copies of the caches (see docs/scaling.md for the memory per worker)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from innograph.cli.common import console, err
from core.settings import get_settings

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "api" / "schema.graphql"


def serve(
    host: str = typer.Option(None, "--host", help="address to bind (default INNOGRAPH_API_HOST, 127.0.0.1)"),
    port: int = typer.Option(None, "--port", help="port (default INNOGRAPH_API_PORT, 8000)"),
    export_schema: Path | None = typer.Option(
        None, "--export-schema", help="write the GraphQL SDL to this file (e.g. api/schema.graphql) and exit"
    ),
    log_level: str = typer.Option("info", "--log-level"),
    warm: bool = typer.Option(True, help="fill the planner caches in the background at start"),
    workers: int = typer.Option(1, "--workers", min=1, max=16,
                                help="API processes (each with its own caches); more than one helps CPU-bound mixes"),
) -> None:
    """Serve the GraphQL and REST API (GraphiQL at /graphql), or write the schema with --export-schema."""
    if export_schema is not None:
        from api.graphql.schema import sdl

        export_schema.write_text(sdl(), encoding="utf-8")
        console.print(f"wrote {export_schema}")
        return
    settings = get_settings().model_copy(update={"api_warm_caches": warm})
    host = host or settings.api_host
    port = port or settings.api_port
    from api.app import is_loopback

    if not settings.auth and not is_loopback(host):
        err.print(f"INNOGRAPH_AUTH=off is allowed only on a loopback address, not {host!r}; create keys instead"
                  " (`innograph apikey create --role reader --name NAME`).")
        raise typer.Exit(2)
    if settings.auth and not settings.api_keys_path.exists():
        err.print(f"no API keys yet ({settings.api_keys_path}): every request will get 401; create one with"
                  " `innograph apikey create --role reader --name NAME`, or run locally with INNOGRAPH_AUTH=off.")
    from innograph.cli.common import runtime

    with runtime() as rt:  # start the embedded database and bring the schema up to date before serving
        _ = rt.driver  # the property opens the driver, which starts the server and migrates
    import uvicorn

    if workers == 1:
        from api.app import create_app

        uvicorn.run(create_app(settings), host=host, port=port, workers=1, log_level=log_level)
        return
    # worker processes build the app from the environment, so what this command changed goes there
    os.environ["INNOGRAPH_API_WARM_CACHES"] = "true" if warm else "false"
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level=log_level)

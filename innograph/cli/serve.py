"""`innograph serve`: run the API (one uvicorn worker), or export the GraphQL schema."""

from __future__ import annotations

from pathlib import Path

import typer

from innograph.cli.common import console, err
from innograph.settings import get_settings

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "api" / "schema.graphql"


def serve(
    host: str = typer.Option(None, "--host", help="address to bind (default INNOGRAPH_API_HOST, 127.0.0.1)"),
    port: int = typer.Option(None, "--port", help="port (default INNOGRAPH_API_PORT, 8000)"),
    export_schema: Path | None = typer.Option(
        None, "--export-schema", help="write the GraphQL SDL to this file (e.g. api/schema.graphql) and exit"
    ),
    log_level: str = typer.Option("info", "--log-level"),
    warm: bool = typer.Option(True, help="fill the planner caches in the background at start"),
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
        rt.driver
    import uvicorn

    from api.app import create_app

    uvicorn.run(create_app(settings), host=host, port=port, workers=1, log_level=log_level)

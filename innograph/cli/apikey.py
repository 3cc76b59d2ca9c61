"""`innograph apikey`: create, list and revoke the API's keys (stored hashed under DATA_DIR)."""

from __future__ import annotations

import typer
from rich.table import Table

from api.auth import ApiKeyError, ApiKeyStore, Role
from innograph.cli.common import console, err
from core.settings import get_settings

app = typer.Typer(help="Manage API keys (roles: reader, admin).", no_args_is_help=True)


def _store() -> ApiKeyStore:
    return ApiKeyStore(get_settings().api_keys_path)


@app.command()
def create(
    name: str = typer.Option(..., "--name", help="who the key is for, e.g. alice"),
    role: Role = typer.Option(Role.READER, "--role", help="reader or admin"),
) -> None:
    """Make a key and print it once; only its hash is stored."""
    store = _store()
    try:
        key = store.create(name, role)
    except ApiKeyError as exc:
        err.print(f"error: {exc}")
        raise typer.Exit(2) from None
    err.print(f"created {role.value} key {name!r} in {store.path} — it is shown once, keep it safe:")
    print(key)


@app.command("list")
def list_keys() -> None:
    """Show the stored keys: name, role, creation time, first characters."""
    store = _store()
    table = Table("name", "role", "created", "key starts", title=str(store.path))
    for key in store.keys():
        table.add_row(key.name, key.role.value, key.created_at, key.hint + "…")
    console.print(table)


@app.command()
def revoke(name: str = typer.Argument(..., help="the key's name")) -> None:
    """Delete a key; the API refuses it from its next request on."""
    try:
        _store().revoke(name)
    except ApiKeyError as exc:
        err.print(f"error: {exc}")
        raise typer.Exit(2) from None
    console.print(f"revoked key {name!r}")

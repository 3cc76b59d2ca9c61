"""`innograph ingest`: load patents, policies, IPC classes and chains into the graph."""

from __future__ import annotations

import typer

app = typer.Typer(help="Load data into the graph.", no_args_is_help=True)

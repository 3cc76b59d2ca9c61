"""`innograph query`: list, show and run saved Cypher queries (shipped and from INNOGRAPH_CYPHER_PATH)."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from enum import Enum
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from cypher.export import csv_cell
from cypher.readonly import UnsafeQuery
from cypher.saved import SavedQueryCatalog
from cypher.saved_model import ParameterError, QueryParam, SavedQuery, UnknownQuery
from cypher.saved_values import bind_parameters, split_assignments
from innograph.cli.common import console, err, runtime
from core.settings import get_settings

app = typer.Typer(help="List, show and run saved read-only Cypher queries.", no_args_is_help=True)

USAGE_ERROR = 2


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _fail(message: str, code: int = USAGE_ERROR) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _catalog() -> SavedQueryCatalog:
    """Shipped queries plus INNOGRAPH_CYPHER_PATH; files that cannot be used are warned about."""
    catalog = SavedQueryCatalog.load(get_settings().cypher_path)
    for problem in catalog.problems:
        err.print(f"[yellow]warning:[/] {escape(str(problem))}", highlight=False, soft_wrap=True)
    return catalog


def _get(catalog: SavedQueryCatalog, name: str) -> SavedQuery:
    try:
        return catalog.get(name)
    except UnknownQuery as unknown:
        raise _fail(str(unknown)) from None


def _show_value(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ",".join(_show_value(v) for v in value)
    if value == "":
        return '""'
    return str(value)


def _param_line(param: QueryParam) -> str:
    parts = [param.type]
    if param.required:
        parts.append("required")
    elif param.default is not None:
        parts.append(f"default={_show_value(param.default)}")
    if param.range is not None:
        low, high = param.range
        parts.append(f"range={'' if low is None else _show_value(low)}..{'' if high is None else _show_value(high)}")
    if param.values is not None:
        parts.append("values=" + "|".join(_show_value(v) for v in param.values))
    return " ".join(parts)


@app.command("list")
def list_queries() -> None:
    """List the saved queries: shipped ones and those in INNOGRAPH_CYPHER_PATH."""
    catalog = _catalog()
    table = Table(title=f"{len(catalog)} saved queries")
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("parameters")
    table.add_column("source")
    for query in catalog:
        params = ", ".join(f"{p.name}{'*' if p.required else ''}" for p in query.params) or "-"
        table.add_row(query.name, query.title, params, "shipped" if query.shipped else query.origin)
    console.print(table)
    console.print("* = required.  `innograph query show NAME` describes one query.", highlight=False)
    skipped = sorted({problem.origin for problem in catalog.problems})
    if skipped:
        console.print(f"{len(skipped)} file(s) skipped, each named in a warning above.", highlight=False)


@app.command()
def show(name: str = typer.Argument(..., help="query name")) -> None:
    """Describe one saved query: what it answers, its parameters and columns, and its Cypher."""
    query = _get(_catalog(), name)
    console.print(f"[bold]{escape(query.name)}[/]: {escape(query.title)}", highlight=False)
    console.print(escape(query.description), highlight=False)
    console.print(f"source: {escape('shipped' if query.shipped else query.origin)}", highlight=False)
    if query.params:
        table = Table("parameter", "type and constraints", "help", title="parameters")
        for param in query.params:
            table.add_row(param.name, _param_line(param), param.help)
        console.print(table)
    else:
        console.print("parameters: none")
    console.print(f"returns: {', '.join(query.returns)}", highlight=False)
    console.print()
    console.print(escape(query.text), highlight=False)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


@app.command()
def run(
    name: str = typer.Argument(..., help="query name (see `innograph query list`)"),
    param: list[str] = typer.Option([], "--param", "-p", help="a parameter as name=value; repeat for several"),
    output: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table, csv or json"),
    timeout: float | None = typer.Option(None, "--timeout", min=0.1, help="seconds; default INNOGRAPH_QUERY_TIMEOUT_S"),
    row_cap: int | None = typer.Option(None, "--row-cap", min=1, help="most rows; default INNOGRAPH_QUERY_ROW_CAP"),
) -> None:
    """Run a saved query with typed parameters and print its rows."""
    from cypher.runner import QueryFailed, QueryTimeout, SavedQueryRunner

    settings = get_settings()
    catalog = _catalog()
    query = _get(catalog, name)
    try:
        raw = split_assignments(param)
        bind_parameters(query, raw)  # parameter problems are reported before anything connects
    except ValueError as wrong:  # ParameterError too
        raise _fail(str(wrong)) from None
    with runtime() as rt:
        runner = SavedQueryRunner.for_target(catalog, settings, rt.target, timeout_s=timeout, row_cap=row_cap)
        try:
            result = runner.run(rt.driver, rt.database, name, raw)
        except (ParameterError, UnsafeQuery) as refused:  # a value naming nothing in the graph too
            raise _fail(str(refused)) from None
        except (QueryTimeout, QueryFailed) as failed:
            raise _fail(str(failed), 1) from None
    footer = f"{len(result.rows)} row{'s' if len(result.rows) != 1 else ''} in {result.duration_ms:.0f} ms"
    if result.truncated:
        footer += f"; truncated at the row cap of {result.row_cap} (--row-cap to change)"
    if output is OutputFormat.json:
        payload = {
            "query": result.name,
            "columns": result.columns,
            "rows": result.rows,
            "truncated": result.truncated,
            "row_cap": result.row_cap,
            "duration_ms": round(result.duration_ms, 3),
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str, indent=2) + "\n")
        err.print(footer, highlight=False)
    elif output is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([csv_cell(row.get(column)) for column in result.columns])
        sys.stdout.flush()
        err.print(footer, highlight=False)
    else:
        table = Table(*result.columns, title=result.name)
        for row in result.rows:
            table.add_row(*(escape(_cell(row.get(column))) for column in result.columns))
        console.print(table)
        console.print(footer, highlight=False)

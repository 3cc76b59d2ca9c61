"""`innograph targets`: policy targets, what the graph can measure of them, and their progress."""

from __future__ import annotations

import typer
from rich.table import Table

from innograph.cli.common import console, err, runtime

app = typer.Typer(help="Policy targets and their progress measured from the graph.", no_args_is_help=True)


@app.command("list")
def list_targets(
    region: str = typer.Option("", help="region code prefix, e.g. CN-JS; empty = all"),
    measurable: bool = typer.Option(False, help="only targets bound to a graph metric"),
) -> None:
    """Every target with its binding, or why it cannot be measured from patent data."""
    from graph.targets import measurable_targets

    with runtime() as rt:
        rows = measurable_targets(rt.driver, rt.database, region)
    table = Table(title="policy targets")
    table.add_column("target", no_wrap=True)
    table.add_column("metric")
    table.add_column("deadline")
    table.add_column("binding / reason")
    for row in rows:
        if measurable and not row.measurable:
            continue
        table.add_row(row.target_id, row.metric or "", str(row.deadline or ""),
                      row.binding if row.measurable else f"[dim]{row.reason}[/]")
    console.print(table)


@app.command()
def progress(target_id: str = typer.Argument(..., help="Target id (tgt:...)")) -> None:
    """Baseline, current value, target value, deadline and whether the trend reaches it, with the queries."""
    from graph.targets import target_progress

    with runtime() as rt:
        result = target_progress(rt.driver, rt.database, target_id)
    if result.metric is None and not result.measurable:
        err.print(f"unknown target {target_id!r}; `innograph targets list` shows them")
        raise typer.Exit(2)
    if not result.measurable:
        console.print(f"{target_id}: not measurable from the graph: {result.reason}")
        return
    console.print(
        f"{result.metric}: target {result.comparator} {result.target_value} {result.unit or ''} by {result.deadline}; "
        f"baseline {result.baseline} ({result.baseline_year}), current {result.current} ({result.current_year}), "
        f"achieved {result.achieved}; met now: {result.met}; trend to deadline {result.trend} -> on track: "
        f"{result.on_track}{' (proxy)' if result.proxy else ''}"
    )
    for figure in result.figures:
        console.print(f"  {figure.role} {figure.year}: {figure.value}  <- query {figure.query} {figure.params}")

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
    console.print(f"{result.metric}: target {result.comparator} {_target_text(result)} by {result.deadline}"
                  f"{' (proxy)' if result.proxy else ''}")
    if result.reason:
        console.print(f"  {result.reason}")
    if result.current_year is not None:
        console.print(
            f"  baseline {_number(result.baseline)} ({result.baseline_year}), current {_number(result.current)} "
            f"({result.current_year}), achieved {_number(result.achieved)}; met now: {_yes_no(result.met)}; "
            f"trend to the deadline {_number(result.trend)}, on track: {_yes_no(result.on_track)}")
    elif result.latest_year is not None:
        console.print(f"  latest figure {_number(result.latest)} ({result.latest_year}); baseline year "
                      f"{result.baseline_year}")
    for figure in result.figures:
        console.print(f"  {figure.role} {figure.year if figure.year is not None else ''}: "
                      f"{_number(figure.value)}  <- query {figure.query} {figure.params}")


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 1000 or float(value).is_integer() else f"{value:,.2f}"


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _target_text(result) -> str:  # noqa: ANN001
    """The target as the policy states it, and in the compared unit when that differs (yuan)."""
    stated = f"{_number(result.stated_value)} {result.unit or ''}".strip()
    if result.compare == "amount_sum" and result.target_value is not None:
        return f"{stated} (= {result.target_value:,.0f} yuan)"
    return stated

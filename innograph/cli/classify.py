"""`innograph classify`: (re)link every patent to chain segments."""

from __future__ import annotations

from pathlib import Path

import typer

from innograph.cli.common import console, err, runtime


def classify(files: list[Path] = typer.Argument(None, help="chain YAML files; default: the shipped chains")) -> None:
    """Re-classify all patents into chain segments after a chain file changed; idempotent."""
    from rich.progress import Progress

    from extract.chains import ChainError, load_chains
    from graph.classify import classify_graph
    from graph.ingest.chains import load_chains_into_graph
    from graph.writer import GraphWriter

    try:
        chains = load_chains(files or None)
    except ChainError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    with runtime() as rt:
        load_chains_into_graph(GraphWriter(rt.driver, rt.database), chains)
        with Progress(console=err) as progress:
            task = progress.add_task("classifying patents", total=None)
            report = classify_graph(rt.driver, rt.database, chains, on_patents=lambda n: progress.advance(task, n))
    console.print(
        f"{report.patents:,} patents, {report.classified:,} in at least one segment, {report.links:,} links; "
        f"{report.removed_stale:,} stale links removed"
    )

"""`innograph classify`: (re)link every patent to chain segments."""

from __future__ import annotations

from pathlib import Path

import typer

from innograph.cli.common import console, err, runtime


def classify(files: list[Path] = typer.Argument(None, help="chain YAML files; default: the shipped chains")) -> None:
    """Re-classify all patents into chain segments after a chain file changed; idempotent."""
    from extract.chains import ChainError, load_chains
    from graph.classify import classify_graph
    from graph.ingest.chains import load_chains_into_graph
    from graph.writer import GraphWriter
    from innograph.cli.ingest import _progress, plural, print_chains

    try:
        chains = load_chains(files or None)
    except ChainError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    with runtime() as rt:
        print_chains(chains, load_chains_into_graph(GraphWriter(rt.driver, rt.database), chains))
        with _progress() as progress:
            task = progress.add_task("classifying patents", total=None)
            report = classify_graph(rt.driver, rt.database, chains, on_patents=lambda n: progress.advance(task, n))
    w = report.write
    console.print(
        f"classified {plural(report.patents, 'patent')} into {plural(len(chains), 'chain')}: "
        f"{report.classified:,} in at least one segment, {plural(report.links, 'segment link')} "
        f"({w.relationships_created if w else 0:,} new); {plural(report.removed_stale, 'stale link')} removed"
    )

"""`innograph ingest patents --bulk`: the command's side of `graph.bulk.load` (messages, exit codes)."""

from __future__ import annotations

from pathlib import Path

import typer

from innograph.cli.common import console, err
from core.settings import get_settings


def bulk_patents(paths: list[Path], fmt: str | None, rejects: Path | None, classify: bool) -> None:
    """Load `paths` into the empty local Neo4j with its import tool; refusals are one line, exit 1."""
    from extract.chains import load_chains
    from graph.bulk.admin import ImportToolError
    from graph.bulk.csv_files import BulkValueError
    from graph.bulk.load import BulkRefused, bulk_load, checked_target
    from graph.connection import GraphUnavailable
    from graph.local_server import LocalServerError
    from innograph.cli.ingest import _default_rejects, _print_patent_report, patent_progress

    settings = get_settings()
    try:
        server = checked_target(settings)  # refusals come before any progress output
        with patent_progress() as advance:
            report = bulk_load(
                settings, paths, server=server, fmt=fmt, chains=load_chains() if classify else None,
                rejects_path=rejects or _default_rejects(settings.data_dir, "patents"), on_records=advance,
                on_phase=lambda name: err.print(f"bulk: {name}", highlight=False),
            )
    except (BulkRefused, ImportToolError, BulkValueError, LocalServerError, GraphUnavailable) as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(1) from None
    _print_patent_report(report.load)
    phases = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in report.phases.items())
    console.print(f"bulk import: {phases}; {report.seconds:.1f}s in all", highlight=False)
    if report.load.failed_files:
        raise typer.Exit(1)

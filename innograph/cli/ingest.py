"""`innograph ingest`: load patents, policies, IPC classes and chains into the graph."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from innograph.cli.common import console, err, runtime

app = typer.Typer(help="Load data into the graph.", no_args_is_help=True)

PATENT_FORMATS = ("cnipa-csv", "cnipa-xlsx", "patentsview-mentions", "patentsview-tables", "uspto-xml",
                  "canonical-jsonl")


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
        TextColumn("{task.completed:,.0f} records"), TimeElapsedColumn(),
        console=err, transient=False,
    )


@contextmanager
def patent_progress() -> Iterator[Callable[[str, int], None]]:
    """Progress of a patent load on stderr (reading and resolving, then writing); yields the
    loader's `on_records(phase, n)` callback."""
    with _progress() as progress:
        scan = progress.add_task("reading and resolving", total=None)
        write = progress.add_task("writing", total=None, visible=False)

        def advance(phase: str, n: int) -> None:
            if phase == "scan":
                progress.advance(scan, n)
                return
            if not progress.tasks[write].visible:
                done = progress.tasks[scan].completed
                progress.update(scan, total=done)
                progress.update(write, total=done, visible=True)
            progress.advance(write, n)

        yield advance


def _default_rejects(data_dir: Path, kind: str) -> Path:
    folder = data_dir / "rejects"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"


@app.command()
def patents(
    paths: list[Path] = typer.Argument(..., help="export files (CSV, XLSX, JSONL, XML) or PatentsView table folders",
                                       exists=True),
    fmt: str = typer.Option(None, "--format", help=f"one of {', '.join(PATENT_FORMATS)}; detected when omitted"),
    batch_size: int = typer.Option(None, help="records per write transaction (default INNOGRAPH_BATCH_SIZE)"),
    rejects: Path = typer.Option(None, help="where rejected rows go (JSON Lines); default DATA_DIR/rejects/"),
    classify: bool = typer.Option(True, help="link patents to the shipped chains' segments while loading"),
    force: bool = typer.Option(False, help="re-read files already loaded completely (same sha256)"),
    bulk: bool = typer.Option(False, "--bulk", help="initial load of an EMPTY local Neo4j with neo4j-admin's "
                              "import tool (stops the server, imports, starts it, applies the schema)"),
) -> None:
    """Load patent exports: parse, resolve organisations and inventors, classify, write in batches."""
    from graph.ingest.pipeline import ingest_patent_files
    from graph.writer import GraphWriter

    if fmt is not None and fmt not in PATENT_FORMATS:
        err.print(f"unknown --format {fmt!r}; use one of {', '.join(PATENT_FORMATS)}")
        raise typer.Exit(2)
    if bulk:
        from innograph.cli.bulk import bulk_patents

        bulk_patents(paths, fmt, rejects, classify)
        return
    with runtime() as rt:
        rejects = rejects or _default_rejects(rt.settings.data_dir, "patents")
        with patent_progress() as advance:
            done = ingest_patent_files(GraphWriter(rt.driver, rt.database), paths, fmt, classify=classify,
                                       batch_size=batch_size or rt.settings.batch_size, rejects_path=rejects,
                                       on_records=advance, skip_loaded=not force)
        report = done.patents
    if done.chains and done.chains_written:
        print_chains(done.chains, done.chains_written)
    _print_patent_report(report)
    if report.failed_files:
        raise typer.Exit(1)


def plural(n: int, one: str, many: str | None = None) -> str:
    """"1 patent", "2 patents", "1,070 records"."""
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def written(w) -> str:  # noqa: ANN001 - graph.writer.WriteSummary
    """What a load wrote: new nodes and relationships, and those that were in the graph before it.

    Repeats within the load (an organisation named in batch after batch) are neither: they are
    merged into what the load itself created."""
    return (f"nodes: {w.nodes_created:,} created, {w.nodes_matched:,} already in the graph; relationships: "
            f"{w.relationships_created:,} created, {w.relationships_merged:,} already in the graph")


def print_chains(chains, summary) -> None:  # noqa: ANN001 - chain map and WriteSummary, imported lazily
    """One line: the chains loaded and what writing them changed."""
    segments = sum(len(c.segments) for c in chains.values())
    feeds = sum(len(list(c.feeds_edges())) for c in chains.values())
    change = (f"{summary.nodes_created:,} nodes and {summary.relationships_created:,} relationships created"
              if summary.nodes_created or summary.relationships_created else "already in the graph, unchanged")
    console.print(f"chains: {plural(len(chains), 'chain')}, {plural(segments, 'segment')}, "
                  f"{plural(feeds, 'FEEDS edge')}; {change}")


def _print_patent_report(report) -> None:  # noqa: ANN001 - PatentLoadReport, imported lazily
    table = Table("file", "format", "records", "rejected", title="patent load")
    table.columns[0].overflow = "fold"  # a long path wraps in a terminal instead of losing its end
    for f in report.files:
        note = " (already loaded; --force to re-read)" if f.skipped else ""
        table.add_row(f.path + note, f.format, f"{f.records:,}", f"{f.rejected:,}")
    console.print(table)
    for f in report.failed_files:
        err.print(f"[red]not loaded:[/] {f.error}")
    w = report.write
    read = [f for f in report.files if not f.skipped and not f.error]
    skipped = [f for f in report.files if f.skipped]
    before = (f" ({plural(len(skipped), 'file')} with {plural(sum(f.records for f in skipped), 'record')} "
              "already loaded, not read again)") if skipped else ""
    if not read:  # every file was loaded before (or none could be read): say so, not "0 organisations"
        if skipped:
            console.print(f"nothing new to load{before}; nothing written")
        return
    loaded = sum(f.records for f in read)
    rejected = sum(f.rejected for f in read)
    rate = loaded / report.seconds if report.seconds else 0.0
    console.print(
        f"{plural(loaded, 'record')} read, {rejected:,} rejected"
        + (f" (see {report.rejects_path})" if rejected else "") + before
        + f"; {plural(report.organizations, 'organisation')}; {plural(report.inventors.inventors, 'inventor')} "
        f"from {plural(report.inventors.mentions, 'mention')} ({report.inventors.merged_mentions:,} merged: "
        f"{dict(report.inventors.merges_by_evidence)})"
    )
    if report.chains:
        console.print(
            f"classified into {plural(report.chains, 'chain')}: {report.classified:,} of "
            f"{plural(loaded, 'patent')} in at least one segment, {plural(report.segment_links, 'segment link')}"
        )
    console.print(f"{written(w)}; {report.seconds:.1f}s, {rate:,.0f} records/s")


@app.command()
def ipc(path: Path = typer.Argument(..., exists=True, dir_okay=False, help="IPC titles TSV (symbol, title)")) -> None:
    """Load the IPC hierarchy (section to subgroup) with English titles."""
    from graph.ingest.ipc import load_ipc_titles
    from graph.writer import GraphWriter

    with runtime() as rt, _progress() as progress:
        task = progress.add_task("IPC classes", total=None)
        summary, rejects = load_ipc_titles(GraphWriter(rt.driver, rt.database), path,
                                           on_rows=lambda n: progress.advance(task, n))
    for reject in rejects[:20]:
        err.print(f"{path}:{reject.line}: {reject.reason}")
    console.print(f"{summary.rows:,} IPC classes ({summary.nodes_created:,} new), {len(rejects):,} lines rejected, "
                  f"{summary.seconds:.1f}s")


@app.command()
def chains(files: list[Path] = typer.Argument(None, help="chain YAML files; default: the shipped chains")) -> None:
    """Load industrial chains (segments, FEEDS edges) from their YAML files."""
    from extract.chains import ChainError, load_chains
    from graph.ingest.chains import load_chains_into_graph
    from graph.writer import GraphWriter

    try:
        loaded = load_chains(files or None)
    except ChainError as exc:
        err.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    with runtime() as rt:
        summary = load_chains_into_graph(GraphWriter(rt.driver, rt.database), loaded)
    for chain in loaded.values():
        console.print(f"{chain.id} v{chain.version}: {plural(len(chain.segments), 'segment')}")
    print_chains(loaded, summary)


@app.command()
def policies(
    paths: list[Path] = typer.Argument(..., help="policy documents (text, Markdown, HTML, PDF) or folders of them",
                                       exists=True),
    link_chains: bool = typer.Option(True, "--chains/--no-chains",
                                     help="link measures to the shipped chains' segments (TARGETS_SEGMENT)"),
) -> None:
    """Load policy documents: measures, targets, organisations, links to other policies and chain segments.

    Files that cannot be read (empty, binary, unknown encoding, no measures) are reported and the rest
    are still loaded; the exit code is then 1. Loading the same files again changes nothing.
    """
    from extract.chains import load_chains
    from graph.ingest.policies import PolicyLoader
    from graph.writer import GraphWriter

    with runtime() as rt:
        loader = PolicyLoader(GraphWriter(rt.driver, rt.database), chains=load_chains() if link_chains else None)
        with err.status("extracting and writing policies"):
            report = loader.load(paths)
    _print_policy_report(report)
    if report.failures:
        raise typer.Exit(1)


def _print_policy_report(report) -> None:  # noqa: ANN001 - PolicyLoadReport, imported lazily
    table = Table(title="policy load")
    table.add_column("document", overflow="fold", min_width=24)
    for name in ("lang", "measures", "targets", "orgs", "progr.", "links", "segs"):
        table.add_column(name, justify="right" if name != "lang" else "left", no_wrap=True)
    for f in report.loaded:
        title = (f.title or "")[:60]
        table.add_row(f"{Path(f.path).name}\n[dim]{title}[/]", f.language or "", str(f.measures),
                      str(f.targets), str(f.organisations), str(f.programmes), str(f.links), str(f.segment_links))
    console.print(table)
    for f in report.failures:
        err.print(f"[red]not loaded:[/] {f.path}: {f.reason} ({f.error})", soft_wrap=True)  # one line each
    w = report.write
    console.print(
        f"{report.policies} policies, {report.measures} measures, {report.targets} targets, "
        f"{report.organisations} organisations and programmes, {report.links} policy links "
        f"({report.stub_policies} stub policies), {report.segment_links} segment links, {report.chain_links} chain links; "
        f"{len(report.failures)} files not loaded"
    )
    console.print(f"{written(w)}; {report.seconds:.1f}s")


@app.command()
def transactions(
    paths: list[Path] = typer.Argument(..., exists=True, help="transaction tables (CSV/XLSX) or USPTO assignment XML"),
    rejects: Path = typer.Option(None, help="where rejected rows go (JSON Lines); default DATA_DIR/rejects/"),
) -> None:
    """Load patent transfers, licences and pledges (one row per event); parties resolve to existing organisations."""
    from graph.ingest.transactions import TransactionLoader
    from graph.writer import GraphWriter

    with runtime() as rt:
        rejects = rejects or _default_rejects(rt.settings.data_dir, "transactions")
        report = TransactionLoader(GraphWriter(rt.driver, rt.database), rejects_path=rejects).load(paths)
    console.print(
        f"{report.events:,} events {dict(report.by_kind)}, {len(report.rejects):,} rejected"
        + (f" (see {rejects})" if report.rejects else "")
        + f"; {report.patents_flagged:,} patents flagged; {len(report.new_organizations):,} new organisations; "
        f"{len(report.unknown_patents):,} patents not in the graph (kept as stubs); {report.seconds:.1f}s"
    )
    for reject in report.rejects[:20]:
        err.print(f"{reject.file}:{reject.line}: {reject.reason}")
    for failed in report.failed_files:
        err.print(f"[red]not loaded:[/] {failed['error']}")
    if report.failed_files:
        raise typer.Exit(1)


@app.command()
def consortia(paths: list[Path] = typer.Argument(..., exists=True, help="declared consortia (YAML or CSV)")) -> None:
    """Load declared consortia, cultivation centres, patent pools and IP alliances; unknown members are reported."""
    from graph.ingest.consortia import ConsortiumLoader
    from graph.writer import GraphWriter

    with runtime() as rt:
        try:
            report = ConsortiumLoader(GraphWriter(rt.driver, rt.database)).load(paths)
        except ValueError as exc:  # a file that is not a consortium declaration at all: one line, named
            err.print(f"[red]error:[/] {exc}")
            raise typer.Exit(1) from exc
    console.print(f"{report.consortia:,} consortia, {report.members:,} members linked")
    for unknown in report.unknown_members:
        err.print(f"[yellow]unknown member[/] {unknown.__dict__}")
    for reject in [*report.unknown_chains, *report.rejects]:
        err.print(f"{reject.file}:{reject.line}: {reject.reason}")
    if report.unknown_members or report.rejects or report.unknown_chains:
        raise typer.Exit(1)

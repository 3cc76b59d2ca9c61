"""`innograph demo`: synthetic Jiangsu data, and the one-command demo on the local database."""

from __future__ import annotations

from pathlib import Path

import typer

from innograph.cli.common import console, err, runtime

app = typer.Typer(help="Generate demo data; load it and serve the API.", no_args_is_help=True)

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


@app.command()
def generate(
    patents: int = typer.Option(10_000, "--patents", min=1, help="rows to generate (1M works; ~70 s)"),
    seed: int = typer.Option(1, "--seed", help="same seed, same file"),
    out: Path = typer.Option(None, "--out", help="CSV path; default DATA_DIR/demo/jiangsu-<N>-<seed>.csv"),
) -> None:
    """Write a synthetic CNIPA-style Chinese CSV for Jiangsu (13 cities, real universities, generated firms)."""
    from demo_data.patents import generate_cnipa_csv
    from core.settings import get_settings

    path = out or _demo_csv(get_settings().data_dir, patents, seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    summary = generate_cnipa_csv(path, patents, seed)
    console.print(
        f"{summary.rows:,} patents -> {path} in {summary.seconds:.1f}s: {summary.applicants:,} applicants, "
        f"{summary.co_applied:,} co-applied, types {dict(summary.patent_types)}"
    )


def _demo_csv(data_dir: Path, patents: int, seed: int) -> Path:
    return data_dir / "demo" / f"jiangsu-{patents}-{seed}.csv"


@app.command()
def run(
    patents: int = typer.Option(10_000, "--patents", min=100, help="synthetic patents to load"),
    seed: int = typer.Option(1, "--seed"),
    serve: bool = typer.Option(True, help="serve the API when the data is loaded"),
    host: str = typer.Option("127.0.0.1", help="address to serve on"),
    port: int = typer.Option(8000, help="port to serve on"),
) -> None:
    """Start the local database, load the demo data (idempotent), then serve the API."""
    from demo_data.patents import generate_cnipa_csv
    from graph.ingest.ipc import load_ipc_titles
    from graph.ingest.pipeline import ingest_patent_files
    from graph.writer import GraphWriter
    from innograph.cli.ingest import _print_patent_report, _progress, patent_progress, print_chains
    from core.settings import get_settings

    from graph.connection import choose_backend
    from innograph.cli.db import backend_line

    settings = get_settings()
    console.print(backend_line(choose_backend(settings)), highlight=False)  # the first line: which and why
    csv_path = _demo_csv(settings.data_dir, patents, seed)
    if not csv_path.exists():
        csv_path.parent.mkdir(parents=True, exist_ok=True)
        summary = generate_cnipa_csv(csv_path, patents, seed)
        console.print(f"generated {summary.rows:,} synthetic Jiangsu patents in {summary.seconds:.1f}s")
    shared = SHARED.resolve() if SHARED.is_dir() else None
    if shared is None:
        err.print("../shared is not beside the checkout: loading synthetic data only")
    with runtime() as rt:
        console.print(f"graph: {rt.target.description} at {rt.target.uri}, database {rt.database}")
        writer = GraphWriter(rt.driver, rt.database)
        if shared is not None and not _ipc_loaded(rt):
            with _progress() as progress:
                task = progress.add_task("IPC hierarchy (once)", total=None)
                summary, _ = load_ipc_titles(writer, shared / "data/ipc/ipc-titles-en.tsv",
                                             on_rows=lambda n: progress.advance(task, n))
            console.print(f"IPC hierarchy: {summary.rows:,} classes in {summary.seconds:.1f}s")
        files = [csv_path]
        if shared is not None:
            files += [shared / "data/patentsview-jiangsu/mentions.jsonl", *sorted((shared / "data/uspto-xml").glob("*.XML"))]
        rejects = settings.data_dir / "rejects" / "demo.jsonl"
        rejects.parent.mkdir(parents=True, exist_ok=True)
        rejects.unlink(missing_ok=True)
        with patent_progress() as advance:
            done = ingest_patent_files(writer, files, batch_size=settings.batch_size, rejects_path=rejects,
                                       on_records=advance, skip_loaded=True)
        if done.chains and done.chains_written:
            print_chains(done.chains, done.chains_written)
        _print_patent_report(done.patents)
        if shared is not None:
            _load_policies(rt, shared / "corpus/policies", done.chains)
    if serve:
        _serve(host, port)


def _ipc_loaded(rt) -> bool:  # noqa: ANN001
    from cypher.catalog import statement

    records, _, _ = rt.driver.execute_query(statement("ingest/ipc_title_count"), database_=rt.database)
    return records[0]["n"] > 70_000


def _load_policies(rt, folder: Path, chains) -> None:  # noqa: ANN001
    from graph.ingest.policies import PolicyLoader
    from graph.writer import GraphWriter
    from innograph.cli.ingest import _print_policy_report

    with err.status("extracting policies (measures, targets, organisations)..."):
        report = PolicyLoader(GraphWriter(rt.driver, rt.database), chains=chains).load([folder])
    _print_policy_report(report)


def _serve(host: str, port: int) -> None:
    """Serve the API for the local demo: loopback only, so API keys are not needed (reader role)."""
    import uvicorn

    from api.app import create_app, is_loopback
    from core.settings import get_settings

    if not is_loopback(host):
        err.print(f"the demo serves without API keys, so only on a loopback address, not {host!r}; "
                  "use `innograph serve` with keys to expose the API")
        raise typer.Exit(2)
    settings = get_settings().model_copy(update={"auth": False, "api_warm_caches": True})
    console.print(f"serving the demo: http://{host}:{port}/ui  (GraphQL: http://{host}:{port}/graphql) — Ctrl-C stops")
    uvicorn.run(create_app(settings), host=host, port=port, workers=1, log_level="warning")

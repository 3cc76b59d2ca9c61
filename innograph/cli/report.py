"""`innograph report chain`: the patent navigation report (产业专利导航) of a chain for a region."""

from __future__ import annotations

from pathlib import Path

import typer

from innograph.cli.common import console, err, runtime

app = typer.Typer(help="Reports computed from the graph (HTML or PDF).", no_args_is_help=True)


@app.command()
def chain(
    chain: str = typer.Argument(..., help="chain key, id or name (humanoid-robots, chain:...)"),
    region: str = typer.Option(..., "--region", help="province, city, code or Region id (CN-JS, 江苏, Suzhou)"),
    benchmark: str | None = typer.Option(None, "--benchmark", help="outside (default), all, or a region"),
    from_year: int | None = typer.Option(None, "--from", help="first application year (inclusive)"),
    to_year: int | None = typer.Option(None, "--to", help="last application year (inclusive)"),
    lang: str = typer.Option("en", "--lang", help="en or zh"),
    format: str = typer.Option("html", "--format", help="html or pdf"),
    out: Path | None = typer.Option(None, "--out", help="file to write (default: report-<chain>-<region>.<format>)"),
) -> None:
    """Summary, patent trend, the chain with gap scores, segments, transfer, consortia, policy and targets,
    and a methods appendix. Bad arguments: one error naming the argument, no file written, exit 2."""
    from report import PdfUnavailable, ReportArgs, ReportError, gather, render

    args = ReportArgs(chain, region, benchmark, from_year, to_year, lang, format)
    try:
        args.check()  # before the database starts: a typo costs nothing
        with runtime() as rt:
            report = gather(rt.driver, rt.database, args)
        data = render(report)
    except ReportError as exc:
        err.print(f"[bold red]error:[/] --{exc.argument}: {exc}", markup=True, highlight=False)
        raise typer.Exit(2) from None
    except PdfUnavailable as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
        raise typer.Exit(1) from None
    target = out or Path(f"report-{report.gap.chain.get('key') or 'chain'}-{report.gap.region.code or 'region'}.{format}")
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)  # whole or not at all
    console.print(f"wrote {target} ({len(data):,} bytes)")

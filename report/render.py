"""The report as HTML (Jinja2, `templates/chain_report.html.j2`) or PDF (headless Chromium prints the
HTML to A4 with page numbers in its footer).

Every number a reader might check is in an element with `data-figure="<name>"` (e.g.
`segment:<key>:region_patents`), so tests and tools read the figures back from the HTML.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from report.findings import findings
from report.gather import Report
from report.svg import chain_svg, trend_svg

PDF_TIMEOUT_S = 120
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


class PdfUnavailable(RuntimeError):
    """No headless browser to print the PDF with (or it failed)."""


@cache
def strings() -> dict[str, dict[str, Any]]:
    text = resources.files("report").joinpath("strings.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("report", "templates"),
                              autoescape=jinja2.select_autoescape(["html", "j2"]),
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _finding_text(words: dict[str, Any], lang: str, code: str, params: dict[str, Any]) -> str:
    template = words["finding"][code]
    values = dict(params)
    if code == "flag_position":
        plural = params["count"] != 1 or lang == "zh"
        values["flag"] = (words["flag_plural"] if plural else words["flag_names"])[params["flag"]]
        values["position"] = words["positions"][params["position"]]
        values["segments"] = ", ".join(params["segments"])
    if code == "largest_gap":
        values["name"] = (params["name_zh"] if lang == "zh" else params["name_en"]) or params["segment"]
    return template.format(**values)


SECTIONS = ("summary", "trend", "chain", "segments", "inventors", "transfer", "consortia", "policy", "methods")


def _name(lang: str, zh: str | None, en: str | None, fallback: str) -> str:
    return (zh if lang == "zh" else en) or en or zh or fallback


def context(report: Report, toc_pages: dict[str, int] | None = None) -> dict[str, Any]:
    """Everything the template shows, already in the report's language; `toc_pages` are the sections'
    page numbers for the table of contents (known only once the PDF has been printed)."""
    lang = report.args.lang
    words = strings()[lang]
    gap = report.gap
    region = _name(lang, gap.region.name_zh, gap.region.name, gap.region.id)
    chain = _name(lang, gap.chain.get("name_zh"), gap.chain.get("name_en"), str(gap.chain["id"]))
    if gap.benchmark is not None:
        bench = _name(lang, gap.benchmark.name_zh, gap.benchmark.name, gap.benchmark.id)
    elif gap.benchmark_kind == "all":
        bench = words["all_patents"]
    else:
        bench = words["outside_region"].format(region=region)
    window = (f"{report.args.from_year or '…'}–{report.args.to_year or '…'}"
              if report.args.from_year or report.args.to_year else words["all_years"])
    found = findings(report)
    rules = sorted({"notes" if code.startswith("note_") else code.removesuffix("_none") for code, _ in found})
    segment_names = {s.id: _name(lang, s.name_zh, s.name_en, s.key) for s in gap.segments}
    segment_keys = {s.key: segment_names[s.id] for s in gap.segments}
    shows_patentsview = any("patentsview" in str(s.get("format") or "").lower() for s in report.sources)
    return {
        "w": words, "lang": lang, "report": report, "gap": gap, "chain": chain, "region": region,
        "benchmark": bench, "window": window,
        "findings": [(code, _finding_text(words, lang, code, params)) for code, params in found],
        "rules": [(code, words["rule"][code]) for code in rules],
        "chain_svg": chain_svg(gap, lang, words["positions"]),
        "trend_svg": trend_svg(report.trend, (region, bench)),
        "segment_names": segment_names,
        "segment_keys": segment_keys,
        "definitions": [(words["definition_names"].get(k, k), k, text) for k, text in sorted(gaps_definitions().items())],
        "shows_patentsview": shows_patentsview,
        "flag_names": words["flag_names"],
        "toc": [(key, words[key]) for key in SECTIONS],
        "toc_pages": dict(toc_pages or {}),
    }


def gaps_definitions() -> dict[str, str]:
    from graph.gaps import DEFINITIONS

    return dict(DEFINITIONS)


def render_html(report: Report, toc_pages: dict[str, int] | None = None) -> str:
    return _environment().get_template("chain_report.html.j2").render(**context(report, toc_pages))


def chromium() -> str | None:
    """The headless browser that prints PDFs, if one is installed."""
    return next((p for p in map(shutil.which, CHROMIUM) if p), None)


def html_to_pdf(html: str) -> bytes:
    """A4 PDF of `html` by headless Chromium; its footer carries the page numbers (`@page` in the CSS
    sets the margins). Raises PdfUnavailable when no browser is installed or printing fails."""
    browser = chromium()
    if browser is None:
        raise PdfUnavailable("no Chromium to print the PDF with: install Debian's chromium "
                             "(bash scripts/bootstrap.sh does, as root), or use --format html")
    with tempfile.TemporaryDirectory(prefix="innograph-report-") as tmp:
        source, target = Path(tmp) / "report.html", Path(tmp) / "report.pdf"
        source.write_text(html, encoding="utf-8")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--user-data-dir={tmp}/profile", f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"Chromium did not print the PDF within {PDF_TIMEOUT_S}s") from None
        if done.returncode != 0 or not target.is_file():
            raise PdfUnavailable(f"Chromium failed to print the PDF: {done.stderr.decode(errors='replace')[-300:]}")
        return target.read_bytes()


def section_pages(pdf: bytes) -> dict[str, int]:
    """The page (from 1) each section starts on, from the named destinations Chromium writes for the
    elements with an id (the sections' ids are those of SECTIONS)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    pages = {}
    for name, destination in (reader.named_destinations or {}).items():
        key = str(name).lstrip("/")
        if key in SECTIONS:
            pages[key] = reader.get_destination_page_number(destination) + 1
    return pages


def render(report: Report) -> bytes:
    """The report in its format: UTF-8 HTML or PDF bytes. A PDF is printed twice: the first print tells
    the page each section starts on, the second carries those numbers in its table of contents (the
    contents page breaks after itself, so the numbers cannot move what follows)."""
    html = render_html(report)
    if report.args.format != "pdf":
        return html.encode("utf-8")
    first = html_to_pdf(html)
    pages = section_pages(first)
    return html_to_pdf(render_html(report, pages)) if pages else first

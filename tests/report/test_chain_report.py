"""The patent navigation report: built from a graph the shipped loaders wrote, its HTML figures read
back with html.parser equal what the GraphQL API answers for the same arguments; bad arguments are one
error naming the argument, with no file written (CLI) and a 400 JSON (REST)."""

from __future__ import annotations

import importlib
from html.parser import HTMLParser

import pytest

from innograph.cli import report as report_cli
from report import ReportArgs, ReportError, gather, render_html
from tests.api.conftest import running, settings_of
from tests.planner.loaded_graph import demo_fixtures

render_module = importlib.import_module("report.render")  # the module (the package exports its render function)
ASYNC = pytest.mark.asyncio(loop_scope="session")
CHAIN, REGION = "humanoid-robots", "CN-JS"


class Figures(HTMLParser):
    """`data-figure` name -> its `data-value`, else its text; plus the sections' empty markers."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, str] = {}
        self.empty: set[str] = set()
        self.consortia: dict[int, list[str]] = {}
        self.inventors: list[str] = []  # data-inventor ids in table order
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("data-empty"):
            self.empty.add(str(a["data-empty"]))
        if a.get("data-inventor"):
            self.inventors.append(str(a["data-inventor"]))
        if a.get("data-consortium"):
            self.consortia[int(a["data-consortium"])] = str(a.get("data-members") or "").split(",")
        if a.get("data-figure"):
            if a.get("data-value") is not None:
                self.figures[str(a["data-figure"])] = str(a["data-value"])
            else:
                self._open.append((str(a["data-figure"]), []))

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._open:
            name, parts = self._open.pop()
            self.figures[name] = "".join(parts).strip()


def parse(html: str) -> Figures:
    parser = Figures()
    parser.feed(html)
    return parser


def number(text: str) -> float | None:
    return None if text == "–" else float(text)


demo, api, cli = demo_fixtures("report", {"report": report_cli.app})


GAPS = """query($c: ID!, $r: String!, $from: Int, $to: Int) {
  chainGaps(chainId: $c, region: $r, from: $from, to: $to) {
    chainId regionChainPatents benchmarkChainPatents growthYears
    segments { key gapScore flags share shareRatio externalShare
      region { patents inventions valid highValue growth }
      benchmark { patents }
      topHoldersInRegion { organizationId patents } topHoldersOutside { organizationId patents } }
  }
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
@ASYNC
async def test_report_figures_equal_the_graphql_answers(api, graph, demo, lang):
    report = gather(graph.driver, graph.database, ReportArgs(CHAIN, REGION, lang=lang))
    html = render_html(report)
    got = parse(html)
    gaps = (await api.data(GAPS, {"c": CHAIN, "r": REGION}))["chainGaps"]
    assert got.figures["region_chain_patents"] == str(gaps["regionChainPatents"])
    assert gaps["regionChainPatents"] > 0  # the demo's Jiangsu patents: a test that can fail
    assert got.figures["benchmark_chain_patents"] == str(gaps["benchmarkChainPatents"])
    assert len(gaps["segments"]) >= 3
    for s in gaps["segments"]:
        f = f"segment:{s['key']}:"
        assert int(got.figures[f + "region_patents"]) == s["region"]["patents"]
        assert int(got.figures[f + "inventions"]) == s["region"]["inventions"]
        assert int(got.figures[f + "valid"]) == s["region"]["valid"]
        assert int(got.figures[f + "high_value"]) == s["region"]["highValue"]
        assert int(got.figures[f + "benchmark_patents"]) == s["benchmark"]["patents"]
        assert number(got.figures[f + "gap_score"]) == pytest.approx(s["gapScore"], abs=5e-5)
        assert number(got.figures[f + "share"]) == pytest.approx(s["share"], abs=5e-5)
        assert number(got.figures[f + "external_share"]) == pytest.approx(s["externalShare"], abs=5e-5)
        ratio = number(got.figures[f + "share_ratio"])
        assert (ratio is None) == (s["shareRatio"] is None)
        if ratio is not None:
            assert ratio == pytest.approx(s["shareRatio"], abs=5e-5)
        assert got.figures[f + "flags"] == ",".join(s["flags"])
        for h in s["topHoldersInRegion"]:
            assert got.figures[f"{f}holder_in:{h['organizationId']}"] == str(h["patents"])
        for h in s["topHoldersOutside"]:
            assert got.figures[f"{f}holder_out:{h['organizationId']}"] == str(h["patents"])

    # the trend: one chainGaps per year of the growth window
    first, last = gaps["growthYears"]
    for year in (first, last):
        one = (await api.data(GAPS, {"c": CHAIN, "r": REGION, "from": year, "to": year}))["chainGaps"]
        assert got.figures[f"trend:{year}:region"] == str(one["regionChainPatents"])
        assert got.figures[f"trend:{year}:benchmark"] == str(one["benchmarkChainPatents"])

    # key inventors: the saved query over REST with the report's parameters, row for row
    params = {"chain": gaps["chainId"], "region": REGION, "limit": 10}
    answer = await api.http.post("/queries/key_inventors_of_chain", json=params)
    assert answer.status_code == 200, answer.text
    inventors = answer.json()["rows"]
    assert inventors and inventors[0]["patents"] >= 2  # the demo's inventors: a test that can fail
    assert got.inventors == [i["inventor_id"] for i in inventors]
    for i in inventors:
        f = f"inventor:{i['inventor_id']}:"
        assert int(got.figures[f + "patents"]) == i["patents"]
        assert int(got.figures[f + "team_size"]) == i["team_size"]
        assert got.figures[f + "team"] == "|".join(i["team"])
        assert got.figures[f + "segments"] == ",".join(sorted(i["segments"]))
    assert 'data-method="saved query key_inventors_of_chain' in html

    # consortium candidates: the same members in the same order, the same totals
    cands = (await api.data(
        'query($c: ID!, $r: String) { consortiumCandidates(chainId: $c, region: $r) { rank total memberIds } }',
        {"c": CHAIN, "r": REGION}))["consortiumCandidates"]
    if cands:
        assert {c["rank"]: c["memberIds"] for c in cands} == got.consortia
        for c in cands:
            assert number(got.figures[f"consortium:{c['rank']}:total"]) == pytest.approx(c["total"], abs=5e-5)
    else:
        assert "consortia" in got.empty

    # transfer matches of each local firm
    firms = sorted({k.split(" ")[1] for k in got.figures if k.startswith("transfer ")})
    for firm in firms:
        matches = (await api.data('query($o: ID!) { transferMatches(organizationId: $o, limit: 3) { patentId score } }',
                                  {"o": firm}))["transferMatches"]
        shown = {k.split(" ")[2]: number(v) for k, v in got.figures.items() if k.startswith(f"transfer {firm} ")}
        assert shown == pytest.approx({m["patentId"]: m["score"] for m in matches}, abs=5e-5)
    if not firms:
        assert "transfer" in got.empty

    # targets: every one shown has the progress GraphQL gives it
    for key, value in got.figures.items():
        if key.startswith("target:") and key.endswith(":current"):
            target = key.split(":", 1)[1].rsplit(":", 1)[0]
            progress = (await api.data('query($t: ID!) { targetProgress(targetId: $t) { current } }',
                                       {"t": target}))["targetProgress"]
            assert number(value) == pytest.approx(progress["current"], abs=0.05)

    toc = [a.split('"')[0] for a in html.split('<a href="#')[1:]]
    assert toc == list(render_module.SECTIONS) and all(f'<section id="{k}">' in html for k in toc)
    assert "<script" not in html and 'src="http' not in html and 'href="http' not in html  # nothing from a CDN
    assert 'data-finding="share"' in html and 'data-method="GraphQL chainGaps"' in html


@ASYNC
async def test_rest_serves_the_same_report(api, demo):
    answer = await api.http.get(f"/reports/chain/{CHAIN}", params={"region": REGION, "lang": "zh"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    got = parse(answer.text)
    gaps = (await api.data(GAPS, {"c": CHAIN, "r": REGION}))["chainGaps"]
    assert got.figures["region_chain_patents"] == str(gaps["regionChainPatents"])
    assert "产业专利导航报告" in answer.text


@ASYNC
async def test_a_report_past_its_wait_is_a_503_and_goes_on_computing(demo, graph, tmp_path):
    """A report longer than INNOGRAPH_REPORT_TIMEOUT_S (a cold 100k report: ~1 min) is a 503 saying to
    ask again, with Retry-After; the computation goes on, so the answer is there when asked again."""
    async with running(settings_of(graph, tmp_path, report_timeout_s=0.001)) as (app, http):
        answer = await http.get(f"/reports/chain/{CHAIN}", params={"region": REGION})
        assert answer.status_code == 503 and answer.headers["retry-after"] == "30"
        error = answer.json()["error"]
        assert error["code"] == "REPORT_PENDING" and "INNOGRAPH_REPORT_TIMEOUT_S" in error["message"]
        pending = list(app.state.reports_in_flight.values())
        assert len(pending) == 1
        again = await http.get(f"/reports/chain/{CHAIN}", params={"region": REGION, "lang": "en"})
        assert again.status_code == 503 and list(app.state.reports_in_flight.values()) == pending  # joined
        report = await pending[0]
        assert report.gap.region_chain_patents > 0 and not app.state.reports_in_flight


@pytest.mark.parametrize(("params", "argument"), [
    ({"region": REGION, "from": "2020", "to": "2010"}, "from"),
    ({"region": REGION, "from": "1850", "to": "1860"}, "from"),  # a window holding none of the chain's patents
    ({"region": REGION, "to": "1850"}, "to"),
    ({"region": "Atlantis"}, "region"),
    ({"region": REGION, "lang": "fr"}, "lang"),
    ({"region": REGION, "format": "docx"}, "format"),
])
@ASYNC
async def test_rest_bad_arguments_are_a_400_naming_them(api, demo, params, argument):
    answer = await api.http.get(f"/reports/chain/{CHAIN}", params=params)
    assert answer.status_code == 400
    assert answer.json()["error"]["argument"] == argument


@ASYNC
async def test_an_unknown_chain_suggests_chain_names(api, demo, graph):
    answer = await api.http.get("/reports/chain/humanoid-robot", params={"region": REGION})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["argument"] == "chain" and "humanoid-robots" in error["suggestions"]
    with pytest.raises(ReportError) as raised:
        gather(graph.driver, graph.database, ReportArgs("humanoid-robot", REGION))
    assert raised.value.argument == "chain"


def test_cli_writes_the_report_and_refuses_bad_arguments(cli, demo, tmp_path):
    out = tmp_path / "r.html"
    done = cli("report", "chain", CHAIN, "--region", REGION, "--lang", "en", "--out", str(out))
    assert done.exit_code == 0, done.stderr
    assert 'data-figure="region_chain_patents"' in out.read_text(encoding="utf-8")
    for extra, argument in ((["--from", "2020", "--to", "2010"], "--from"), (["--lang", "fr"], "--lang"),
                            (["--from", "1850", "--to", "1860"], "--from")):
        bad = tmp_path / "bad.html"
        done = cli("report", "chain", CHAIN, "--region", REGION, *extra, "--out", str(bad))
        assert done.exit_code == 2 and argument in done.stderr and not bad.exists()
    bad = tmp_path / "bad.html"
    done = cli("report", "chain", "no-such-chain", "--region", REGION, "--out", str(bad))
    assert done.exit_code == 2 and "--chain" in done.stderr and not bad.exists()
    done = cli("report", "chain", CHAIN, "--region", "Atlantis", "--out", str(bad))
    assert done.exit_code == 2 and "--region" in done.stderr and not bad.exists()


@pytest.mark.skipif(render_module.chromium() is None, reason="no Chromium to print PDFs (bootstrap installs it as root)")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pdf_is_a4_with_page_numbers(graph, demo, lang, tmp_path):
    import io
    import os
    import shutil
    import subprocess

    from pypdf import PdfReader

    report = gather(graph.driver, graph.database, ReportArgs(CHAIN, REGION, lang=lang, format="pdf"))
    pdf = render_module.render(report)
    assert pdf.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert abs(width - 595) < 3 and abs(height - 842) < 3  # A4 in points
    last = pages[-1].extract_text() or ""
    assert f"{len(pages)} / {len(pages)}" in last.replace("\n", " ")  # the footer's "page N / N"
    starts = render_module.section_pages(pdf)  # where each section's anchor lands in the printed PDF
    assert set(starts) == set(render_module.SECTIONS) and starts["summary"] >= 2
    assert list(starts.values()) == sorted(starts.values())  # in the order of the contents
    contents = pages[starts["summary"] - 2].extract_text() or ""  # the page before the first section
    # the floated page numbers come out one a line, in list order (the footer's "N / M" is on a line of its own)
    printed = [int(x) for x in contents.splitlines() if x.strip().isdigit()]
    assert printed == [starts[key] for key in render_module.SECTIONS], (printed, starts)
    shots = os.environ.get("INNOGRAPH_REPORT_SCREENSHOTS")  # e.g. bench/screenshots, to look at the pages
    if shots and shutil.which("pdftoppm"):
        (tmp_path / "r.pdf").write_bytes(pdf)
        os.makedirs(shots, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "r.pdf"), str(tmp_path / "p")], check=True)
        for page in sorted(tmp_path.glob("p-*.png")):
            number = int(page.stem.rsplit("-", 1)[1])
            shutil.move(page, f"{shots}/report-{lang}-p{number:02d}.png")


def test_both_languages_have_every_word():
    """Every label the template or the findings use exists in both languages (and is text)."""
    words = render_module.strings()

    def keys(tree: dict, prefix: str = "") -> set[str]:
        out = set()
        for key, value in tree.items():
            assert isinstance(key, str), f"{prefix}{key!r} is not a string key (YAML reads yes/no as booleans)"
            out |= keys(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key}
        return out

    assert keys(words["en"]) == keys(words["zh"])
    for code in ("gaps", "trend", "inventors", "consortia", "transfer", "targets", "target", "sources"):
        assert code in words["zh"]["method_names"]


def test_an_empty_year_window_is_refused_naming_the_years_that_hold_patents(graph, demo):
    with pytest.raises(ReportError) as raised:
        gather(graph.driver, graph.database, ReportArgs(CHAIN, REGION, from_year=1850, to_year=1860))
    assert raised.value.argument == "from"
    message = str(raised.value)
    assert "1850–1860 holds no patent" in message
    first, last = (int(y) for y in message.rsplit("from ", 1)[1].split("–"))
    report = gather(graph.driver, graph.database, ReportArgs(CHAIN, REGION, from_year=first, to_year=first))
    assert report.gap.region_chain_patents + report.gap.benchmark_chain_patents > 0  # the years named hold patents
    assert 1860 < first <= last

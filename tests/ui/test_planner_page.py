"""The page as a planner reads it (issue 16, item 8), in headless Chromium against the real API.

Chinese mode names places and patent types in Chinese; the partner graph's labels never overlap;
the paths view says how to use it before a search; counts carry their unit in the right number and
scores one format; a consortium's coverage is a members x segments matrix whose cells open their
evidence patents. Expected values come from GraphQL answers and from the region gazetteer, never
from the page itself.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
import yaml

from tests.ui.conftest import REPO, Server, screenshot
from tests.ui.test_views import CHAINS, two_hop_pair, wait_graph

pytestmark = pytest.mark.db

PATENT_TYPES_ZH = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
ORGS = """{ organizations(filter: {region: "Jiangsu"}, first: 100) { nodes {
  id name kind city province patentCount partners(first: 20) { sharedPatents organization { id name } } } } }"""


@cache
def gazetteer() -> dict[str, str]:
    """English names as pinyin spells them -> Chinese, read from the region data itself."""
    data = yaml.safe_load((REPO / "extract" / "data" / "regions_cn.yaml").read_text(encoding="utf-8"))
    names = {}
    for place in data["provinces"] + data["cities"]:
        if place.get("pinyin"):
            names["".join(place["pinyin"].split()).title()] = place["zh"]
    return names


def jiangsu_orgs(server: Server) -> list[dict]:
    return server.gql(ORGS)["organizations"]["nodes"]


def set_lang(page, lang: str) -> None:
    page.evaluate("(l) => localStorage.setItem('innograph.lang', l)", lang)


def figure(page, label: str) -> str:
    """The value beside `label` in the organisation's figures."""
    return page.evaluate("""(label) => { const dt = [...document.querySelectorAll('[data-testid=org-page] .figures dt')]
        .find(d => d.innerText.trim() === label); return dt ? dt.nextElementSibling.innerText.trim() : null; }""", label)


def settled(page) -> None:
    """Two animation frames: the graphs fit (and place their labels) on the next frame."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def test_chinese_mode_names_places_and_patent_types_in_chinese(page, server: Server):
    org = next(o for o in jiangsu_orgs(server) if o["city"] in gazetteer() and o["patentCount"])
    patents = server.gql("""query($id: ID!) { organization(id: $id) { patents(first: 20) { nodes { number type } } } }""",
                         {"id": org["id"]})["organization"]["patents"]["nodes"]
    set_lang(page, "zh")
    page.goto(f"{server.url}/ui/#/org/{org['id']}")
    page.reload()
    page.wait_for_selector("[data-testid=org-page]")
    city, province = gazetteer()[org["city"]], gazetteer()[org["province"]]
    assert (figure(page, "城市"), figure(page, "省份"), figure(page, "地区")) == (city, province, city)
    assert figure(page, "国家") == "中国"
    rows = page.locator("[data-testid=org-patents] tbody tr")
    assert rows.count() == len(patents)
    for i, patent in enumerate(patents):
        cells = rows.nth(i).locator("td").all_inner_texts()
        assert cells[0] == patent["number"] and cells[3] == PATENT_TYPES_ZH[patent["type"]], cells
    # the search suggestions name the city in Chinese too
    page.fill("[data-testid=global-input]", org["name"])
    hit = page.locator(f"[data-testid=global-results] li[data-id='{org['id']}']")
    hit.wait_for(timeout=15_000)
    assert city in hit.inner_text() and org["city"] not in hit.inner_text()
    screenshot(page, "organisation-zh")


def test_partner_graph_labels_do_not_overlap(page, server: Server):
    org = max(jiangsu_orgs(server), key=lambda o: (len(o["partners"]), o["id"]))
    assert len(org["partners"]) >= 3, "the synthetic data should give some organisation several partners"
    for lang in ("en", "zh"):
        set_lang(page, lang)
        page.goto(f"{server.url}/ui/#/org/{org['id']}")
        page.reload()
        wait_graph(page, "[data-testid=partner-graph]")
        settled(page)
        drawn = page.evaluate("""() => {
            const cy = document.querySelector('[data-testid=partner-graph]').__cy;
            const shown = cy.nodes().filter(n => n.style('label') !== '' && n.data('label'));
            return { zoom: cy.zoom(), font: parseFloat(cy.nodes()[0].style('font-size')), nodes: cy.nodes().length,
              labels: shown.map(n => ({ id: n.id(), box: n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }) })),
              bodies: cy.nodes().map(n => ({ id: n.id(), box: n.boundingBox({ includeLabels: false }) })) }; }""")
        assert drawn["nodes"] == 1 + len(org["partners"])
        boxes = drawn["labels"]

        def overlap(a: dict, b: dict) -> bool:
            return a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]

        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not overlap(a["box"], b["box"]), f"labels of {a['id']} and {b['id']} overlap ({lang})"
            for body in drawn["bodies"]:
                if body["id"] != a["id"]:
                    assert not overlap(a["box"], body["box"]), f"the label of {a['id']} covers node {body['id']} ({lang})"
        # readable: most partners keep their label, drawn at a legible size
        assert len(boxes) >= min(len(org["partners"]), 10) + 1
        assert drawn["zoom"] * drawn["font"] >= 9, drawn["zoom"]
    screenshot(page, "organisation-partners-zh")


def test_paths_view_explains_itself_before_a_search(page, server: Server):
    for lang, words in (("en", ("From", "To", "Find")), ("zh", ("起点", "终点", "查找"))):
        set_lang(page, lang)
        page.goto(f"{server.url}/ui/#/paths")
        page.reload()
        hint = page.locator("[data-testid=paths-hint]")
        hint.wait_for(timeout=15_000)
        text = hint.inner_text()
        assert all(w in text for w in words), text
        assert page.locator("[data-testid=path]").count() == 0
    screenshot(page, "paths-hint-zh")


def test_counts_carry_their_unit_and_scores_one_format(page, server: Server):
    # a path of one hop says "1 hop"
    org = next(o for o in jiangsu_orgs(server) if o["partners"])
    partner = org["partners"][0]["organization"]
    set_lang(page, "en")
    page.goto(f"{server.url}/ui/#/paths")
    page.reload()
    for end, node in (("from", org), ("to", partner)):
        page.fill(f"[data-testid={end}-input]", node["name"])
        page.locator(f"[data-testid={end}-results] li[data-id='{node['id']}']").click()
    page.click("[data-testid=paths-find]")
    page.wait_for_selector("[data-testid=paths][data-count]", timeout=60_000)
    header = page.locator("[data-testid=path] header").first.inner_text()
    assert re.search(r"\b1 hop\b", header) and "1 hops" not in header, header
    assert re.search(r"distance \d+\.\d\d\b", header), header
    # one shared patent is "1 shared patent"
    single = next(o for o in jiangsu_orgs(server) if any(p["sharedPatents"] == 1 for p in o["partners"]))
    page.goto(f"{server.url}/ui/#/org/{single['id']}")
    page.wait_for_selector("[data-testid=partners] li")
    partners = page.locator("[data-testid=partners]").inner_text()
    assert re.search(r"\b1 shared patent\b", partners) and "1 shared patents" not in partners, partners
    # every gap score on the chain is written with two decimals, on the nodes and in the panel
    page.goto(f"{server.url}/ui/#/chain")
    page.wait_for_selector("[data-testid=chain-graph][data-gaps=yes]", timeout=60_000)
    wait_graph(page, "[data-testid=chain-graph]")
    labels = page.evaluate("() => document.querySelector('[data-testid=chain-graph]').__cy.nodes('.segment').map(n => n.data('label'))")
    for label in labels:
        assert re.search(r"Gap score (\d\.\d\d|–)$", label), label
    first = page.evaluate("() => document.querySelector('[data-testid=chain-graph]').__cy.nodes('.segment')[0].id()")
    page.evaluate("(id) => document.querySelector('[data-testid=chain-graph]').__cy.getElementById(id).emit('tap')", first)
    page.wait_for_function("(id) => document.querySelector('[data-testid=segment-panel]').dataset.segmentId === id", arg=first)
    figures = page.locator("[data-testid=segment-figures]").inner_text()
    assert re.search(r"Gap score\s+\d\.\d\d\b", figures), figures
    # the consortium's total, parts and weights alike
    page.goto(f"{server.url}/ui/#/consortium")
    page.wait_for_selector("[data-testid=candidates][data-count]", timeout=60_000)
    card = page.locator("[data-testid=candidate]").first
    assert re.search(r"Total \d\.\d\d\b", card.locator("header").inner_text())
    for value in card.locator("[data-testid=score-parts] .part-value").all_inner_texts():
        assert re.fullmatch(r"\d\.\d\d ×\d\.\d\d", value), value


EVIDENCE = """query($org: ID!, $seg: ID!) { patents(filter: {organizationId: $org, segmentId: $seg}, first: 10) {
  totalCount nodes { number } } }"""


def test_consortium_coverage_is_a_members_by_segments_matrix(page, server: Server):
    chain_id = server.gql("{ chains { id } }")["chains"][0]["id"]
    expected = server.gql("""query($c: ID!) { consortiumCandidates(chainId: $c, region: "Jiangsu", size: 4, limit: 5) {
        members { organizationId } coverage { segmentId covered evidence { organizationId patentCount } } } }""",
                          {"c": chain_id})["consortiumCandidates"][0]
    segments = server.gql("query($c: ID!) { chain(id: $c) { segments { id } } }", {"c": chain_id})["chain"]["segments"]
    for lang in ("zh", "en"):
        set_lang(page, lang)
        page.goto(f"{server.url}/ui/#/consortium")
        page.reload()
        page.wait_for_selector("[data-testid=candidates][data-count]", timeout=60_000)
        matrix = page.locator("[data-testid=candidate]").first.locator("[data-testid=coverage-matrix]")
        rows = matrix.locator("tbody tr")
        assert [rows.nth(i).get_attribute("data-org-id") for i in range(rows.count())] == \
            [m["organizationId"] for m in expected["members"]]
        columns = matrix.locator("[data-testid=coverage-segment]")
        assert sorted(columns.nth(i).get_attribute("data-segment-id") for i in range(columns.count())) == \
            sorted(s["id"] for s in segments)
        cells = {(c["orgId"], c["segmentId"]): int(c["count"]) for c in matrix.locator("[data-testid=coverage-cell]").evaluate_all(
            "els => els.map(e => ({ orgId: e.dataset.orgId, segmentId: e.dataset.segmentId, count: e.dataset.count }))")}
        want = {(e["organizationId"], c["segmentId"]): e["patentCount"] for c in expected["coverage"] for e in c["evidence"]}
        assert cells == want
        uncovered = {c["segmentId"] for c in expected["coverage"] if not c["covered"]}
        heads = matrix.locator("[data-testid=coverage-segment].uncovered")
        assert {heads.nth(i).get_attribute("data-segment-id") for i in range(heads.count())} == uncovered
    # a click on the fullest cell shows its evidence: the member's patents in that segment (here in English)
    (org_id, seg_id), n = max(want.items(), key=lambda kv: (kv[1], kv[0]))
    page_of = server.gql(EVIDENCE, {"org": org_id, "seg": seg_id})["patents"]
    assert page_of["totalCount"] == n
    for lang in ("en", "zh"):
        if lang == "zh":
            page.click("[data-testid=lang-switch]")
            page.wait_for_selector("[data-testid=candidates][data-count]", timeout=60_000)
        page.locator(f"[data-testid=coverage-cell][data-org-id='{org_id}'][data-segment-id='{seg_id}']").first.click()
        evidence = page.locator("[data-testid=candidate]").first.locator("[data-testid=coverage-evidence]")
        evidence.locator("[data-testid=evidence-patents]").wait_for(timeout=30_000)
        title = evidence.locator("[data-testid=evidence-title]").inner_text()
        assert (f"{n:,} patent" if lang == "en" else f"{n:,} 件专利") in title, title
        listed = evidence.locator("[data-testid=evidence-patents] li").all_inner_texts()
        assert [item.split(" · ")[0] for item in listed] == [p["number"] for p in page_of["nodes"]]
        screenshot(page, f"consortium-matrix-{lang}")


BENCH = """query($c: ID!, $r: String!, $b: String) { chainGaps(chainId: $c, region: $r, benchmark: $b) {
  benchmarkKind benchmarkOverlap benchmarkChainPatents regionChainPatents noteCodes } }"""


def test_benchmark_choices_say_what_they_compare_and_warn_when_it_is_the_region(page, server: Server):
    """The default compares with everything outside the region; "all patents" is offered as such and,
    where it is mostly the region itself, the page says so in the page's language (issue 16, item 6)."""
    chain = server.gql(CHAINS)["chains"][0]["id"]
    default = server.gql(BENCH, {"c": chain, "r": "Jiangsu"})["chainGaps"]
    everything = server.gql(BENCH, {"c": chain, "r": "Jiangsu", "b": "all"})["chainGaps"]
    assert default["benchmarkKind"] == "outside" and everything["benchmarkKind"] == "all"
    page.goto(f"{server.url}/ui/#/chain")
    page.wait_for_selector("[data-testid=chain-graph][data-gaps=yes]", timeout=60_000)
    summary = page.locator("[data-testid=gap-summary]").inner_text()
    assert "outside the region" in summary and f"{default['benchmarkChainPatents']:,}" in summary
    page.select_option("[data-testid=benchmark-select]", "all")
    page.wait_for_function("() => (document.querySelector('[data-testid=gap-summary]') || {}).innerText?.includes('all patents')",
                           timeout=60_000)
    assert f"{everything['benchmarkChainPatents']:,}" in page.locator("[data-testid=gap-summary]").inner_text()
    notes = page.locator("[data-testid=gap-note]")
    assert notes.count() == len(everything["noteCodes"])
    if "benchmark_overlaps_region" in everything["noteCodes"]:
        assert f"{round(100 * everything['benchmarkOverlap'])}%" in notes.first.inner_text()
        set_lang(page, "zh")
        page.reload()
        page.wait_for_selector("[data-testid=chain-graph][data-gaps=yes]", timeout=60_000)
        page.select_option("[data-testid=benchmark-select]", "all")
        page.wait_for_function("() => (document.querySelector('[data-testid=gap-summary]') || {}).innerText?.includes('全部专利')",
                               timeout=60_000)
        assert "属于本地区" in page.locator("[data-testid=gap-note]").first.inner_text()

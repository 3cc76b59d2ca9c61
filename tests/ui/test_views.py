"""The web UI at /ui against a real API and database, in headless Chromium.

Each view must render data that the API returns (checked against GraphQL answers, not hard-coded),
a click on a segment must show its figures, the search must find an organisation, a path must be
drawn, and GraphiQL must load from local files only.
"""

from __future__ import annotations

import re

import httpx
import pytest

from tests.ui.conftest import Server, screenshot

pytestmark = pytest.mark.db

CHAINS = "{ chains { id nameEn segments { id nameEn position patentCount } feeds { source { id } } } }"


def wait_graph(page, selector: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        """(sel) => { const el = document.querySelector(sel); return el && el.__cy && el.__cy.nodes().length > 0; }""",
        arg=selector, timeout=timeout)


def node_screen_position(page, selector: str, node_id: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    pos = page.evaluate(
        """([sel, id]) => { const cy = document.querySelector(sel).__cy; const p = cy.getElementById(id).renderedPosition();
           return [p.x, p.y]; }""", [selector, node_id])
    return box["x"] + pos[0], box["y"] + pos[1]


def two_hop_pair(server: Server) -> tuple[dict, dict]:
    """Two Jiangsu organisations two hops apart (a partner of a partner), for the path view."""
    orgs = server.gql("{ organizations(filter: {region: \"Jiangsu\"}, first: 30) { nodes { id name partners { organization { id name } } } } }")["organizations"]["nodes"]
    for a in orgs:
        direct = {p["organization"]["id"] for p in a["partners"]}
        for p in a["partners"]:
            far = server.gql("query($id: ID!) { organization(id: $id) { partners { organization { id name } } } }",
                             {"id": p["organization"]["id"]})["organization"]["partners"]
            for q in far:
                if q["organization"]["id"] not in direct | {a["id"]}:
                    return {"id": a["id"], "name": a["name"]}, q["organization"]
    raise AssertionError("the synthetic data has no two-hop collaboration")


def schema_fields(server: Server) -> set[str]:
    data = server.gql("{ __schema { queryType { fields { name } } } }")
    return {f["name"] for f in data["__schema"]["queryType"]["fields"]}


def test_ui_is_served_with_local_assets(server: Server):
    r = httpx.get(f"{server.url}/ui", follow_redirects=True)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "./assets/app.js" in r.text
    assert not re.search(r"https?://", r.text), "the page must not load anything from another host"
    js = httpx.get(f"{server.url}/ui/assets/app.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert httpx.get(f"{server.url}/ui/assets/../../../pyproject.toml").status_code == 404
    assert httpx.get(f"{server.url}/ui/assets/nothing.js").status_code == 404


def test_graphiql_loads_offline(browser, server: Server):
    page = browser.new_page()
    hosts: set[str] = set()
    page.on("request", lambda req: hosts.add(httpx.URL(req.url).host))
    page.goto(f"{server.url}/graphql", wait_until="networkidle")
    page.wait_for_selector(".graphiql-container .graphiql-editors", timeout=30_000)
    html = httpx.get(f"{server.url}/graphql", headers={"Accept": "text/html"}).text
    assert "unpkg.com" not in html and "/ui/graphiql/graphiql.min.js" in html
    assert hosts <= {"127.0.0.1"}, f"GraphiQL fetched from other hosts: {hosts}"
    # with the key the /ui app stored, GraphiQL sends it and its schema introspection succeeds
    page.evaluate("([k]) => { localStorage.setItem('innograph.apiKey', k); localStorage.removeItem('graphiql:headers'); }", [server.key])
    with page.expect_response(lambda r: r.url.endswith("/graphql") and r.request.method == "POST"
                              and "IntrospectionQuery" in (r.request.post_data or ""), timeout=30_000) as answer:
        page.reload()
    assert answer.value.status == 200 and "__schema" in answer.value.text()
    assert answer.value.request.headers.get("authorization") == f"Bearer {server.key}"
    screenshot(page, "graphiql")
    page.close()


def test_chain_view_renders_segments_and_feeds(page, server: Server):
    chain = server.gql(CHAINS)["chains"][0]
    page.goto(f"{server.url}/ui/#/chain")
    wait_graph(page, "[data-testid=chain-graph]")
    graph = page.locator("[data-testid=chain-graph]")
    assert graph.get_attribute("data-segments") == str(len(chain["segments"]))
    drawn = page.evaluate("""() => { const cy = document.querySelector('[data-testid=chain-graph]').__cy;
        return { segs: cy.nodes('.segment').map(n => n.id()), feeds: cy.edges('.feeds').length,
                 cols: cy.nodes('.column').map(n => n.id()),
                 xs: Object.fromEntries(cy.nodes('.segment').map(n => [n.id(), n.position('x')])) }; }""")
    assert set(drawn["segs"]) == {s["id"] for s in chain["segments"]}
    assert drawn["feeds"] == len(chain["feeds"]) > 0
    assert drawn["cols"][:3] == ["col-upstream", "col-midstream", "col-downstream"]
    # columns by position: every upstream segment left of every midstream one, left of downstream
    by_pos = {p: [drawn["xs"][s["id"]] for s in chain["segments"] if s["position"] == p]
              for p in ("upstream", "midstream", "downstream")}
    assert max(by_pos["upstream"]) < min(by_pos["midstream"]) and max(by_pos["midstream"]) < min(by_pos["downstream"])
    # the region and benchmark selectors exist; the region one lists Jiangsu and its cities
    options = page.locator("[data-testid=region-select] option").all_inner_texts()
    assert any("Jiangsu" in o for o in options) and "Suzhou" in options and "Nanjing" in options
    assert page.locator("[data-testid=benchmark-select]").count() == 1
    screenshot(page, "chain")


def test_click_on_a_segment_shows_its_figures(page, server: Server):
    chain = server.gql(CHAINS)["chains"][0]
    segment = max(chain["segments"], key=lambda s: s["patentCount"])
    page.goto(f"{server.url}/ui/#/chain")
    wait_graph(page, "[data-testid=chain-graph]")
    x, y = node_screen_position(page, "[data-testid=chain-graph]", segment["id"])
    page.mouse.move(x, y)
    page.wait_for_selector("[data-testid=tooltip]:not([hidden])")
    assert segment["nameEn"] in page.locator("[data-testid=tooltip]").inner_text()
    page.mouse.click(x, y)
    panel = page.locator("[data-testid=segment-panel]")
    page.wait_for_function("(id) => document.querySelector('[data-testid=segment-panel]').dataset.segmentId === id",
                           arg=segment["id"])
    assert panel.locator("[data-testid=segment-name]").inner_text() == segment["nameEn"]
    figures = panel.locator("[data-testid=segment-figures]").inner_text()
    assert "Patent count" in figures and f"{segment['patentCount']:,}" in figures
    page.wait_for_selector("[data-testid=segment-panel] .patent-list li")
    assert panel.locator(".patent-list li").count() >= 1
    screenshot(page, "chain-segment")


GAPS = """query($c: ID!, $r: String!) { chainGaps(chainId: $c, region: $r) {
  regionChainPatents segments { segmentId nameEn gapScore regionPatents topHoldersInRegion { organizationId name } } } }"""


def test_chain_view_colours_segments_by_gap_score(page, server: Server):
    if "chainGaps" not in schema_fields(server):
        pytest.skip("the API does not offer chainGaps yet")
    chain = server.gql(CHAINS)["chains"][0]
    report = server.gql(GAPS, {"c": chain["id"], "r": "Jiangsu"})["chainGaps"]
    page.goto(f"{server.url}/ui/#/chain")
    page.wait_for_selector("[data-testid=chain-graph][data-gaps=yes]", timeout=60_000)
    wait_graph(page, "[data-testid=chain-graph]")
    assert f"{report['regionChainPatents']:,}" in page.locator("[data-testid=gap-summary]").inner_text()
    drawn = page.evaluate("""() => Object.fromEntries(document.querySelector('[data-testid=chain-graph]').__cy
        .nodes('.segment').map(n => [n.id(), [n.data('colour'), n.data('gapScore')]]))""")
    for row in report["segments"]:
        assert drawn[row["segmentId"]][1] == pytest.approx(row["gapScore"])
    assert len({colour for colour, _ in drawn.values()}) > 1  # coloured by the score, not one colour
    worst = max(report["segments"], key=lambda r: (r["gapScore"], r["segmentId"]))
    best = min(report["segments"], key=lambda r: (r["gapScore"], r["segmentId"]))
    # hover and click the strongest segment: its figures, and its top holders in the region as links
    x, y = node_screen_position(page, "[data-testid=chain-graph]", best["segmentId"])
    page.mouse.move(x, y)
    page.wait_for_selector("[data-testid=tooltip]:not([hidden])")
    assert "Gap score" in page.locator("[data-testid=tooltip]").inner_text()
    page.mouse.click(x, y)
    page.wait_for_function("(id) => document.querySelector('[data-testid=segment-panel]').dataset.segmentId === id",
                           arg=best["segmentId"])
    text = page.locator("[data-testid=segment-figures]").inner_text()
    assert "Gap score" in text and "region patents" in text and str(best["regionPatents"]) in text
    if best["topHoldersInRegion"]:
        holders = page.locator("[data-testid=holders-in] a.org-link")
        assert holders.first.inner_text() == best["topHoldersInRegion"][0]["name"]
    screenshot(page, "chain-gaps")
    # another region redraws the report
    page.select_option("[data-testid=region-select]", "Suzhou")
    page.wait_for_function("() => (document.querySelector('[data-testid=gap-summary]') || {}).innerText?.includes('Suzhou')",
                           timeout=60_000)
    assert worst["segmentId"] in drawn


def test_language_switch_shows_chinese_labels(page, server: Server):
    chain = server.gql("{ chains { segments { nameZh } } }")["chains"][0]
    page.goto(f"{server.url}/ui/#/chain")
    wait_graph(page, "[data-testid=chain-graph]")
    page.click("[data-testid=lang-switch]")
    page.wait_for_function("() => document.documentElement.lang === 'zh-CN'")
    wait_graph(page, "[data-testid=chain-graph]")
    assert page.locator("[data-testid=nav-chain]").inner_text() == "产业链"
    labels = page.evaluate("() => document.querySelector('[data-testid=chain-graph]').__cy.nodes('.segment').map(n => n.data('label'))")
    assert any(s["nameZh"] in " ".join(labels) for s in chain["segments"])
    screenshot(page, "chain-zh")
    page.click("[data-testid=lang-switch]")
    page.wait_for_function("() => document.documentElement.lang === 'en'")


def test_api_key_form_and_missing_key(browser, server: Server):
    page = browser.new_page()
    page.goto(f"{server.url}/ui/")
    page.evaluate("() => localStorage.removeItem('innograph.apiKey')")
    page.reload()
    page.wait_for_selector(".message.error")
    assert "API key" in page.locator(".message.error").first.inner_text()
    page.fill("[data-testid=api-key]", server.key)
    page.locator(".key-form button[type=submit]").click()
    wait_graph(page, "[data-testid=chain-graph]")
    assert page.evaluate("() => localStorage.getItem('innograph.apiKey')") == server.key
    page.close()


def test_demo_mode_needs_no_key(browser, local_server: str):
    page = browser.new_page()
    page.goto(f"{local_server}/ui/")
    page.evaluate("() => localStorage.removeItem('innograph.apiKey')")
    page.reload()
    wait_graph(page, "[data-testid=chain-graph]")
    assert page.locator(".message.error").count() == 0
    page.close()


def test_search_finds_an_organisation_and_opens_its_page(page, server: Server):
    org = server.gql("{ organizations(filter: {region: \"Jiangsu\"}, first: 1) { nodes { id name aliases partners { organization { id } } } } }")["organizations"]["nodes"][0]
    page.goto(f"{server.url}/ui/#/chain")
    page.fill("[data-testid=global-input]", org["name"][:4])
    hit = page.locator(f"[data-testid=global-results] li[data-id='{org['id']}']")
    hit.wait_for(timeout=15_000)
    assert org["name"] in hit.inner_text()
    hit.click()
    page.wait_for_selector("[data-testid=org-page]")
    assert page.locator("[data-testid=org-name]").inner_text().startswith(org["name"])
    assert page.locator("[data-testid=org-patents] tbody tr").count() >= 1
    assert page.locator("[data-testid=partners] li").count() == len(org["partners"][:20])
    screenshot(page, "organisation")


def test_organisation_page_is_reached_by_clicking(page, server: Server):
    chain = server.gql(CHAINS)["chains"][0]
    segment = max(chain["segments"], key=lambda s: s["patentCount"])
    page.goto(f"{server.url}/ui/#/chain")
    wait_graph(page, "[data-testid=chain-graph]")
    page.evaluate("(id) => document.querySelector('[data-testid=chain-graph]').__cy.getElementById(id).emit('tap') && true", segment["id"])
    link = page.locator("[data-testid=segment-panel] a.org-link").first
    link.wait_for(timeout=15_000)
    name, org_id = link.inner_text(), link.get_attribute("data-org-id")
    link.click()
    page.wait_for_selector(f"[data-testid=org-page][data-org-id='{org_id}']")
    assert page.locator("[data-testid=org-name]").inner_text().startswith(name)
    assert page.locator("[data-testid=org-aliases]").count() == 1


def test_consortium_view_ranks_candidates(page, server: Server):
    if "consortiumCandidates" not in schema_fields(server):
        pytest.skip("the API does not offer consortiumCandidates yet")
    page.goto(f"{server.url}/ui/#/consortium")
    page.wait_for_selector("[data-testid=candidates][data-count], [data-testid=candidates] .message.error", timeout=60_000)
    cards = page.locator("[data-testid=candidate]")
    assert cards.count() >= 1, page.locator("[data-testid=candidates]").inner_text()
    first = cards.first
    assert first.get_attribute("data-rank") == "1"
    assert first.locator("[data-testid=score-parts] .part").count() == 6
    assert first.locator(".members li").count() >= 3
    expected = server.gql("""query($c: ID!) { consortiumCandidates(chainId: $c, region: "Jiangsu", size: 4, limit: 5) {
        rank total members { organization { name } } } }""",
                          {"c": page.locator("[data-testid=cons-chain-select]").input_value()})["consortiumCandidates"]
    assert cards.count() == len(expected)
    assert f"{expected[0]['total']:.2f}" in first.locator("header").inner_text()
    names = first.locator(".members li a.org-link").all_inner_texts()
    assert names == [m["organization"]["name"] for m in expected[0]["members"]]
    # coverage is drawn as a members x segments matrix (tests/ui/test_planner_page.py checks its cells)
    matrix = first.locator("[data-testid=coverage-matrix]")
    assert matrix.locator("tbody tr").count() == len(names)
    assert first.locator("[data-testid=coverage-cell]").count() >= 1
    screenshot(page, "consortium")
    page.click("[data-testid=lang-switch]")
    page.wait_for_selector("[data-testid=candidates][data-count]", timeout=60_000)
    assert "总分" in page.locator("[data-testid=candidate] header").first.inner_text()
    screenshot(page, "consortium-zh")


def test_path_view_draws_a_path_with_evidence(page, server: Server):
    if "collaborationPaths" not in schema_fields(server):
        pytest.skip("the API does not offer collaborationPaths yet")
    pair = two_hop_pair(server)
    page.goto(f"{server.url}/ui/#/paths")
    for end, org in zip(("from", "to"), pair):
        page.fill(f"[data-testid={end}-input]", org["name"])
        page.locator(f"[data-testid={end}-results] li[data-id='{org['id']}']").click()
    page.click("[data-testid=paths-find]")
    page.wait_for_selector("[data-testid=paths][data-count], [data-testid=paths] .message.error", timeout=60_000)
    assert page.locator("[data-testid=path]").count() >= 1, page.locator("[data-testid=paths]").inner_text()
    wait_graph(page, "[data-testid=path-graph]")
    assert int(page.locator("[data-testid=path-graph]").get_attribute("data-nodes")) >= 3
    evidence = page.locator("[data-testid=path] [data-testid=evidence] li")
    assert evidence.count() >= 1
    assert "CN" in evidence.first.inner_text()  # the evidence patent's number, from the API
    expected = server.gql("query($a: ID!, $b: ID!) { collaborationPaths(fromId: $a, toId: $b) { hopCount } }",
                          {"a": pair[0]["id"], "b": pair[1]["id"]})["collaborationPaths"]
    assert page.locator("[data-testid=path]").count() == len(expected)
    screenshot(page, "paths")
    # the same paths in Chinese (the view keeps both ends and searches again)
    page.click("[data-testid=lang-switch]")
    page.wait_for_function("() => document.documentElement.lang === 'zh-CN'")
    page.wait_for_selector("[data-testid=paths][data-count]", timeout=60_000)
    wait_graph(page, "[data-testid=path-graph]")
    assert "跳" in page.locator("[data-testid=path] header").first.inner_text()
    screenshot(page, "paths-zh")

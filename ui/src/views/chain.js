// Chain view: segments in columns upstream -> midstream -> downstream, FEEDS edges, coloured by gap score.
import { gql, has } from "../api.js";
import { t, pick, getLang, count, score, patentTypeLabel } from "../i18n.js";
import { REGIONS } from "../regions.js";
import { h, clear, select, fmt, figures, gapColour, countColour, errorBox, message, orgLink } from "../dom.js";
import { makeGraph, fitSoon } from "../graphs.js";
import { loadGaps, gapBenchmarks } from "../gaps.js";

const POSITIONS = ["upstream", "midstream", "downstream"];
const COL_WIDTH = 270;
const ROW_HEIGHT = 84;

const CHAINS = `query UiChains { chains { id nameZh nameEn } }`;
const CHAIN = `query UiChain($id: ID!) { chain(id: $id) {
  id nameZh nameEn version
  segments { id key nameZh nameEn position patentCount ipc keywordsZh keywordsEn }
  feeds { source { id } target { id } }
} }`;
const SEGMENT_PATENTS = `query UiSegmentPatents($id: ID!) {
  patents(filter: {segmentId: $id}, first: 8) { nodes { id number title year type applicants { id name kind } } }
}`;

export const state = { chainId: null, region: "Jiangsu", benchmark: "", from: null, to: null };

export async function chainOptions() {
  const data = await gql(CHAINS);
  return data.chains.map((c) => ({ value: c.id, label: pick(c) }));
}

export function regionOptions(withAll = false) {
  const zh = getLang() === "zh";
  const list = REGIONS.map((r) => ({ value: r.value, label: zh ? r.zh : r.en }));
  return withAll ? [{ value: "", label: t("allRegions") }, ...list] : list;
}

export function layoutSegments(segments, feeds = []) {
  const columns = new Map();
  for (const s of segments) {
    const pos = POSITIONS.includes(s.position) ? s.position : "other";
    if (!columns.has(pos)) columns.set(pos, []);
    columns.get(pos).push(s);
  }
  const order = [...POSITIONS, "other"].filter((p) => columns.has(p));
  // fewer crossings: order each column by the mean row of its neighbours in the previous column
  // (a few sweeps left-to-right and back of the barycentre heuristic)
  const rowOf = new Map();
  const setRows = () => order.forEach((pos) => columns.get(pos).forEach((s, i) => rowOf.set(s.id, i)));
  setRows();
  const preds = new Map(segments.map((s) => [s.id, []]));
  const succs = new Map(segments.map((s) => [s.id, []]));
  for (const f of feeds) {
    if (preds.has(f.target.id) && succs.has(f.source.id)) { preds.get(f.target.id).push(f.source.id); succs.get(f.source.id).push(f.target.id); }
  }
  const colOf = new Map();
  order.forEach((pos, c) => columns.get(pos).forEach((s) => colOf.set(s.id, c)));
  const sweep = (c, neighbours, side) => {
    const items = columns.get(order[c]);
    const key = (s) => {
      const ns = neighbours.get(s.id).filter((n) => colOf.get(n) === c + side);
      return ns.length ? ns.reduce((a, n) => a + rowOf.get(n), 0) / ns.length : rowOf.get(s.id);
    };
    const keys = new Map(items.map((s) => [s.id, key(s)]));
    items.sort((a, b) => keys.get(a.id) - keys.get(b.id) || rowOf.get(a.id) - rowOf.get(b.id));
    setRows();
  };
  for (let round = 0; round < 3; round++) {
    for (let c = 1; c < order.length; c++) sweep(c, preds, -1);
    for (let c = order.length - 2; c >= 0; c--) sweep(c, succs, +1);
  }
  const placed = new Map();
  order.forEach((pos, col) => {
    const items = columns.get(pos);
    items.forEach((s, row) => placed.set(s.id, { x: col * COL_WIDTH, y: (row - (items.length - 1) / 2) * ROW_HEIGHT, pos, col }));
  });
  return { placed, order };
}

export async function render(root) {
  clear(root, message("info", t("loading")));
  let chains;
  try { chains = await chainOptions(); } catch (err) { clear(root, errorBox(err)); return; }
  if (!chains.length) { clear(root, message("info", t("notFound"))); return; }
  if (!state.chainId || !chains.some((c) => c.value === state.chainId)) state.chainId = chains[0].value;

  const benchmarks = gapBenchmarks();
  if (benchmarks.length && !benchmarks.some((b) => b.value === state.benchmark)) state.benchmark = benchmarks[0].value;
  const yearInput = (testid, value) => h("input", { type: "number", min: 1980, max: 2100, step: 1, placeholder: "—",
    value: value ?? "", "data-testid": testid, disabled: !benchmarks.length });
  const fromInput = yearInput("from-year", state.from);
  const toInput = yearInput("to-year", state.to);

  const chainSel = select(chains, state.chainId, { "data-testid": "chain-select", "aria-label": t("chain") });
  const regionSel = select(regionOptions(), state.region, { "data-testid": "region-select", "aria-label": t("region") });
  const benchSel = benchmarks.length
    ? select(benchmarks, state.benchmark, { "data-testid": "benchmark-select", "aria-label": t("benchmark") })
    : select([{ value: "", label: "–" }], "", { "data-testid": "benchmark-select", disabled: true });
  const graphBox = h("div", { class: "graph chain-graph", "data-testid": "chain-graph" });
  const panel = h("aside", { class: "side-panel", "data-testid": "segment-panel" }, message("info", t("clickSegment")));
  const legend = h("div", { class: "legend", "data-testid": "chain-legend" });
  const status = h("div", { class: "status" });
  // the report of what the page shows, as the API's /reports route renders it (same figures)
  const reportLink = h("a", { class: "button", target: "_blank", rel: "noopener", "data-testid": "chain-report" },
    t("navReport"));
  const reportHref = () => {
    const q = new URLSearchParams({ region: regionSel.value, lang: getLang() === "zh" ? "zh" : "en", format: "pdf" });
    if (benchSel.value) q.set("benchmark", benchSel.value);
    if (fromInput.value) q.set("from", fromInput.value);
    if (toInput.value) q.set("to", toInput.value);
    reportLink.href = `/reports/chain/${encodeURIComponent(chainSel.value)}?${q}`;
  };

  clear(root,
    h("div", { class: "toolbar" },
      h("label", {}, t("chain"), " ", chainSel),
      h("label", {}, t("region"), " ", regionSel),
      h("label", {}, t("benchmark"), " ", benchSel),
      h("label", {}, t("years"), " ", fromInput, "–", toInput), reportLink),
    status,
    h("div", { class: "split" }, h("div", { class: "graph-wrap" }, graphBox, legend), panel));

  const reload = () => {
    state.chainId = chainSel.value; state.region = regionSel.value; state.benchmark = benchSel.value || "";
    state.from = fromInput.value ? Number(fromInput.value) : null; state.to = toInput.value ? Number(toInput.value) : null;
    reportHref();
    draw(graphBox, panel, legend, status);
  };
  for (const el of [chainSel, regionSel, benchSel, fromInput, toInput]) el.addEventListener("change", reload);
  reportHref();
  await draw(graphBox, panel, legend, status);
}

async function draw(graphBox, panel, legend, status) {
  clear(status, message("info", t("loading")));
  let chain, gaps, gapError = null;
  try {
    [chain, gaps] = await Promise.all([
      gql(CHAIN, { id: state.chainId }).then((d) => d.chain),
      has("chainGaps")
        ? loadGaps(state.chainId, state.region, state.benchmark, state.from, state.to).catch((err) => { gapError = err; return null; })
        : Promise.resolve(null),
    ]);
  } catch (err) { clear(status, errorBox(err)); return; }
  // without a gap report (an old server, or a region the data does not know) the chain is still drawn
  if (gapError) clear(status, errorBox(gapError));
  else if (!gaps) clear(status, message("info", t("gapsMissing")));
  else clear(status, summary(gaps.report));
  panel.replaceChildren(message("info", t("clickSegment")));
  document.getElementById("tooltip").hidden = true;
  delete panel.dataset.segmentId;

  const { placed, order } = layoutSegments(chain.segments, chain.feeds);
  const maxCount = Math.max(1, ...chain.segments.map((s) => s.patentCount || 0));
  const elements = [];
  for (const pos of order) elements.push({ group: "nodes", data: { id: `col-${pos}`, label: t(pos) }, classes: "column", selectable: false, grabbable: false });
  for (const s of chain.segments) {
    const gap = gaps?.bySegment.get(s.id) || gaps?.bySegment.get(s.key);
    const colour = gaps ? gapColour(gap?.score) : countColour(s.patentCount || 0, maxCount);
    const p = placed.get(s.id);
    const figure = gaps ? `${t("gapScore")} ${score(gap?.score)}` : count(s.patentCount ?? 0, "patent");
    const dark = gaps ? gap?.score !== null && gap?.score !== undefined : (s.patentCount || 0) / maxCount > 0.55;
    elements.push({ group: "nodes", data: { id: s.id, parent: `col-${p.pos}`, label: `${pick(s)}\n${figure}`, colour, text: dark ? "#fff" : "#1d2733",
      gapScore: gap?.score ?? null, patentCount: s.patentCount }, position: { x: p.x, y: p.y }, classes: "segment" });
  }
  for (const f of chain.feeds) {
    if (!placed.has(f.source.id) || !placed.has(f.target.id)) continue;
    const a = placed.get(f.source.id), b = placed.get(f.target.id);
    // FEEDS within one column bend out to the side instead of running through the boxes between
    const sameCol = a.col === b.col;
    elements.push({ group: "edges", data: { id: `feed-${f.source.id}-${f.target.id}`, source: f.source.id, target: f.target.id,
      bend: sameCol ? Math.min(170, 55 + 22 * Math.abs(a.y - b.y) / ROW_HEIGHT) * (a.y < b.y ? -1 : 1) : 0 },
      classes: sameCol ? "feeds same-column" : "feeds" });
  }
  graphBox.__cy?.destroy();
  const cy = makeGraph(graphBox, elements);
  graphBox.dataset.segments = String(chain.segments.length);
  graphBox.dataset.feeds = String(chain.feeds.length);
  graphBox.dataset.gaps = gaps ? "yes" : "no";
  fitSoon(cy, 30);

  clear(legend, gaps ? t("colourGap") : t("colourPatents"),
    h("span", { class: "legend-scale" }, [0, 0.25, 0.5, 0.75, 1].map((v) =>
      h("span", { class: "legend-swatch", style: { background: gaps ? gapColour(v) : countColour(v * maxCount, maxCount) } }))));

  const bySeg = new Map(chain.segments.map((s) => [s.id, s]));
  const tooltip = document.getElementById("tooltip");
  cy.on("mouseover", "node.segment", (ev) => {
    const s = bySeg.get(ev.target.id());
    const gap = gaps?.bySegment.get(s.id) || gaps?.bySegment.get(s.key);
    ev.target.addClass("hover");
    clear(tooltip, h("strong", {}, pick(s)), h("br"), `${t("patentCount")}: ${fmt(s.patentCount)}`,
      gap ? [h("br"), `${t("gapScore")}: ${score(gap.score)}`] : "");
    tooltip.hidden = false;
    tooltip.dataset.segmentId = s.id;
  });
  cy.on("mousemove", "node.segment", (ev) => {
    const e = ev.originalEvent;
    tooltip.style.left = `${e.clientX + 14}px`;
    tooltip.style.top = `${e.clientY + 14}px`;
  });
  cy.on("mouseout", "node.segment", (ev) => { ev.target.removeClass("hover"); tooltip.hidden = true; });
  cy.on("tap", "node.segment", (ev) => showSegment(panel, bySeg.get(ev.target.id()), gaps));
}

function benchmarkName(r, name) {
  if (r.benchmark) return name(r.benchmark);
  return r.benchmarkKind === "all" ? t("allPatents") : `${name(r.region)} · ${t("outsideRegion")}`;
}

// The report's notes (a benchmark that is mostly the region, too few patents) said in the page's
// language from the report's own figures; the API's English text where a code is unknown.
const NOTES = {
  en: {
    benchmark_overlaps_region: (r, b) => `${Math.round(100 * r.benchmarkOverlap)}% of the benchmark's patents (${b}) are the region's own, so few gaps can show: compare with everything outside the region or with another region.`,
    few_benchmark_patents: (r, b) => `The benchmark (${b}) holds only ${count(r.benchmarkChainPatents, "patent")} of this chain: its shares and growth are noisy.`,
    few_region_patents: (r) => `The region holds only ${count(r.regionChainPatents, "patent")} of this chain.`,
  },
  zh: {
    benchmark_overlaps_region: (r, b) => `对标（${b}）的专利中有 ${Math.round(100 * r.benchmarkOverlap)}% 属于本地区，二者占比难有差别，缺口不易显现：请改与区外专利或其他地区对标。`,
    few_benchmark_patents: (r, b) => `对标（${b}）在本产业链只有 ${count(r.benchmarkChainPatents, "patent")}，占比和增长波动较大。`,
    few_region_patents: (r) => `本地区在本产业链只有 ${count(r.regionChainPatents, "patent")}。`,
  },
};

function summary(r) {
  const zh = getLang() === "zh";
  const name = (g) => (zh ? g.nameZh || g.name : g.name || g.nameZh);
  const bench = benchmarkName(r, name);
  const years = r.fromYear || r.toYear ? ` · ${t("years")} ${r.fromYear ?? "…"}–${r.toYear ?? "…"}` : "";
  const notes = (r.noteCodes || []).map((code, i) => NOTES[getLang()][code]?.(r, bench) || (r.notes || [])[i]).filter(Boolean);
  return h("div", {},
    h("div", { class: "message info", "data-testid": "gap-summary" },
      `${t("region")}: ${name(r.region)} (${count(r.regionChainPatents, "patent")}) · ${t("benchmark")}: ${bench} (${count(r.benchmarkChainPatents, "patent")})${years}`),
    ...notes.map((n) => h("div", { class: "message warn", "data-testid": "gap-note" }, n)));
}

async function showSegment(panel, s, gaps) {
  const gap = gaps?.bySegment.get(s.id) || gaps?.bySegment.get(s.key);
  const keywords = getLang() === "zh" ? s.keywordsZh : s.keywordsEn;
  const list = h("div", {}, message("info", t("loading")));
  clear(panel,
    h("h2", { "data-testid": "segment-name" }, pick(s)),
    h("div", { class: "muted" }, s.key || s.id),
    h("h3", {}, t("figures")),
    figures([
      [t("position"), t(s.position || "other")],
      [t("patentCount"), s.patentCount],
      ...(gap ? gap.figures : []),
      [t("ipc"), s.ipc],
      [t("keywords"), (keywords || []).slice(0, 12)],
    ], { "data-testid": "segment-figures" }),
    gap?.extra || "",
    h("h3", {}, t("recentPatents")), list);
  panel.dataset.segmentId = s.id;
  try {
    const data = await gql(SEGMENT_PATENTS, { id: s.id });
    const nodes = data.patents.nodes;
    clear(list, nodes.length ? h("ul", { class: "patent-list" }, nodes.map((p) => h("li", {},
      h("span", { class: "muted" }, `${p.number || ""} · ${p.year ?? ""} · ${patentTypeLabel(p.type)} `), p.title || "",
      p.applicants.length ? h("div", { class: "applicants" }, p.applicants.map((o, i) => [i ? " · " : "", orgLink(o)])) : "")))
      : message("info", t("none")));
  } catch (err) { clear(list, errorBox(err)); }
}

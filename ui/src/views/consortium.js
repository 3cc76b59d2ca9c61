// Consortium view: ranked candidate consortia for a chain and region; each a small graph of its
// members and the segments they cover, with its score parts.
import { gql, has, fieldType, selectionFor, callField, isSchemaMismatch } from "../api.js";
import { t, pick, partLabel, kindLabel } from "../i18n.js";
import { h, clear, select, fmt, errorBox, message, orgLink, kindBadge, figures } from "../dom.js";
import { makeGraph, fitSoon, KIND_COLOURS } from "../graphs.js";
import { chainOptions, regionOptions } from "./chain.js";
import { field, firstObjectList, asNumber, scalarFigures } from "../report.js";
import { resolve, remember } from "../resolve.js";

const state = { chainId: null, region: "Jiangsu", size: 4 };
const CANDIDATES = `query UiConsortia($chainId: ID!, $region: String, $size: Int, $limit: Int!) {
  consortiumCandidates(chainId: $chainId, region: $region, size: $size, limit: $limit) {
    rank total anchorId community
    parts { name value weight contribution }
    members { organizationId capacity organization { id name kind city province region } }
    coverage { segmentId segmentKey segmentName covered memberIds segment { id key nameZh nameEn position } }
    uncoveredSegments { id key nameZh nameEn }
    ties { aId bId strength coApplications sharedInventors citations }
  }
}`;
const SEGMENTS = `query UiChainSegments($id: ID!) { chain(id: $id) { segments { id key nameZh nameEn position } } }`;
const PART_ORDER = ["coverage", "complementarity", "ties", "capacity", "proximity", "potential"];

export async function render(root) {
  if (!has("consortiumCandidates")) { clear(root, message("info", t("consortiumMissing"))); return; }
  clear(root, message("info", t("loading")));
  let chains;
  try { chains = await chainOptions(); } catch (err) { clear(root, errorBox(err)); return; }
  if (!state.chainId || !chains.some((c) => c.value === state.chainId)) state.chainId = chains[0]?.value;
  const chainSel = select(chains, state.chainId, { "data-testid": "cons-chain-select" });
  const regionSel = select(regionOptions(true), state.region, { "data-testid": "cons-region-select" });
  const sizeSel = select([3, 4, 5, 6, 7, 8].map((n) => ({ value: n, label: String(n) })), state.size, { "data-testid": "cons-size-select" });
  const go = h("button", { type: "submit", "data-testid": "cons-find" }, t("find"));
  const out = h("div", { class: "candidates", "data-testid": "candidates" });
  const form = h("form", { class: "toolbar" },
    h("label", {}, t("chain"), " ", chainSel), h("label", {}, t("region"), " ", regionSel),
    h("label", {}, t("size"), " ", sizeSel), go);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.chainId = chainSel.value; state.region = regionSel.value; state.size = Number(sizeSel.value);
    run(out);
  });
  clear(root, form, out);
  await run(out);
}

function normaliseParts(raw) {
  if (!raw) return [];
  if (Array.isArray(raw)) return raw.map((p) => ({ name: field(p, "name", "part", "key"), value: asNumber(field(p, "value", "score")), weight: asNumber(field(p, "weight")) }));
  if (typeof raw === "object") return Object.entries(raw).filter(([k]) => k !== "__typename").map(([name, v]) =>
    typeof v === "object" && v ? { name, value: asNumber(field(v, "value", "score")), weight: asNumber(field(v, "weight")) } : { name, value: asNumber(v), weight: null });
  return [];
}

function memberObj(m) {
  if (typeof m === "string") return { id: m };
  const org = field(m, "organization", "org");
  const capacity = asNumber(field(m, "capacity"));
  if (org) return capacity === null ? org : { ...org, capacity };
  return { ...m, id: field(m, "organizationId", "id") };
}

async function run(out) {
  delete out.dataset.count;
  clear(out, message("info", t("loading")));
  let result;
  const vars = { chainId: state.chainId, region: state.region || null, size: state.size, limit: 5 };
  try {
    try {
      result = (await gql(CANDIDATES, vars)).consortiumCandidates;
    } catch (err) {
      if (!isSchemaMismatch(err)) throw err;
      // the server's candidate type differs from the one this page was written for: read what it has
      const type = await fieldType("Query", "consortiumCandidates");
      result = await callField("consortiumCandidates", vars, await selectionFor(type?.name || "ConsortiumCandidate", 4));
    }
  } catch (err) { clear(out, errorBox(err)); return; }
  const candidates = firstObjectList(result, ["candidates", "nodes", "items"]);
  if (!candidates.length) { clear(out, message("info", t("noCandidates"))); out.dataset.count = "0"; return; }
  // names for members given as bare ids
  const rawMembers = candidates.flatMap((c) => (field(c, "members", "organizations") || []).map(memberObj));
  rawMembers.forEach(remember);
  const names = await resolve(rawMembers.filter((m) => !m.name).map((m) => m.id)).catch(() => new Map());
  // segment names for ids and keys the result gives bare
  const segments = await gql(SEGMENTS, { id: state.chainId }).then((d) => d.chain.segments).catch(() => []);
  const segNames = new Map(segments.flatMap((s) => [[s.id, s], [s.key, s]]));
  clear(out, candidates.map((c, i) => card(c, i, names, segNames)));
  out.dataset.count = String(candidates.length);
}

function card(c, index, names, segNames) {
  const score = field(c, "score") && typeof field(c, "score") === "object" ? field(c, "score") : c;
  const total = asNumber(field(c, "total", "totalScore")) ?? asNumber(field(score, "total")) ?? asNumber(field(c, "score"));
  const rank = field(c, "rank") ?? index + 1;
  const members = (field(c, "members", "organizations") || []).map(memberObj).map((m) => ({ ...(names.get(m.id) || {}), ...m }));
  const parts = normaliseParts(field(c, "parts", "scoreParts") ?? field(score, "parts", "scoreParts"))
    .sort((a, b) => (PART_ORDER.indexOf(a.name) + 99) % 99 - (PART_ORDER.indexOf(b.name) + 99) % 99);
  const coverage = field(c, "coverage", "segments") ?? field(score, "coverage", "segments") ?? [];
  const uncovered = field(c, "uncoveredSegments", "uncovered") ?? field(score, "uncoveredSegments", "uncovered") ?? [];
  const ties = field(c, "ties") ?? field(score, "ties") ?? [];

  const graphBox = h("div", { class: "graph small-graph", "data-testid": "candidate-graph" });
  const el = h("section", { class: "card candidate", "data-testid": "candidate", dataset: { rank: String(rank) } },
    h("header", {}, h("span", { class: "rank" }, `#${rank}`), " ", h("strong", {}, `${t("total")} ${fmt(total)}`)),
    h("div", { class: "card-body" },
      graphBox,
      h("div", { class: "card-side" },
        h("h4", {}, t("parts")),
        h("div", { class: "parts", "data-testid": "score-parts" }, parts.map((p) => h("div", { class: "part" },
          h("span", { class: "part-name" }, partLabel(p.name)),
          h("span", { class: "bar" }, h("span", { style: { width: `${Math.round(100 * Math.max(0, Math.min(1, p.value ?? 0)))}%` } })),
          h("span", { class: "part-value" }, fmt(p.value), p.weight !== null ? h("span", { class: "muted" }, ` ×${fmt(p.weight)}`) : "")))),
        h("h4", {}, t("members")),
        h("ul", { class: "members" }, members.map((m) => h("li", {}, orgLink({ id: m.id, name: m.name || m.id }), " ", kindBadge(m.kind), m.region || m.city ? h("span", { class: "muted" }, ` ${m.region || m.city}`) : "",
          m.capacity !== undefined && m.capacity !== null ? h("span", { class: "muted" }, ` · ${partLabel("capacity")} ${fmt(m.capacity)}`) : ""))),
        uncovered.length ? h("p", { class: "muted" }, `${t("uncovered")}: ${uncovered.map((u) => pick(typeof u === "string" ? segNames.get(u) || { id: u } : u)).join(", ")}`) : "")));

  requestAnimationFrame(() => drawCandidate(graphBox, members, coverage, ties, segNames));
  return el;
}

function drawCandidate(box, members, coverage, ties, segNames) {
  // two columns: members on the left, the segments they cover on the right (chain order), so labels stay readable
  const ROW = 38;
  const ids = new Set(members.map((m) => m.id));
  const segs = [];
  coverage.forEach((cov, i) => {
    const seg = field(cov, "segment") || {};
    const segId = `segnode-${field(seg, "id") ?? field(cov, "segmentId") ?? i}`;
    const known = segNames.get(field(seg, "id") ?? field(cov, "segmentId")) || segNames.get(field(cov, "segmentKey"));
    const label = pick(seg.nameZh || seg.nameEn ? seg : known) || field(cov, "segmentName", "segmentKey") || segId;
    const covMembers = (field(cov, "memberIds") || field(cov, "members", "organizations") || []).map(memberObj).map((m) => m.id).filter((id) => ids.has(id));
    if (covMembers.length) segs.push({ segId, label, covMembers }); // uncovered segments are listed beside the graph
  });
  const span = Math.max(segs.length, members.length, 2) - 1;
  const elements = [];
  members.forEach((m, i) => elements.push({ group: "nodes", data: { id: m.id, label: m.name || m.id, colour: KIND_COLOURS[m.kind] || KIND_COLOURS.other },
    position: { x: 0, y: members.length > 1 ? (i * span * ROW) / (members.length - 1) : (span * ROW) / 2 }, classes: "org left-label" }));
  segs.forEach((sg, i) => {
    elements.push({ group: "nodes", data: { id: sg.segId, label: sg.label, colour: "#d5ecd4" },
      position: { x: 300, y: segs.length > 1 ? (i * span * ROW) / (segs.length - 1) : (span * ROW) / 2 }, classes: "small-segment" });
    for (const mid of sg.covMembers) elements.push({ group: "edges", data: { id: `${sg.segId}-${mid}`, source: mid, target: sg.segId }, classes: "covers" });
  });
  for (const tie of ties) {
    const a = field(tie, "aId", "a", "source", "from"); const b = field(tie, "bId", "b", "target", "to");
    const aid = typeof a === "object" ? a?.id : a; const bid = typeof b === "object" ? b?.id : b;
    if (!ids.has(aid) || !ids.has(bid)) continue;
    const strength = asNumber(field(tie, "strength", "weight")) ?? 0.5;
    elements.push({ group: "edges", data: { id: `tie-${aid}-${bid}`, source: aid, target: bid, width: 1.5 + 4 * Math.min(1, strength),
      bend: (members.findIndex((m) => m.id === aid) < members.findIndex((m) => m.id === bid) ? -1 : 1) * 45 }, classes: "tie same-column" });
  }
  box.style.height = `${Math.max(200, span * ROW + 80)}px`;
  const cy = makeGraph(box, elements, { zoom: false });
  cy.on("tap", "node.org", (ev) => { window.location.hash = `#/org/${encodeURIComponent(ev.target.id())}`; });
  fitSoon(cy, 24);
}

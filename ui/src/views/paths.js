// Path view: two ends picked with `search`, the k shortest collaboration paths with their evidence patents.
import { gql, has, fieldType, selectionFor, callField, isSchemaMismatch } from "../api.js";
import { t, tieLabel, count, score, placeLabel } from "../i18n.js";
import { h, clear, select, errorBox, message, orgLink, kindBadge, debounce } from "../dom.js";
import { makeGraph, fitSoon, KIND_COLOURS } from "../graphs.js";
import { field, firstObjectList, asNumber } from "../report.js";
import { resolve, remember, cached } from "../resolve.js";

const SEARCH = `query UiSearch($text: String!) { search(text: $text, first: 10) { kind score node {
  __typename
  ... on Organization { id name kind country city cityZh province provinceZh region regionZh aliases }
  ... on Inventor { id name country city cityZh province provinceZh regionZh }
} } }`;

const PATHS = `query UiPaths($fromId: ID!, $toId: ID!, $maxHops: Int!, $k: Int!, $via: [String!]) {
  collaborationPaths(fromId: $fromId, toId: $toId, maxHops: $maxHops, k: $k, via: $via) {
    distance hopCount nodeIds
    nodes { id type name kind city province }
    hops { source target type length count otherTypes
      evidence { patentId citedPatentId year patent { id number title year applicationDate } } }
  }
}`;

const state = { from: null, to: null, maxHops: 4, k: 3, via: "" };
const TIE_TYPES = ["co_applicant", "co_inventor", "affiliation", "citation"];

export function searchBox(testid, placeholder, onPick, initial, kinds = ["organization", "inventor"]) {
  const input = h("input", { type: "search", placeholder, autocomplete: "off", "data-testid": `${testid}-input`, value: initial?.name || "" });
  const list = h("ul", { class: "suggestions", "data-testid": `${testid}-results`, hidden: true });
  const chosen = h("div", { class: "chosen muted", "data-testid": `${testid}-chosen` }, initial ? initial.name : "");
  const run = debounce(async () => {
    const text = input.value.trim();
    if (!text) { list.hidden = true; return; }
    try {
      const data = await gql(SEARCH, { text });
      const hits = data.search.filter((x) => kinds.includes(x.kind));
      clear(list, hits.length ? hits.map((hit) => {
        const n = hit.node; remember(n);
        return h("li", { tabindex: 0, "data-id": n.id, onclick: () => choose(n), onkeydown: (e) => { if (e.key === "Enter") choose(n); } },
          n.name, " ", hit.kind === "inventor" ? h("span", { class: "badge" }, t("inventor")) : kindBadge(n.kind),
          h("span", { class: "muted" }, ` ${placeLabel(n)}`));
      }) : h("li", { class: "muted" }, t("notFound")));
      list.hidden = false;
    } catch (err) { clear(list, h("li", {}, errorBox(err))); list.hidden = false; }
  }, 250);
  function choose(n) {
    input.value = n.name; list.hidden = true;
    if (testid !== "global") clear(chosen, n.name, " ", h("code", {}, n.id));
    onPick(n);
  }
  input.addEventListener("input", run);
  input.addEventListener("keydown", (e) => { if (e.key === "Escape") list.hidden = true; });
  return h("div", { class: `search-box search-${testid}` }, input, list, testid === "global" ? "" : chosen);
}

export async function render(root) {
  if (!has("collaborationPaths")) { clear(root, message("info", t("pathsMissing"))); return; }
  const out = h("div", { class: "paths", "data-testid": "paths" });
  const hopsSel = select([1, 2, 3, 4, 5, 6].map((n) => ({ value: n, label: String(n) })), state.maxHops, { "data-testid": "max-hops" });
  const kSel = select([1, 2, 3, 5, 10].map((n) => ({ value: n, label: String(n) })), state.k, { "data-testid": "k-select" });
  const viaSel = select([{ value: "", label: t("anyTie") }, ...TIE_TYPES.map((v) => ({ value: v, label: tieLabel(v) }))], state.via, { "data-testid": "via-select" });
  const go = h("button", { type: "submit", "data-testid": "paths-find" }, t("find"));
  const form = h("form", { class: "toolbar wrap" },
    h("label", { class: "grow" }, t("from"), searchBox("from", t("searchOrg"), (n) => { state.from = n; hint(out); }, state.from)),
    h("label", { class: "grow" }, t("to"), searchBox("to", t("searchOrg"), (n) => { state.to = n; hint(out); }, state.to)),
    h("label", {}, t("maxHops"), " ", hopsSel), h("label", {}, t("k"), " ", kSel), h("label", {}, t("via"), " ", viaSel), go);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    state.maxHops = Number(hopsSel.value); state.k = Number(kSel.value); state.via = viaSel.value;
    run(out);
  });
  clear(root, form, out);
  if (state.from && state.to) run(out);
  else hint(out);
}

// before a search the view says how to use it (and which end is still missing)
function hint(out) {
  if (out.dataset.count !== undefined) return; // a result is shown: keep it until the next search
  const text = state.from && !state.to ? t("pathsHintFrom") : state.to && !state.from ? t("pathsHintTo") : t("pathsHint");
  clear(out, h("div", { class: "message info hint", "data-testid": "paths-hint" }, text));
}

function nodeId(n) { return typeof n === "string" ? n : n?.id; }

function evidenceIds(hop) {
  const items = field(hop, "evidence", "patents") || [];
  return items.map((e) => (typeof e === "string" ? e : field(e, "patentId") ?? field(field(e, "patent") || {}, "id") ?? e.id)).filter(Boolean);
}

async function run(out) {
  delete out.dataset.count;
  if (!state.from || !state.to) { hint(out); return; }
  clear(out, message("info", t("loading")));
  let paths;
  const vars = { fromId: state.from.id, toId: state.to.id, maxHops: state.maxHops, k: state.k, via: state.via ? [state.via] : null };
  try {
    let result;
    try {
      result = (await gql(PATHS, vars)).collaborationPaths;
    } catch (err) {
      if (!isSchemaMismatch(err)) throw err;
      // the server's path type differs from the one this page was written for: read what it has
      const type = await fieldType("Query", "collaborationPaths");
      result = await callField("collaborationPaths", vars, await selectionFor(type?.name || "CollaborationPath", 4));
    }
    paths = firstObjectList(result, ["paths", "nodes", "items"]);
  } catch (err) { clear(out, errorBox(err)); return; }
  if (!paths.length) { clear(out, message("info", t("noPaths"))); out.dataset.count = "0"; return; }

  // nodes of each path in order, and names for everything
  const normalised = paths.map((p) => {
    const hops = field(p, "hops", "steps") || [];
    let nodes = (field(p, "nodes", "path", "nodeIds") || []).map((n) => (typeof n === "object" && n ? (remember(n), n.id) : n));
    if (!nodes.length && hops.length) nodes = [nodeId(field(hops[0], "source", "from")), ...hops.map((x) => nodeId(field(x, "target", "to")))];
    return { nodes, hops, distance: asNumber(field(p, "distance", "length", "cost")) };
  });
  for (const p of normalised) for (const hop of p.hops) for (const k of ["source", "target"]) { const v = field(hop, k); if (typeof v === "object") remember(v); }
  const allIds = normalised.flatMap((p) => [...p.nodes, ...p.hops.flatMap(evidenceIds)]);
  for (const p of normalised) for (const hop of p.hops) for (const e of field(hop, "evidence", "patents") || []) { if (typeof e === "object") remember(field(e, "patent") || e); }
  await resolve(allIds.filter((id) => !cached(id)?.name && !cached(id)?.title)).catch(() => null);

  const graphBox = h("div", { class: "graph path-graph", "data-testid": "path-graph" });
  clear(out, graphBox, normalised.map((p, i) => pathCard(p, i)));
  out.dataset.count = String(normalised.length);
  requestAnimationFrame(() => drawPaths(graphBox, normalised));
}

function label(id) { const n = cached(id); return n?.name || n?.title || id; }

function pathCard(p, i) {
  return h("section", { class: "card path", "data-testid": "path" },
    h("header", {}, h("strong", {}, `#${i + 1}`), ` · ${count(p.hops.length || p.nodes.length - 1, "hop")} · ${t("distance")} ${score(p.distance)}`),
    h("ol", { class: "hops" }, p.hops.map((hop, j) => {
      const src = nodeId(field(hop, "source", "from")) ?? p.nodes[j];
      const dst = nodeId(field(hop, "target", "to")) ?? p.nodes[j + 1];
      const ev = evidenceIds(hop);
      return h("li", {},
        link(src), h("span", { class: "hop-type" }, ` —${tieLabel(field(hop, "type", "tieType") || "")}${field(hop, "count") ? ` ×${field(hop, "count")}` : ""}→ `), link(dst),
        ev.length ? h("ul", { class: "evidence", "data-testid": "evidence" }, ev.map((pid) => {
          const pat = cached(pid) || { id: pid };
          return h("li", {}, h("span", { class: "muted" }, `${pat.number || pid} · ${pat.year ?? pat.applicationDate ?? ""} `), pat.title || "");
        })) : "");
    })));
}

function link(id) {
  const n = cached(id) || { id };
  return String(id).startsWith("org:") ? orgLink({ id, name: n.name || id }) : h("span", { class: "person" }, n.name || id);
}

function drawPaths(box, paths) {
  const elements = [];
  const seen = new Map();
  const xStep = 190, yStep = 90;
  // one row per path with nodes between the ends; a direct tie (1 hop) runs above them all, so its
  // edge and label never cross another path's node
  const rows = new Map();
  paths.forEach((p, i) => { if (p.nodes.length > 2) rows.set(i, rows.size); });
  const direct = paths.some((p) => p.nodes.length <= 2);
  const endY = direct ? -yStep : ((rows.size - 1) / 2) * yStep;
  paths.forEach((p, row) => {
    p.nodes.forEach((id, col) => {
      // the two ends are shared by every path; the nodes between are drawn once per path row
      const nid = col === 0 || col === p.nodes.length - 1 ? id : `${row}:${id}`;
      if (!seen.has(nid)) {
        const n = cached(id) || {};
        const isOrg = String(id).startsWith("org:");
        const maxCols = Math.max(...paths.map((q) => q.nodes.length));
        const x = col === p.nodes.length - 1 ? (maxCols - 1) * xStep : col * xStep;
        const y = col === 0 || col === p.nodes.length - 1 ? endY : rows.get(row) * yStep;
        seen.set(nid, true);
        elements.push({ group: "nodes", data: { id: nid, ref: id, label: n.name || id, colour: isOrg ? KIND_COLOURS[n.kind] || KIND_COLOURS.other : "#f1c40f" },
          position: { x, y }, classes: isOrg ? "org" : "person" });
      }
    });
    p.nodes.slice(1).forEach((id, j) => {
      const a = j === 0 ? p.nodes[0] : `${row}:${p.nodes[j]}`;
      const b = j + 1 === p.nodes.length - 1 ? id : `${row}:${id}`;
      const hop = p.hops[j] || {};
      elements.push({ group: "edges", data: { id: `e${row}-${j}`, source: a, target: b, label: `${tieLabel(field(hop, "type") || "")} ${field(hop, "count") ?? ""}`.trim() }, classes: "hop" });
    });
  });
  const cy = makeGraph(box, elements);
  cy.on("tap", "node.org", (ev) => { window.location.hash = `#/org/${encodeURIComponent(ev.target.data("ref"))}`; });
  box.dataset.nodes = String(cy.nodes().length);
  fitSoon(cy, 30);
}

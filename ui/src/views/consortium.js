// Consortium view: ranked candidate consortia for a chain and region; each with its members x segments
// coverage matrix (evidence patents on click), its existing ties and its score parts.
import { gql, has, fieldType, selectionFor, callField, isSchemaMismatch } from "../api.js";
import { t, pick, partLabel, score, placeLabel } from "../i18n.js";
import { h, clear, select, errorBox, message, orgLink, kindBadge } from "../dom.js";
import { chainOptions, regionOptions } from "./chain.js";
import { field, firstObjectList, asNumber } from "../report.js";
import { resolve, remember } from "../resolve.js";
import { coverageColumns, coverageMatrix } from "./coverage.js";

const state = { chainId: null, region: "Jiangsu", size: 4 };
const CANDIDATES = `query UiConsortia($chainId: ID!, $region: String, $size: Int, $limit: Int!) {
  consortiumCandidates(chainId: $chainId, region: $region, size: $size, limit: $limit) {
    rank total anchorId community
    parts { name value weight contribution }
    members { organizationId capacity organization { id name kind country city cityZh province provinceZh region regionZh } }
    coverage { segmentId segmentKey segmentName covered memberIds evidence { organizationId patentCount patentIds }
      segment { id key nameZh nameEn position } }
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
  const scored = field(c, "score") && typeof field(c, "score") === "object" ? field(c, "score") : c;
  const total = asNumber(field(c, "total", "totalScore")) ?? asNumber(field(scored, "total")) ?? asNumber(field(c, "score"));
  const rank = field(c, "rank") ?? index + 1;
  const members = (field(c, "members", "organizations") || []).map(memberObj).map((m) => ({ ...(names.get(m.id) || {}), ...m }));
  const parts = normaliseParts(field(c, "parts", "scoreParts") ?? field(scored, "parts", "scoreParts"))
    .sort((a, b) => (PART_ORDER.indexOf(a.name) + 99) % 99 - (PART_ORDER.indexOf(b.name) + 99) % 99);
  const coverage = field(c, "coverage", "segments") ?? field(scored, "coverage", "segments") ?? [];
  const uncovered = field(c, "uncoveredSegments", "uncovered") ?? field(scored, "uncoveredSegments", "uncovered") ?? [];
  const ties = field(c, "ties") ?? field(scored, "ties") ?? [];

  const columns = coverageColumns(coverage, segNames);
  const uncoveredNames = uncovered.map((u) => pick(typeof u === "string" ? segNames.get(u) || { id: u } : u));
  return h("section", { class: "card candidate", "data-testid": "candidate", dataset: { rank: String(rank) } },
    h("header", {}, h("span", { class: "rank" }, `#${rank}`), " ", h("strong", {}, `${t("total")} ${score(total)}`),
      h("span", { class: "muted" }, ` · ${t("covers")} ${columns.filter((c) => c.covered).length}/${columns.length} ${t("segmentsOf")}`)),
    coverageMatrix(members, columns, ties),
    h("div", { class: "card-body" },
      h("div", { class: "card-side" },
        h("h4", {}, t("parts")),
        h("div", { class: "parts", "data-testid": "score-parts" }, parts.map((p) => h("div", { class: "part" },
          h("span", { class: "part-name" }, partLabel(p.name)),
          h("span", { class: "bar" }, h("span", { style: { width: `${Math.round(100 * Math.max(0, Math.min(1, p.value ?? 0)))}%` } })),
          h("span", { class: "part-value" }, score(p.value), p.weight !== null ? h("span", { class: "muted" }, ` ×${score(p.weight)}`) : ""))))),
      h("div", { class: "card-side" },
        h("h4", {}, t("members")),
        h("ul", { class: "members" }, members.map((m) => h("li", {}, orgLink({ id: m.id, name: m.name || m.id }), " ", kindBadge(m.kind),
          placeLabel(m) ? h("span", { class: "muted" }, ` ${placeLabel(m)}`) : "",
          m.capacity !== undefined && m.capacity !== null ? h("span", { class: "muted" }, ` · ${partLabel("capacity")} ${score(m.capacity)}`) : ""))),
        uncoveredNames.length ? h("p", { class: "muted", "data-testid": "uncovered" }, `${t("uncovered")}: ${uncoveredNames.join(t("listSeparator"))}`) : "")));
}


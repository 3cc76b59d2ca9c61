// A candidate consortium's coverage of its chain as a members x segments matrix: one row per member,
// one column per segment in chain order (grouped upstream -> downstream), each cell the member's
// patents in the segment; a click on a cell lists those patents (the evidence).
import { gql } from "../api.js";
import { t, pick, count, patentTypeLabel, placeLabel } from "../i18n.js";
import { h, clear, errorBox, message, orgLink, kindBadge, countColour } from "../dom.js";
import { field, asNumber } from "../report.js";

const EVIDENCE = `query UiCoverageEvidence($org: ID!, $seg: ID!) {
  patents(filter: {organizationId: $org, segmentId: $seg}, first: 10) {
    totalCount nodes { id number title year type }
  }
}`;
const POSITIONS = ["upstream", "midstream", "downstream"];

// coverage entries of the API -> [{id, name, position, covered, counts: Map(member -> n), evidence: Map(member -> ids)}],
// upstream first, then midstream, downstream (chain order within each)
export function coverageColumns(coverage, segNames) {
  const rank = (c) => (POSITIONS.includes(c.position) ? POSITIONS.indexOf(c.position) : POSITIONS.length);
  return coverage.map((cov, i) => {
    const seg = field(cov, "segment") || {};
    const id = field(cov, "segmentId") ?? field(seg, "id") ?? `segment-${i}`;
    const known = segNames.get(id) || segNames.get(field(cov, "segmentKey")) || {};
    const named = seg.nameZh || seg.nameEn ? seg : known;
    const counts = new Map();
    const evidence = new Map();
    for (const ev of field(cov, "evidence") || []) {
      const org = field(ev, "organizationId") ?? field(field(ev, "organization") || {}, "id");
      const ids = field(ev, "patentIds") || [];
      counts.set(org, asNumber(field(ev, "patentCount")) ?? ids.length);
      evidence.set(org, ids);
    }
    for (const m of field(cov, "memberIds") || []) if (!counts.has(m)) counts.set(m, null); // covered, count unknown
    return { id, name: pick(named) || field(cov, "segmentName", "segmentKey") || id,
      position: named.position || known.position || "other", covered: field(cov, "covered") ?? counts.size > 0, counts, evidence, order: i };
  }).sort((a, b) => rank(a) - rank(b) || a.order - b.order);
}

// cell colour on a log scale: one member's 300 patents must not wash out another's 5
function shade(n, max) {
  return countColour(Math.log1p(n), Math.log1p(max));
}

export function coverageMatrix(members, columns, ties) {
  const max = Math.max(1, ...columns.flatMap((c) => [...c.counts.values()].filter((v) => v !== null)));
  const evidenceBox = h("div", { class: "evidence-panel", "data-testid": "coverage-evidence" }, message("info", t("clickCell")));
  const groups = [];
  for (const col of columns) {
    const last = groups[groups.length - 1];
    if (last && last.position === col.position) last.span += 1;
    else groups.push({ position: col.position, span: 1 });
  }
  const cells = [];
  const table = h("table", { class: "coverage", "data-testid": "coverage-matrix" },
    h("thead", {},
      h("tr", {}, h("th", { class: "corner", rowspan: 2 }, t("members")),
        groups.map((g) => h("th", { colspan: g.span, class: `position pos-${g.position}` }, t(POSITIONS.includes(g.position) ? g.position : "other")))),
      h("tr", {}, columns.map((c) => h("th", { class: `segment-head${c.covered ? "" : " uncovered"}`, "data-testid": "coverage-segment",
        dataset: { segmentId: c.id }, title: c.covered ? c.name : `${c.name} · ${t("uncovered")}` }, h("span", {}, c.name))))),
    h("tbody", {}, members.map((m) => h("tr", { dataset: { orgId: m.id } },
      h("th", { class: "member", scope: "row" }, orgLink({ id: m.id, name: m.name || m.id }), " ", kindBadge(m.kind),
        h("div", { class: "muted" }, placeLabel(m.organization || m))),
      columns.map((c) => {
        const n = c.counts.has(m.id) ? c.counts.get(m.id) : 0;
        if (!n && n !== null) return h("td", { class: c.covered ? "empty" : "empty uncovered" }, "");
        const cell = h("td", { class: "cell" }, h("button", {
          type: "button", "data-testid": "coverage-cell", dataset: { orgId: m.id, segmentId: c.id, count: String(n ?? "") },
          style: { background: shade(n ?? 1, max), color: Math.log1p(n ?? 1) / Math.log1p(max) > 0.55 ? "#fff" : "#1d2733" },
          title: `${m.name || m.id} · ${c.name}: ${n === null ? "" : count(n, "patent")}`,
          onclick: () => { cells.forEach((x) => x.classList.remove("chosen-cell")); cell.classList.add("chosen-cell");
            showEvidence(evidenceBox, m, c, n); },
        }, n === null ? "✓" : n.toLocaleString("en-US")));
        cells.push(cell);
        return cell;
      })))));
  const byId = new Map(members.map((m) => [m.id, m]));
  const tieList = ties.map((tie) => {
    const a = byId.get(field(tie, "aId")); const b = byId.get(field(tie, "bId"));
    if (!a || !b) return null;
    const parts = [["coApplications", "coApplication"], ["sharedInventors", "sharedInventor"], ["citations", "citation"]]
      .map(([k, unit]) => [asNumber(field(tie, k)) ?? 0, unit]).filter(([v]) => v > 0).map(([v, unit]) => count(v, unit));
    return h("li", {}, orgLink(a), " — ", orgLink(b), h("span", { class: "muted" }, `: ${parts.join(" · ")}`));
  }).filter(Boolean);
  return h("div", { class: "coverage-block" },
    h("div", { class: "matrix-scroll" }, table),
    h("div", { class: "coverage-foot" }, evidenceBox,
      h("div", { class: "ties" }, h("h4", {}, t("existingTies")),
        tieList.length ? h("ul", { class: "tie-list", "data-testid": "ties" }, tieList) : h("p", { class: "muted" }, t("noTies")))));
}

async function showEvidence(box, member, column, n) {
  clear(box, h("h4", {}, `${member.name || member.id} · ${column.name}`), message("info", t("loading")));
  try {
    const page = (await gql(EVIDENCE, { org: member.id, seg: column.id })).patents;
    clear(box, h("h4", { "data-testid": "evidence-title" }, `${member.name || member.id} · ${column.name}: ${count(page.totalCount, "patent")}`),
      h("ul", { class: "patent-list", "data-testid": "evidence-patents" }, page.nodes.map((p) => h("li", { dataset: { patentId: p.id } },
        h("span", { class: "muted" }, `${p.number || p.id} · ${p.year ?? "–"} · ${patentTypeLabel(p.type)} `), p.title || ""))),
      page.totalCount > page.nodes.length ? h("p", { class: "muted" }, `${t("newestShown")} ${count(page.nodes.length, "patent")}`) : "");
  } catch (err) { clear(box, errorBox(err)); }
  box.dataset.orgId = member.id;
  box.dataset.segmentId = column.id;
  box.dataset.count = String(n ?? "");
}

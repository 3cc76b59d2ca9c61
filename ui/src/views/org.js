// Organisation page: aliases, kind, region, patents, partners (reached by clicking an organisation anywhere).
import { gql } from "../api.js";
import { t, kindLabel, count, patentTypeLabel, placeLabel, countryLabel, pick } from "../i18n.js";
import { h, clear, errorBox, message, orgLink, kindBadge, figures, table } from "../dom.js";
import { makeGraph, fitSoon, KIND_COLOURS } from "../graphs.js";
import { fanPositions, hideOverlappingLabels } from "../labels.js";

const ORG = `query UiOrganization($id: ID!, $after: String, $partners: Int! = 20) { organization(id: $id) {
  id name nameNorm aliases kind country province provinceZh city cityZh region regionZh patentCount
  patents(first: 20, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { id number title year type mainIpc segments { id nameZh nameEn } } }
  partners(first: $partners) { sharedPatents organization { id name kind country region regionZh } }
} }`;
const PARTNERS = 20; // partners(first:) asked for: when that many come back there may be more
const EGO_PARTNERS = 20;

function partnersHeading(n) {
  return n >= PARTNERS ? `${t("partners")} (${t("topPartners").replace("{n}", n)})` : `${t("partners")} (${count(n, "partner")})`;
}

export async function render(root, id) {
  clear(root, message("info", t("loading")));
  let org;
  try { org = (await gql(ORG, { id })).organization; } catch (err) { clear(root, errorBox(err)); return; }
  if (!org) { clear(root, message("info", t("notFound"))); return; }
  const patentsBody = h("div", {});
  const graphBox = h("div", { class: "graph ego-graph", "data-testid": "partner-graph" });
  clear(root,
    h("article", { class: "org-page", "data-testid": "org-page", dataset: { orgId: org.id } },
      h("h2", { "data-testid": "org-name" }, org.name || org.id, " ", kindBadge(org.kind)),
      h("div", { class: "org-head" },
        figures([
          [t("aliases"), h("span", { "data-testid": "org-aliases" }, (org.aliases || []).join(" · ") || "–")],
          [t("kind"), kindLabel(org.kind)],
          [t("region"), h("span", { "data-testid": "org-region" }, placeLabel(org) || "–")],
          [t("city"), h("span", { "data-testid": "org-city" }, placeLabel(org, "city") || "–")],
          [t("province"), h("span", { "data-testid": "org-province" }, placeLabel(org, "province") || "–")],
          [t("country"), countryLabel(org.country) || "–"],
          [t("patentCount"), org.patentCount ?? org.patents.totalCount],
          ["id", h("code", {}, org.id)],
        ]),
        h("section", { class: "partner-graph-wrap" }, h("h3", {}, partnersHeading(org.partners.length)),
          org.partners.length ? graphBox : message("info", t("noPartners")))),
      h("div", { class: "split" },
        h("section", { class: "grow" }, h("h3", {}, `${t("patents")} (${org.patents.totalCount.toLocaleString("en-US")})`), patentsBody),
        h("section", { class: "side-panel partners-panel" }, h("h3", {}, t("partners")),
          h("ul", { class: "partners", "data-testid": "partners" }, org.partners.map((p) =>
            h("li", {}, orgLink(p.organization), " ", kindBadge(p.organization.kind),
              h("span", { class: "muted" }, ` ${placeLabel(p.organization)} · ${count(p.sharedPatents, "sharedPatent")}`))))))));
  showPatents(patentsBody, org, id);
  if (org.partners.length) requestAnimationFrame(() => drawEgo(graphBox, org));
}

function showPatents(box, org, id) {
  const rows = [...org.patents.nodes];
  const render = (page) => {
    const more = page.pageInfo.hasNextPage ? h("button", { type: "button", onclick: async () => {
      try {
        const next = (await gql(ORG, { id, after: page.pageInfo.endCursor })).organization.patents;
        rows.push(...next.nodes); render(next);
      } catch (err) { box.append(errorBox(err)); }
    } }, t("more")) : "";
    clear(box, table([
      { label: t("number"), key: "number" }, { label: t("year"), key: "year", render: (r) => (r.year ?? "–") }, { label: t("titleCol"), key: "title" },
      { label: t("type"), key: "type", render: (r) => patentTypeLabel(r.type) }, { label: t("ipc"), key: "mainIpc" },
      { label: t("segments"), key: "segments", render: (r) => (r.segments || []).map((s) => pick(s)).join(", ") || "–" },
    ], rows, { class: "patents", "data-testid": "org-patents" }), more);
  };
  render(org.patents);
}

// The organisation in the middle, its partners fanned out in two columns (the strongest first, right
// then left), each label outside its node; a label that would still overlap another is left to the
// hover tooltip (the list below names every partner).
function drawEgo(box, org) {
  const partners = org.partners.slice(0, EGO_PARTNERS);
  const max = Math.max(1, ...partners.map((p) => p.sharedPatents));
  const ring = fanPositions(partners.length);
  const elements = [{ group: "nodes", data: { id: org.id, label: org.name, colour: KIND_COLOURS[org.kind] || KIND_COLOURS.other, rank: -1 },
    position: { x: 0, y: 0 }, classes: "org ego label-bottom" }];
  partners.forEach((p, i) => {
    const o = p.organization;
    elements.push({ group: "nodes", data: { id: o.id, label: o.name, colour: KIND_COLOURS[o.kind] || KIND_COLOURS.other, rank: i,
      shared: p.sharedPatents }, position: ring[i].position, classes: `org fan ${ring[i].side}` });
    elements.push({ group: "edges", data: { id: `p-${o.id}`, source: org.id, target: o.id, width: 1 + 5 * p.sharedPatents / max }, classes: "tie" });
  });
  box.style.height = `${Math.max(200, 90 + Math.ceil(partners.length / 2) * 30)}px`;
  const cy = makeGraph(box, elements);
  const tooltip = document.getElementById("tooltip");
  cy.on("mouseover", "node.fan", (ev) => {
    clear(tooltip, h("strong", {}, ev.target.data("label")), h("br"), count(ev.target.data("shared"), "sharedPatent"));
    tooltip.hidden = false;
  });
  cy.on("mousemove", "node.fan", (ev) => {
    tooltip.style.left = `${ev.originalEvent.clientX + 14}px`;
    tooltip.style.top = `${ev.originalEvent.clientY + 14}px`;
  });
  cy.on("mouseout", "node.fan", () => { tooltip.hidden = true; });
  cy.on("tap", "node.org", (ev) => { if (ev.target.id() !== org.id) window.location.hash = `#/org/${encodeURIComponent(ev.target.id())}`; });
  fitSoon(cy, 16, 1, () => hideOverlappingLabels(cy));
}

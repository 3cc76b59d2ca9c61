// Organisation page: aliases, kind, region, patents, partners (reached by clicking an organisation anywhere).
import { gql } from "../api.js";
import { t, kindLabel } from "../i18n.js";
import { h, clear, fmt, errorBox, message, orgLink, kindBadge, figures, table } from "../dom.js";
import { makeGraph, fitSoon, KIND_COLOURS } from "../graphs.js";

const ORG = `query UiOrganization($id: ID!, $after: String) { organization(id: $id) {
  id name nameNorm aliases kind country province city region patentCount
  patents(first: 20, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    nodes { id number title year type mainIpc segments { id nameZh nameEn } } }
  partners(first: 20) { sharedPatents organization { id name kind region } }
} }`;

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
      figures([
        [t("aliases"), h("span", { "data-testid": "org-aliases" }, (org.aliases || []).join(" · ") || "–")],
        [t("kind"), kindLabel(org.kind)],
        [t("region"), org.region],
        [t("city"), org.city], [t("province"), org.province], [t("country"), org.country],
        [t("patentCount"), org.patentCount ?? org.patents.totalCount],
        ["id", h("code", {}, org.id)],
      ]),
      h("div", { class: "split" },
        h("section", { class: "grow" }, h("h3", {}, `${t("patents")} (${fmt(org.patents.totalCount)})`), patentsBody),
        h("section", { class: "side-panel" }, h("h3", {}, t("partners")), graphBox,
          h("ul", { class: "partners", "data-testid": "partners" }, org.partners.map((p) =>
            h("li", {}, orgLink(p.organization), " ", kindBadge(p.organization.kind), h("span", { class: "muted" }, ` ${p.sharedPatents} ${t("sharedPatents")}`))))))));
  showPatents(patentsBody, org, id);
  requestAnimationFrame(() => drawEgo(graphBox, org));
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
      { label: t("type"), key: "type" }, { label: t("ipc"), key: "mainIpc" },
    ], rows, { class: "patents", "data-testid": "org-patents" }), more);
  };
  render(org.patents);
}

function drawEgo(box, org) {
  const elements = [{ group: "nodes", data: { id: org.id, label: org.name, colour: KIND_COLOURS[org.kind] || KIND_COLOURS.other }, classes: "org" }];
  const max = Math.max(1, ...org.partners.map((p) => p.sharedPatents));
  for (const p of org.partners.slice(0, 15)) {
    const o = p.organization;
    elements.push({ group: "nodes", data: { id: o.id, label: o.name, colour: KIND_COLOURS[o.kind] || KIND_COLOURS.other }, classes: "org" });
    elements.push({ group: "edges", data: { id: `p-${o.id}`, source: org.id, target: o.id, width: 1 + 5 * p.sharedPatents / max }, classes: "tie" });
  }
  const cy = makeGraph(box, elements, { layout: { name: "concentric", concentric: (n) => (n.id() === org.id ? 2 : 1), levelWidth: () => 1, animate: false, minNodeSpacing: 40 } });
  cy.on("tap", "node.org", (ev) => { if (ev.target.id() !== org.id) window.location.hash = `#/org/${encodeURIComponent(ev.target.id())}`; });
  fitSoon(cy, 20);
}

// Cytoscape.js set-up shared by the views.
import cytoscape from "cytoscape";

export const KIND_COLOURS = {
  firm: "#2f7ed8", university: "#8e44ad", research_institute: "#16a085", government: "#7f8c8d",
  hospital: "#c0392b", individual: "#d35400", other: "#95a5a6",
};

export const BASE_STYLE = [
  { selector: "node", style: {
    label: "data(label)", "font-size": 12, "text-wrap": "wrap", "text-max-width": 140, color: "#1d2733",
    "text-valign": "center", "text-halign": "center", "background-color": "data(colour)", "border-width": 1,
    "border-color": "#44505c", "font-family": "system-ui, 'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', sans-serif",
  } },
  { selector: "node.segment", style: { color: "data(text)", shape: "round-rectangle", width: 150, height: 54, "text-max-width": 140 } },
  { selector: "node.org", style: { shape: "ellipse", width: 34, height: 34, "text-valign": "bottom", "text-margin-y": 4, "font-size": 11 } },
  { selector: "node.left-label", style: { "text-valign": "center", "text-halign": "left", "text-margin-x": -6, "text-margin-y": 0, "text-max-width": 220 } },
  { selector: "node.person", style: { shape: "diamond", width: 30, height: 30, "text-valign": "bottom", "text-margin-y": 4, "font-size": 11 } },
  { selector: "node.small-segment", style: { shape: "round-rectangle", width: 110, height: 30, "font-size": 10, "text-max-width": 104 } },
  { selector: "node.column", style: { "background-opacity": 0.04, "border-width": 0, label: "data(label)", "text-valign": "top",
    "text-halign": "center", "font-size": 14, "font-weight": 600, color: "#56616d", shape: "round-rectangle" } },
  { selector: "node.ego", style: { width: 44, height: 44, "font-weight": 600, "text-max-width": 200 } },
  { selector: "node.fan", style: { width: 18, height: 18, "text-wrap": "ellipsis", "text-max-width": 230 } },
  { selector: "node.label-right", style: { "text-halign": "right", "text-valign": "center", "text-margin-x": 6, "text-margin-y": 0 } },
  { selector: "node.label-left", style: { "text-halign": "left", "text-valign": "center", "text-margin-x": -6, "text-margin-y": 0 } },
  { selector: "node.label-top", style: { "text-halign": "center", "text-valign": "top", "text-margin-y": -4 } },
  { selector: "node.label-bottom", style: { "text-halign": "center", "text-valign": "bottom", "text-margin-y": 4 } },
  { selector: "node.label-hidden", style: { label: "" } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#f39c12" } },
  { selector: "node.hover", style: { "border-width": 3, "border-color": "#34495e" } },
  { selector: "edge", style: { width: 2, "line-color": "#8795a1", "target-arrow-color": "#8795a1", "curve-style": "bezier",
    "font-size": 10, color: "#3c4650", "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 2 } },
  { selector: "edge.feeds", style: { "target-arrow-shape": "triangle", width: 2.5 } },
  { selector: "edge.same-column", style: { "curve-style": "unbundled-bezier", "control-point-distances": "data(bend)",
    "control-point-weights": 0.5, "source-endpoint": "90deg", "target-endpoint": "90deg" } },
  { selector: "edge.covers", style: { "line-style": "dotted", "line-color": "#b0bac4", width: 1.5 } },
  { selector: "edge.tie", style: { "line-color": "#2c3e50", width: "data(width)" } },
  { selector: "edge.hop", style: { label: "data(label)", width: 3, "line-color": "#e67e22", "target-arrow-shape": "none" } },
];

export function makeGraph(container, elements, { layout = { name: "preset" }, zoom = true } = {}) {
  const cy = cytoscape({
    container, elements, style: BASE_STYLE, layout,
    wheelSensitivity: 0.3, userZoomingEnabled: zoom, boxSelectionEnabled: false, autoungrabify: false,
    minZoom: 0.2, maxZoom: 3,
  });
  // the test suite and curious users can reach the instance
  container.__cy = cy;
  return cy;
}

// fit the graph to its box on the next frame (once the box has its size); `before` runs first
// (e.g. hiding labels, which changes the graph's extent)
export function fitSoon(cy, padding = 20, maxZoom = 1.25, before = null) {
  requestAnimationFrame(() => {
    cy.resize();
    if (before) before(cy);
    cy.fit(undefined, padding);
    if (cy.zoom() > maxZoom) { cy.zoom(maxZoom); cy.center(); }
    cy.container().dataset.ready = "yes";
  });
}

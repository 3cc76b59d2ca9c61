// Readable labels in small graphs: nodes fanned out in two columns with their labels outside, and
// labels that would still overlap another label or node hidden (the node keeps its hover tooltip).

// positions of n nodes fanned out from a centre node at (0, 0): the first half in a column on the
// right, the rest on the left, one label height apart, each with its label outside (class label-right
// or label-left), so no two labels can overlap however long the names are
export function fanPositions(n, { dx = 230, dy = 30 } = {}) {
  const right = Math.ceil(n / 2);
  return Array.from({ length: n }, (_, i) => {
    const onRight = i < right;
    const row = onRight ? i : i - right;
    const rows = onRight ? right : n - right;
    return { position: { x: onRight ? dx : -dx, y: (row - (rows - 1) / 2) * dy }, side: onRight ? "label-right" : "label-left" };
  });
}

function overlaps(a, b, gap = 2) {
  return a.x1 < b.x2 + gap && b.x1 < a.x2 + gap && a.y1 < b.y2 + gap && b.y1 < a.y2 + gap;
}

// Hide (class label-hidden) the label of every node whose label box would overlap a label already kept
// or another node, in the order of data("rank") (lowest first: the most important keep theirs).
export function hideOverlappingLabels(cy) {
  const nodes = cy.nodes().sort((a, b) => (a.data("rank") ?? 0) - (b.data("rank") ?? 0));
  const bodies = new Map(nodes.map((n) => [n.id(), n.boundingBox({ includeLabels: false, includeOverlays: false })]));
  const kept = [];
  let hidden = 0;
  nodes.forEach((n) => {
    n.removeClass("label-hidden");
    const box = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
    const clash = kept.some((k) => overlaps(k, box))
      || nodes.some((o) => o.id() !== n.id() && overlaps(bodies.get(o.id()), box, 0));
    if (clash) { n.addClass("label-hidden"); hidden += 1; } else kept.push(box);
  });
  return hidden;
}
